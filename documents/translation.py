from modeltranslation.translator import TranslationOptions, register

from .models import Document


@register(Document)
class DocumentTranslation(TranslationOptions):
    # The title stays the document's own in each language; publisher names are translated
    # where the publisher has an official name in the other language.
    fields = ("title", "summary", "publisher")
    required_languages = {"en": ("title",), "es": ("title",)}
