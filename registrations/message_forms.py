from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import messaging
from .models import Message

# How many registrants the "preview as" list offers (the first of the audience).
PREVIEW_CHOICES = 300

PLACEHOLDER_HELP = _(
    "You may write {name} (the registrant's name), {event} (the event's title) and {link} "
    "(the registrant's private link); each registrant gets their own."
)


class MessageForm(forms.Form):
    """A message to one audience of an event's registrants. The audience's labels carry
    their counts; `preview_as` is a registrant of the chosen audience (the first when none
    is chosen, or when the one chosen is not in it)."""

    audience = forms.ChoiceField(label=_("Send to"), widget=forms.RadioSelect)
    subject_en = forms.CharField(label=_("Subject in English"), max_length=200)
    body_en = forms.CharField(
        label=_("Message in English"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=PLACEHOLDER_HELP,
    )
    subject_es = forms.CharField(label=_("Subject in Spanish"), max_length=200, required=False)
    body_es = forms.CharField(
        label=_("Message in Spanish"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Registrants who chose Spanish get the English subject and message while these "
            "two are empty."
        ),
    )
    # Not a ChoiceField: a registrant who left the audience is not an error (below).
    preview_as = forms.IntegerField(label=_("Preview as"), required=False, widget=forms.Select)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.now = timezone.now()
        self.counts = {
            value: event.registrations.audience(value, now=self.now).count()
            for value in Message.Audience.values
        }
        self.fields["audience"].choices = [
            (value, f"{label} ({self.counts[value]})") for value, label in Message.Audience.choices
        ]
        self.fields["audience"].initial = Message.Audience.CONFIRMED
        chosen = self.data.get("audience") if self.is_bound else None
        if chosen not in Message.Audience.values:
            chosen = Message.Audience.CONFIRMED
        self.audience_members = event.registrations.audience(chosen, now=self.now).queue_order()
        self.fields["preview_as"].widget.choices = [("", _("The first of the audience"))] + [
            (registration.pk, f"{registration.full_name} ({registration.get_language_display()})")
            for registration in self.audience_members[:PREVIEW_CHOICES]
        ]

    @property
    def event_has_ended(self):
        return self.event.ends_at < self.now

    def _check_text(self, name):
        text = self.cleaned_data.get(name, "")
        if messaging.has_template_code(text):
            self.add_error(
                name,
                _(
                    "Template code such as {{ … }} or {% … %} is not used here. "
                    "Write {name}, {event} or {link} for what changes per registrant."
                ),
            )
        unknown = messaging.unknown_placeholders(text)
        if unknown:
            names = ", ".join(f"{{{name}}}" for name in unknown)
            self.add_error(
                name,
                ngettext(
                    "%(names)s is not a placeholder: use {name}, {event} or {link}.",
                    "%(names)s are not placeholders: use {name}, {event} or {link}.",
                    len(unknown),
                )
                % {"names": names},
            )

    def clean(self):
        cleaned = super().clean()
        for name in ("subject_en", "body_en", "subject_es", "body_es"):
            self._check_text(name)
        if bool(cleaned.get("subject_es", "").strip()) != bool(cleaned.get("body_es", "").strip()):
            raise ValidationError(
                _(
                    "Write both the Spanish subject and the Spanish message, or leave both "
                    "empty to send the English ones to everyone."
                )
            )
        audience = cleaned.get("audience")
        if audience and not self.counts[audience]:
            if audience == Message.Audience.ABSENT and not self.event_has_ended:
                raise ValidationError(
                    _("Nobody is absent yet: this audience is known once the event has ended.")
                )
            raise ValidationError(_("Nobody is in this audience: there is no one to write to."))
        return cleaned

    def texts(self) -> messaging.Texts:
        data = self.cleaned_data
        return messaging.Texts(
            subject_en=data["subject_en"],
            body_en=data["body_en"],
            subject_es=data["subject_es"],
            body_es=data["body_es"],
        )

    def preview_registration(self):
        """The registrant chosen, if still in the audience (it may have changed since the
        list was drawn), else the first of the audience."""
        chosen = self.cleaned_data.get("preview_as")
        members = self.audience_members.select_related("event")
        return (chosen and members.filter(pk=chosen).first()) or members.first()
