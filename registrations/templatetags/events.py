from django import template
from django.utils.translation import gettext_lazy as _

from registrations.models import Event

register = template.Library()

ZONE_LABELS = {
    "America/Mexico_City": _("Mexico City time"),
    "America/Los_Angeles": _("US Pacific time"),
    "America/Tijuana": _("Tijuana time"),
}


@register.filter
def zone_label(zone):
    key = str(zone)
    return ZONE_LABELS.get(key, key.rsplit("/", 1)[-1].replace("_", " "))


@register.simple_tag
def upcoming_events(limit=3):
    """For pages of the content apps (the home page), which do not import this app."""
    return list(
        Event.objects.published()
        .upcoming()
        .with_seat_counts()
        .select_related("working_group")[:limit]
    )
