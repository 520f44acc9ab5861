from modeltranslation.translator import TranslationOptions, register

from .models import Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "venue")
    required_languages = {"en": ("title",), "es": ("title",)}
