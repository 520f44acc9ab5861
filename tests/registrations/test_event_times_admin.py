"""Editors type an event's times in the event's own zone (issue 8, item 2).

An editor in Mexico City or Los Angeles who types 10:00–12:00 for a Tijuana meeting means
10:00 in Tijuana, whatever zone the server runs in; the page, the emails and the .ics then
say 10:00. The tests post the admin's own form, with Django's field names (a date box and a
time box per date-time: ``starts_at_0``/``starts_at_1``).
"""

import datetime
import importlib.resources
import zoneinfo

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from registrations.models import Event
from registrations.zones import LABELS
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

EVENTS = "/admin/registrations/event/"
TIJUANA = zoneinfo.ZoneInfo("America/Tijuana")
UTC = datetime.UTC
YEAR = datetime.date.today().year + 1


def second_sunday_of_march(year):
    """The day the US (and Tijuana) move their clocks forward."""
    first = datetime.date(year, 3, 1)
    return first + datetime.timedelta(days=(6 - first.weekday()) % 7 + 7)


def boxes(name, day="", time=""):
    return {f"{name}_0": day, f"{name}_1": time}


def add_form(**changes):
    """A new bilingual event as an editor fills the admin's add form."""
    return {
        "title_en": "Border charging meeting",
        "title_es": "Reunión sobre recarga en la frontera",
        "description_en": "",
        "description_es": "",
        "slug": "border-charging",
        "working_group": "",
        "timezone": "America/Tijuana",
        **boxes("starts_at", f"{YEAR}-07-20", "10:00"),
        **boxes("ends_at", f"{YEAR}-07-20", "12:00"),
        "mode": "in_person",
        "venue_en": "Tijuana",
        "venue_es": "Tijuana",
        "online_url": "",
        "capacity": "",
        "waitlist_enabled": "on",
        **boxes("registration_opens_at"),
        **boxes("registration_closes_at"),
        **changes,
    }


def change_form(event, **changes):
    """The event's change form as the admin shows it, sent back with `changes`."""

    def shown(name):
        moment = getattr(event, name)
        if moment is None:
            return boxes(name)
        local = moment.astimezone(event.zone)
        return boxes(name, f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}")

    shown_form = dict(
        title_en=event.title_en,
        title_es=event.title_es,
        slug=event.slug,
        timezone=event.timezone,
        venue_en=event.venue_en,
        venue_es=event.venue_es,
        capacity=event.capacity or "",
        **shown("starts_at"),
        **shown("ends_at"),
        **shown("registration_opens_at"),
        **shown("registration_closes_at"),
        **({"is_published": "on"} if event.is_published else {}),
    )
    return add_form(**{**shown_form, **changes})


@pytest.mark.parametrize(
    ("month", "utc_hour"),
    [(7, 17), (1, 18)],  # Pacific daylight time in July, standard time in January
)
def test_times_typed_for_a_tijuana_event_are_tijuana_times(editor_client, month, utc_hour):
    response = editor_client.post(
        f"{EVENTS}add/",
        add_form(
            **boxes("starts_at", f"{YEAR}-{month:02}-20", "10:00"),
            **boxes("ends_at", f"{YEAR}-{month:02}-20", "12:00"),
        ),
    )

    assert response.status_code == 302
    event = Event.objects.get(slug="border-charging")
    assert event.timezone == "America/Tijuana"
    assert event.starts_at == datetime.datetime(YEAR, month, 20, utc_hour, tzinfo=UTC)
    assert event.ends_at == datetime.datetime(YEAR, month, 20, utc_hour + 2, tzinfo=UTC)


def test_every_date_and_time_of_the_form_is_read_in_the_events_zone(editor_client):
    editor_client.post(
        f"{EVENTS}add/",
        add_form(
            **boxes("registration_opens_at", f"{YEAR}-06-01", "09:00"),
            **boxes("registration_closes_at", f"{YEAR}-07-18", "18:00"),
        ),
    )

    event = Event.objects.get(slug="border-charging")
    assert event.registration_opens_at == datetime.datetime(YEAR, 6, 1, 9, tzinfo=TIJUANA)
    assert event.registration_closes_at == datetime.datetime(YEAR, 7, 18, 18, tzinfo=TIJUANA)


def test_editing_an_event_shows_its_times_in_its_own_zone(editor_client):
    starts_at = datetime.datetime(YEAR, 7, 20, 10, tzinfo=TIJUANA)
    event = EventFactory(
        timezone="America/Tijuana",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        registration_closes_at=datetime.datetime(YEAR, 7, 18, 18, tzinfo=TIJUANA),
    )

    response = editor_client.get(f"{EVENTS}{event.pk}/change/")

    assertContains(response, f'name="starts_at_0" value="{YEAR}-07-20"', html=False)
    assertContains(response, 'name="starts_at_1" value="10:00:00"', html=False)
    assertContains(response, 'name="ends_at_1" value="12:00:00"', html=False)
    assertContains(response, 'name="registration_closes_at_1" value="18:00:00"', html=False)
    assertContains(
        response,
        "In the event's time zone, chosen above: "
        '<span class="event-zone-name">Pacific time (Tijuana, Baja California)</span>.',
    )


def test_saving_an_event_unchanged_keeps_its_times(editor_client):
    starts_at = datetime.datetime(YEAR, 1, 20, 10, tzinfo=TIJUANA)
    event = EventFactory(
        timezone="America/Tijuana",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )

    response = editor_client.post(f"{EVENTS}{event.pk}/change/", change_form(event))

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.starts_at == starts_at
    assert event.ends_at == starts_at + datetime.timedelta(hours=2)


