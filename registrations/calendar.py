"""Events as iCalendar (.ics): one event, or the feed of every upcoming event.

Times carry the event's own IANA zone with a VTIMEZONE block, so a calendar shows them
right on both sides of a daylight-saving change (California changes clocks; Mexico City
no longer does).
"""

import functools
from datetime import date
from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent


def absolute_url(path):
    return urljoin(settings.PORTAL_BASE_URL, path)


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", "-//US-Mexico Transportation Electrification Task Force portal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _component(event, join_url=""):
    component = CalendarEvent()
    component.add("uid", f"event-{event.pk}@{settings.PORTAL_CALENDAR_DOMAIN}")
    # Same UID, higher SEQUENCE: a calendar replaces the event it holds (moved, called off).
    component.add("sequence", event.sequence)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("summary", event.title)
    component.add("dtstamp", timezone.now())
    component.add("dtstart", event.starts_at.astimezone(event.zone))
    component.add("dtend", event.ends_at.astimezone(event.zone))
    url = absolute_url(event.get_absolute_url())
    component.add("url", url)
    description = event.description.strip()
    if join_url:
        # The registrant's own join link, never the raw meeting link (see join_views).
        description = f"{description}\n\n{_('Join online')}: {join_url}"
    component.add("description", f"{description}\n\n{url}".strip())
    location = event.venue or (_("Online") if event.mode == event.Mode.ONLINE else "")
    if location:
        component.add("location", location)
    return component


@functools.lru_cache(maxsize=64)
def _vtimezone(tzid, first_year, last_year):
    """A zone's VTIMEZONE block, with its rules of these years only (the default, 1970 to
    2038, costs tens of milliseconds per zone). Remembered per process: building it walks
    the zone's offsets over the years, which cost 20 ms per email, and the block of a zone
    for given years is always the same (until the process gets new zone data)."""
    return Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )


def _with_timezones(calendar, events):
    """Add the VTIMEZONE blocks of the zones the events use, covering a year either side
    of them, before the events."""
    if events:
        first = min(event.starts_at for event in events).year - 1
        last = max(event.ends_at for event in events).year + 1
        existing = len(calendar.timezones)
        for tzid in sorted(calendar.get_missing_tzids()):
            try:
                block = _vtimezone(tzid, first, last)
            except ValueError:  # a zone icalendar does not know: the times still carry it
                continue
            calendar.subcomponents.insert(existing, block)
    return calendar.to_ical()


def event_calendar(event, join_url=""):
    """`join_url`: for a registrant's own copy (attached to their emails), their absolute
    join link."""
    calendar = _calendar(event.title)
    calendar.add_component(_component(event, join_url))
    return _with_timezones(calendar, [event])


def events_calendar(events, name=None):
    events = list(events)
    calendar = _calendar(name or _("Transportation Electrification Task Force events"))
    for event in events:
        calendar.add_component(_component(event))
    return _with_timezones(calendar, events)
