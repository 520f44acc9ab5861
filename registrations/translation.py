from modeltranslation.translator import TranslationOptions, register
from simple_history import register as history_register

from .models import Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "venue")
    required_languages = {"en": ("title",), "es": ("title",)}


# History after translation, so the historical models keep both languages' columns.
history_register(Event, m2m_fields=["documents"])
