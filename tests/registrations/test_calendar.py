"""Events as iCalendar files: one event, and the feed of upcoming events. Times carry the
event's own zone (TZID) with its VTIMEZONE, so calendars get them right across a
daylight-saving change."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")
UTC = datetime.UTC


def fetch_calendar(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vtimezone(calendar, tzid):
    zones = [zone for zone in calendar.walk("VTIMEZONE") if str(zone["TZID"]) == tzid]
    assert len(zones) == 1, f"no VTIMEZONE for {tzid}"
    return zones[0]


def utc_by_vtimezone(calendar, vevent, name):
    """The UTC instant of DTSTART/DTEND read the way a calendar program without its own
    zone database reads it: the local time, interpreted by the file's VTIMEZONE."""
    prop = vevent[name]
    local = prop.dt.replace(tzinfo=None)
    zone = vtimezone(calendar, prop.params["TZID"]).to_tz(lookup_tzid=False)
    return local.replace(tzinfo=zone).astimezone(UTC)


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_events_calendar_file_has_the_event_in_its_own_zone(client, language):
    event = EventFactory(
        timezone="America/Tijuana",
        title_en="Border charging workshop",
        title_es="Taller de carga en la frontera",
    )

    calendar = fetch_calendar(client, f"/{language}/events/{event.slug}/calendar.ics")

    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == {"en": event.title_en, "es": event.title_es}[language]
    for name, instant in [("DTSTART", event.starts_at), ("DTEND", event.ends_at)]:
        assert vevent[name].params["TZID"] == "America/Tijuana"
        assert vevent.decoded(name) == instant.replace(microsecond=0)
        assert utc_by_vtimezone(calendar, vevent, name) == instant.replace(microsecond=0)
    vtimezone(calendar, "America/Tijuana")
    assert f"/{language}/events/{event.slug}/" in str(vevent["URL"])
    assert str(vevent["UID"])


def test_an_events_calendar_file_is_offered_as_a_download(client, event):
    response = client.get(f"/en/events/{event.slug}/calendar.ics")

    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'


def test_the_calendar_file_gives_the_venue_as_the_location(client):
    event = EventFactory(venue_en="Hotel Real, Tijuana")

    (vevent,) = fetch_calendar(client, f"/en/events/{event.slug}/calendar.ics").walk("VEVENT")

    assert str(vevent["LOCATION"]) == "Hotel Real, Tijuana"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_feed_has_every_upcoming_published_event_with_its_zone(client, language):
    mexico_city = EventFactory(timezone="America/Mexico_City", title_en="Mexico City forum")
    tijuana = EventFactory(timezone="America/Tijuana", title_en="Tijuana forum")
    EventFactory(
        title_en="Last year's forum",
        starts_at=timezone.now() - datetime.timedelta(days=300),
        ends_at=timezone.now() - datetime.timedelta(days=300) + datetime.timedelta(hours=2),
    )
    EventFactory(title_en="Unannounced forum", is_published=False)

    calendar = fetch_calendar(client, f"/{language}/events/calendar.ics")

    vevents = {
        str(vevent["URL"]).rstrip("/").rsplit("/", 1)[-1]: vevent
        for vevent in calendar.walk("VEVENT")
    }
    assert set(vevents) == {mexico_city.slug, tijuana.slug}
    for event in (mexico_city, tijuana):
        vevent = vevents[event.slug]
        assert vevent["DTSTART"].params["TZID"] == event.timezone
        assert vevent["DTEND"].params["TZID"] == event.timezone
        assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
        vtimezone(calendar, event.timezone)
    assert len({str(vevent["UID"]) for vevent in vevents.values()}) == 2


def test_the_feed_of_no_events_is_still_a_calendar(client):
    calendar = fetch_calendar(client, "/en/events/calendar.ics")

    assert calendar.walk("VEVENT") == []
    assert str(calendar["VERSION"]) == "2.0"


@pytest.mark.parametrize(
    ("day", "utc_start", "utc_end"),
    [
        # Saturday before the change: Pacific Standard Time, UTC−8.
        (
            13,
            datetime.datetime(2027, 3, 13, 18, tzinfo=UTC),
            datetime.datetime(2027, 3, 13, 20, tzinfo=UTC),
        ),
        # Monday after it (14 March 2027, 02:00): Pacific Daylight Time, UTC−7.
        (
            15,
            datetime.datetime(2027, 3, 15, 17, tzinfo=UTC),
            datetime.datetime(2027, 3, 15, 19, tzinfo=UTC),
        ),
    ],
)
def test_events_either_side_of_a_daylight_saving_change_have_the_right_instants(
    client, day, utc_start, utc_end
):
    starts_at = datetime.datetime(2027, 3, day, 10, tzinfo=LOS_ANGELES)
    event = EventFactory(
        timezone="America/Los_Angeles",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )

    calendar = fetch_calendar(client, f"/en/events/{event.slug}/calendar.ics")

    (vevent,) = calendar.walk("VEVENT")
    assert vevent["DTSTART"].dt.replace(tzinfo=None) == datetime.datetime(2027, 3, day, 10)
    assert vevent["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert vevent.decoded("DTSTART").astimezone(UTC) == utc_start
    assert vevent.decoded("DTEND").astimezone(UTC) == utc_end
    assert utc_by_vtimezone(calendar, vevent, "DTSTART") == utc_start
    assert utc_by_vtimezone(calendar, vevent, "DTEND") == utc_end


def test_an_event_spanning_the_daylight_saving_change_ends_an_hour_earlier_in_utc(client):
    starts_at = datetime.datetime(2027, 3, 13, 10, tzinfo=LOS_ANGELES)
    event = EventFactory(
        timezone="America/Los_Angeles",
        starts_at=starts_at,
        ends_at=datetime.datetime(2027, 3, 15, 10, tzinfo=LOS_ANGELES),
    )

    calendar = fetch_calendar(client, f"/en/events/{event.slug}/calendar.ics")

    (vevent,) = calendar.walk("VEVENT")
    start = utc_by_vtimezone(calendar, vevent, "DTSTART")
    end = utc_by_vtimezone(calendar, vevent, "DTEND")
    assert end - start == datetime.timedelta(hours=47)
