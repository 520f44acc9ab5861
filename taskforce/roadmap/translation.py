from modeltranslation.translator import TranslationOptions, register
from simple_history import register as history_register

from .models import KeyFigure, Milestone, Recommendation, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "summary", "description")
    required_languages = {"en": ("name", "summary"), "es": ("name", "summary")}


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en", "es")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",), "es": ("title",)}


@register(KeyFigure)
class KeyFigureTranslation(TranslationOptions):
    fields = ("value", "label", "source")
    required_languages = {"en": ("value", "label"), "es": ("value", "label")}


# History after translation, so the historical models keep both languages' columns.
history_register(Theme)
history_register(Recommendation, m2m_fields=["working_groups"])
history_register(Milestone)
history_register(KeyFigure)
