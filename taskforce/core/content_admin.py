"""The admin of every content model: its history (django-simple-history: who changed what,
when, with a diff, and a revert), the languages a text still lacks, and no publishing of a
page whose title or summary exists in one language only."""

from django import forms
from django.contrib import messages
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator
from simple_history.admin import SimpleHistoryAdmin

# Inside a sentence ("lacks its Spanish version"): Spanish writes them in lower case.
LANGUAGE_NAMES = {
    "en": pgettext_lazy("inside a sentence", "English"),
    "es": pgettext_lazy("inside a sentence", "Spanish"),
}


def missing_languages(instance):
    """{field label: [language names]} of the translated texts filled in one language only."""
    missing = {}
    fields = translator.get_options_for_model(type(instance)).get_field_names()
    for name in fields:
        values = {code: getattr(instance, f"{name}_{code}", "") or "" for code in LANGUAGE_NAMES}
        filled = {code for code, value in values.items() if str(value).strip()}
        if filled and len(filled) < len(values):
            label = capfirst(type(instance)._meta.get_field(name).verbose_name)
            missing[label] = [LANGUAGE_NAMES[code] for code in values if code not in filled]
    return missing


class ContentAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """`bilingual_to_publish`: the translated fields that must be filled in both languages,
    or in neither, before the row may be published (its `is_published`)."""

    bilingual_to_publish = ()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        required = self.bilingual_to_publish
        if not required:
            return form

        class BilingualBeforePublishing(form):
            def clean(self):
                cleaned = super().clean()
                if not cleaned.get("is_published"):
                    return cleaned
                for name in required:
                    values = [
                        (cleaned.get(f"{name}_{code}") or "").strip() for code in LANGUAGE_NAMES
                    ]
                    if any(values) and not all(values):
                        label = capfirst(self._meta.model._meta.get_field(name).verbose_name)
                        raise forms.ValidationError(
                            gettext(
                                "“%(field)s” is filled in one language only: write it in both "
                                "English and Spanish (or in neither) before publishing, or "
                                "leave the page unpublished."
                            )
                            % {"field": label}
                        )
                return cleaned

        return BilingualBeforePublishing

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            instance = self.get_object(request, object_id)
            if instance is not None:
                for label, languages in missing_languages(instance).items():
                    messages.warning(
                        request,
                        gettext("%(field)s still lacks its %(languages)s version.")
                        % {"field": label, "languages": ", ".join(map(str, languages))},
                    )
        return super().change_view(request, object_id, form_url, extra_context)
