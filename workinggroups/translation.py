from modeltranslation.translator import TranslationOptions, register
from simple_history import register as history_register

from .models import Membership, Organization, Person, WorkingGroup


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("name", "summary", "description", "focus", "participants")
    required_languages = {"en": ("name", "summary", "focus"), "es": ("name", "summary", "focus")}


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    # Proper names often stay the same; the Spanish name falls back to the English one.
    fields = ("name", "description")
    required_languages = {"en": ("name",)}


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("title",)


# History after translation, so the historical models keep both languages' columns.
history_register(WorkingGroup)
history_register(Organization)
history_register(Person)
history_register(Membership)
