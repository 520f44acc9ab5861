from django import template
from django.utils import formats
from django.utils.html import format_html

from registrations import zones

register = template.Library()


@register.filter
def zone_label(zone):
    """ "Pacific time (Tijuana, Baja California)": shown beside every abbreviation, since
    "CST" alone means US Central time to some readers and Mexico City's to others."""
    return zones.zone_label(zone)


@register.filter
def zone_place(zone):
    return zones.zone_place(zone)


@register.simple_tag
def moment(value, plain=False):
    """ "Thursday, December 3, 2026, 09:30 PST", in value's own zone."""
    text = formats.date_format(value, "EVENT_DATE_FORMAT") + ", "
    text += formats.time_format(value, "TIME_FORMAT")
    if plain:
        return f"{text} {value.tzname()}"
    return format_html(
        '<time datetime="{}">{}</time> <abbr title="{}">{}</abbr>',
        value.isoformat(),
        text,
        zones.zone_label(value.tzinfo),
        value.tzname(),
    )


@register.simple_tag
def time_range(start, end, plain=False):
    """ "Thursday, December 3, 2026, 10:00–12:00 PST" (or "jueves, 3 de diciembre de 2026,
    ..."), in the zone start and end are in (see Event.local_times). Each end carries its
    own abbreviation: an event across a daylight-saving change reads "01:00 PST–04:00
    PDT", and one past midnight names the day it ends."""
    start_zone, end_zone = start.tzname(), end.tzname()
    start_text = formats.date_format(start, "EVENT_DATE_FORMAT") + ", "
    start_text += formats.time_format(start, "TIME_FORMAT")
    if start_zone != end_zone:
        start_text += f" {start_zone}"
    end_text = formats.time_format(end, "TIME_FORMAT")
    dash = "–"
    if end.date() != start.date():
        end_text = formats.date_format(end, "EVENT_DATE_FORMAT") + ", " + end_text
        dash = " – "  # between two full dates, spaced, as typography has it
    if plain:
        return f"{start_text}{dash}{end_text} {end_zone}"
    return format_html(
        '<time datetime="{}">{}</time>{}<time datetime="{}">{}</time> <abbr title="{}">{}</abbr>',
        start.isoformat(),
        start_text,
        dash,
        end.isoformat(),
        end_text,
        zones.zone_label(end.tzinfo),
        end_zone,
    )
