from modeltranslation.translator import TranslationOptions, register
from simple_history import register as history_register

from .models import Document


@register(Document)
class DocumentTranslation(TranslationOptions):
    # The title stays the document's own in each language; publisher names are translated
    # where the publisher has an official name in the other language.
    fields = ("title", "summary", "publisher")
    required_languages = {"en": ("title",), "es": ("title",)}


# History after translation, so the historical models keep both languages' columns.
history_register(Document, m2m_fields=["themes", "working_groups"])
