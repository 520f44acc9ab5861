"""Links that open an event in a web calendar, already filled in: Google Calendar and
Outlook (personal and work accounts). They carry only what the public page shows (title,
times, place, the page's address): never a registrant's link nor the meeting link."""

from datetime import UTC
from urllib.parse import urlencode

from .calendar import absolute_url


def _details(event):
    return absolute_url(event.get_absolute_url())


GOOGLE_TIME = "%Y%m%dT%H%M%SZ"


def google_calendar_url(event):
    start = event.starts_at.astimezone(UTC).strftime(GOOGLE_TIME)
    end = event.ends_at.astimezone(UTC).strftime(GOOGLE_TIME)
    dates = f"{start}/{end}"
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "ctz": event.timezone,
        "details": _details(event),
        "location": event.venue,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_url(event, host="outlook.live.com"):
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": event.starts_at.astimezone(UTC).isoformat(),
        "enddt": event.ends_at.astimezone(UTC).isoformat(),
        "body": _details(event),
        "location": event.venue,
    }
    return f"https://{host}/calendar/0/deeplink/compose?" + urlencode(query)


def calendar_links(event):
    """(label key, URL) of each web calendar, for the event page."""
    return {
        "google": google_calendar_url(event),
        "outlook": outlook_url(event),
        "office": outlook_url(event, host="outlook.office.com"),
    }