def test_times_saved_with_a_new_zone_are_read_in_the_new_zone(editor_client):
    event = EventFactory(timezone="America/Mexico_City")

    editor_client.post(
        f"{EVENTS}{event.pk}/change/",
        change_form(
            event,
            timezone="America/Tijuana",
            **boxes("starts_at", f"{YEAR}-07-20", "10:00"),
            **boxes("ends_at", f"{YEAR}-07-20", "12:00"),
        ),
    )

    event.refresh_from_db()
    assert event.timezone == "America/Tijuana"
    assert event.starts_at == datetime.datetime(YEAR, 7, 20, 10, tzinfo=TIJUANA)


def test_an_event_across_the_march_clock_change_keeps_each_ends_offset(editor_client, client):
    change_day = second_sunday_of_march(YEAR)

    editor_client.post(
        f"{EVENTS}add/",
        add_form(
            **boxes("starts_at", f"{change_day}", "01:00"),
            **boxes("ends_at", f"{change_day}", "04:00"),
            is_published="on",
        ),
    )

    event = Event.objects.get(slug="border-charging")
    # 01:00 is still standard time (UTC-8); 04:00 is already daylight time (UTC-7).
    assert event.starts_at == datetime.datetime(YEAR, 3, change_day.day, 9, tzinfo=UTC)
    assert event.ends_at == datetime.datetime(YEAR, 3, change_day.day, 11, tzinfo=UTC)
    page = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "01:00 PST</time>–<time" in page
    assert ">04:00</time> <abbr" in page and ">PDT</abbr>" in page


def test_a_time_that_does_not_exist_in_the_events_zone_is_refused(editor_client):
    change_day = second_sunday_of_march(YEAR)

    response = editor_client.post(
        f"{EVENTS}add/",
        add_form(
            **boxes("starts_at", f"{change_day}", "02:30"),
            **boxes("ends_at", f"{change_day}", "05:00"),
        ),
    )

    assert response.status_code == 200
    assertContains(response, "couldn’t be interpreted in time zone America/Tijuana")
    assert not Event.objects.exists()


def test_the_add_form_starts_unpublished(editor_client):
    form = editor_client.get(f"{EVENTS}add/").content.decode()

    assert 'name="is_published"' in form
    assert 'name="is_published" checked' not in form
    editor_client.post(f"{EVENTS}add/", add_form())
    assert Event.objects.get(slug="border-charging").is_published is False
    assert EventFactory().is_published is True


def test_the_zone_is_chosen_from_a_list_with_understandable_names(editor_client):
    response = editor_client.get(f"{EVENTS}add/")

    assertContains(
        response,
        '<option value="America/Tijuana">'
        "Pacific time (Tijuana, Baja California) — America/Tijuana</option>",
        html=True,
    )
    assertContains(
        response,
        '<option value="America/Mexico_City" selected>'
        "Central Mexico time (Mexico City) — America/Mexico_City</option>",
        html=True,
    )


def test_the_zone_list_holds_every_mexican_and_us_zone_of_the_tz_database():
    table = importlib.resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    listed = {
        columns[2]
        for line in table.splitlines()
        if not line.startswith("#") and (columns := line.split("\t"))[0] in ("MX", "US")
    }

    assert set(LABELS) == listed


def test_a_stored_zone_outside_the_list_stays_selected_and_valid(editor_client):
    event = EventFactory(timezone="Europe/Madrid")

    shown = editor_client.get(f"{EVENTS}{event.pk}/change/")
    saved = editor_client.post(
        f"{EVENTS}{event.pk}/change/", change_form(event, title_en="Renamed")
    )

    assertContains(shown, '<option value="Europe/Madrid" selected>', html=False)
    assert saved.status_code == 302
    event.refresh_from_db()
    assert (event.title_en, event.timezone) == ("Renamed", "Europe/Madrid")


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "Europe/Madrid", "", "America/\x00"])
def test_a_zone_not_in_the_list_cannot_be_chosen(editor_client, name):
    response = editor_client.post(f"{EVENTS}add/", add_form(timezone=name))

    assert response.status_code == 200
    assertNotContains(response, "was added successfully")
    assert not Event.objects.exists()


def test_the_event_list_shows_each_start_in_the_events_zone(editor_client):
    EventFactory(
        timezone="America/Tijuana",
        starts_at=datetime.datetime(YEAR, 7, 20, 10, tzinfo=TIJUANA),
        ends_at=datetime.datetime(YEAR, 7, 20, 12, tzinfo=TIJUANA),
    )

    response = editor_client.get(EVENTS)

    assertContains(response, f"July 20, {YEAR}, 10:00 PDT")


def test_a_coordinator_reads_an_events_times_in_its_own_zone(coordinator_client):
    event = EventFactory(
        timezone="America/Tijuana",
        starts_at=datetime.datetime(YEAR, 7, 20, 10, tzinfo=TIJUANA),
        ends_at=datetime.datetime(YEAR, 7, 20, 12, tzinfo=TIJUANA),
    )

    response = coordinator_client.get(f"{EVENTS}{event.pk}/change/")

    assertContains(response, f"July 20, {YEAR}, 10:00")
    assertContains(response, f"July 20, {YEAR}, 12:00")


def test_the_spanish_admin_reads_the_times_in_the_events_zone_too(editor_client):
    editor_client.cookies["django_language"] = "es"

    response = editor_client.post(
        f"{EVENTS}add/",
        add_form(
            **boxes("starts_at", f"20/07/{YEAR}", "10:00"),
            **boxes("ends_at", f"20/07/{YEAR}", "12:00"),
        ),
    )

    assert response.status_code == 302
    event = Event.objects.get(slug="border-charging")
    assert event.starts_at == datetime.datetime(YEAR, 7, 20, 10, tzinfo=TIJUANA)
