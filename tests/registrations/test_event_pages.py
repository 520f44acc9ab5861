"""The public event pages: lists, an event's page (seats, registration state, place, times
in several zones), 404 for unpublished events, refusals when registration is closed, and
the other pages that list events (home, working group, search)."""

import calendar
import datetime
import html
import re
import zoneinfo

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from registrations.models import Registration
from tests.factories import EventFactory, RegistrationFactory, WorkingGroupFactory
from tests.support.forms import registration_form_data

pytestmark = pytest.mark.django_db

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")
TIJUANA = zoneinfo.ZoneInfo("America/Tijuana")
TIJUANA_LABEL = "Pacific time (Tijuana, Baja California)"
MEXICO_CITY_LABEL = "Central Mexico time (Mexico City)"
US_PACIFIC_LABEL = "US Pacific time (Los Angeles, California)"
NEXT_YEAR = timezone.now().year + 1


def in_days(days, hours=0):
    return timezone.now() + datetime.timedelta(days=days, hours=hours)


def page_text(response):
    """What a reader sees: the page without tags, spaces collapsed."""
    content = response.content.decode()
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def shown_times(response):
    """The event's times block as (label, times) pairs, e.g. ("Pacific time (Tijuana,
    Baja California)", "Wednesday, January 20, 2027, 10:00–12:00 PST")."""
    block = re.search(r'<dl class="event-times">(.*?)</dl>', response.content.decode(), re.S)
    assert block, "the page shows no event times"
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block.group(1), re.S)
    return [
        (
            " ".join(html.unescape(re.sub(r"<[^>]+>", "", label)).split()),
            " ".join(html.unescape(re.sub(r"<[^>]+>", "", times)).split()),
        )
        for label, times in pairs
    ]


def register_link(language, event):
    return re.compile(
        rf'<a\b[^>]*href="/{language}/events/{re.escape(event.slug)}/register/"[^>]*>\s*([^<]*?)\s*</a>'
    )


def valid_form(**overrides):
    return registration_form_data(**{"attendance_mode": "in_person", **overrides})


# --- The events list -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_events_page_lists_upcoming_and_past_events(client, language):
    upcoming = EventFactory(
        title_en="Charging corridors workshop", title_es="Taller de corredores de carga"
    )
    past = EventFactory(
        title_en="Launch of the task force",
        title_es="Lanzamiento del grupo de trabajo",
        starts_at=in_days(-300),
        ends_at=in_days(-300, 3),
    )

    response = client.get(f"/{language}/events/")

    assert response.status_code == 200
    text = page_text(response)
    upcoming_title = {"en": upcoming.title_en, "es": upcoming.title_es}[language]
    past_title = {"en": past.title_en, "es": past.title_es}[language]
    assert upcoming_title in text
    assert past_title in text
    # The upcoming one comes before the past section, the past one inside it.
    content = response.content.decode()
    assert content.index(upcoming_title) < content.index('id="past-title"')
    assert content.index('id="past-title"') < content.index(past_title)
    assertContains(response, f'href="/{language}/events/{upcoming.slug}/"')
    assertContains(response, f'href="/{language}/events/{past.slug}/"')


def test_the_events_page_leaves_out_unpublished_events(client):
    EventFactory(title_en="Draft agenda meeting", is_published=False)

    response = client.get("/en/events/")

    assertNotContains(response, "Draft agenda meeting")


def test_the_events_page_says_when_no_event_is_announced(client):
    response = client.get("/en/events/")

    assertContains(response, "No upcoming events have been announced yet.")


# --- An event's page: seats and registration ----------------------------------------------


def test_an_event_page_shows_the_seats_left(client):
    event = EventFactory(capacity=30)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    response = client.get(f"/en/events/{event.slug}/")

    assert response.status_code == 200
    assert "28 seats left" in page_text(response)


def test_an_event_page_counts_a_single_seat_left_in_the_singular(client):
    event = EventFactory(capacity=3)
    RegistrationFactory.create_batch(2, event=event)

    response = client.get(f"/en/events/{event.slug}/")

    assert "1 seat left" in page_text(response)


def test_an_event_without_a_limit_says_so(client):
    event = EventFactory(capacity=None)

    response = client.get(f"/en/events/{event.slug}/")

    assert "No seat limit" in page_text(response)


def test_a_full_event_with_a_waiting_list_says_so_and_still_offers_to_register(client):
    event = EventFactory(capacity=2, waitlist_enabled=True)
    RegistrationFactory.create_batch(2, event=event)

    response = client.get(f"/en/events/{event.slug}/")

    text = page_text(response)
    assert "Full" in text
    assert "waiting list" in text.lower()
    assert "seats left" not in text
    assert register_link("en", event).search(response.content.decode())


def test_a_full_event_without_a_waiting_list_says_it_is_full_and_offers_no_form(client):
    event = EventFactory(capacity=2, waitlist_enabled=False)
    RegistrationFactory.create_batch(2, event=event)

    response = client.get(f"/en/events/{event.slug}/")

    assert "this event is full" in page_text(response)
    assert not register_link("en", event).search(response.content.decode())


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_open_event_links_to_its_registration_form(client, language):
    event = EventFactory()

    response = client.get(f"/{language}/events/{event.slug}/")

    link = register_link(language, event).search(response.content.decode())
    assert link, "no link to the registration form"
    if language == "en":
        assert link.group(1) == "Register"


def test_an_open_event_says_until_when_registration_is_open_in_the_events_zone(client):
    starts_at = datetime.datetime(NEXT_YEAR, 1, 20, 10, tzinfo=MEXICO_CITY)
    event = EventFactory(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        registration_closes_at=datetime.datetime(NEXT_YEAR, 1, 15, 18, tzinfo=MEXICO_CITY),
    )

    response = client.get(f"/en/events/{event.slug}/")

    assert f"Registration is open until January 15, {NEXT_YEAR}, 18:00 CST (Mexico City)." in (
        page_text(response)
    )


def test_without_a_deadline_registration_is_open_until_the_event_starts(client):
    starts_at = datetime.datetime(NEXT_YEAR, 7, 8, 9, 30, tzinfo=TIJUANA)
    event = EventFactory(
        timezone="America/Tijuana",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )

    response = client.get(f"/en/events/{event.slug}/")

    assert (
        f"Registration is open until July 8, {NEXT_YEAR}, 09:30 PDT (Tijuana, Baja California)."
        in (page_text(response))
    )


CLOSED_CASES = {
    "not yet open": (
        {"registration_opens_at": in_days(3)},
        "Registration opens on",
        "Registration for this event has not opened yet.",
    ),
    "deadline passed": (
        {"registration_closes_at": in_days(-1)},
        "Registration for this event has closed.",
        "Registration for this event has closed.",
    ),
    "under way": (
        {"starts_at": in_days(0, -1), "ends_at": in_days(0, 2)},
        "Registration for this event has closed.",
        "Registration for this event has closed.",
    ),
    "past": (
        {"starts_at": in_days(-10), "ends_at": in_days(-10, 3)},
        "This event has already taken place.",
        "This event has already taken place.",
    ),
}


@pytest.mark.parametrize("case", CLOSED_CASES)
def test_when_registration_is_closed_the_event_page_says_so_instead_of_the_link(client, case):
    fields, page_says, _refusal = CLOSED_CASES[case]
    event = EventFactory(**fields)

    response = client.get(f"/en/events/{event.slug}/")

    assert response.status_code == 200
    assert page_says in page_text(response)
    assert not register_link("en", event).search(response.content.decode())


@pytest.mark.parametrize("case", CLOSED_CASES)
def test_when_registration_is_closed_the_form_page_says_so_and_shows_no_form(client, case):
    fields, page_says, _refusal = CLOSED_CASES[case]
    event = EventFactory(**fields)

    response = client.get(f"/en/events/{event.slug}/register/")

    assert response.status_code == 200
    assert page_says in page_text(response)
    assertNotContains(response, 'name="full_name"')


@pytest.mark.parametrize("case", CLOSED_CASES)
def test_a_registration_posted_while_closed_is_refused_with_the_reason(
    client, outbox, django_capture_on_commit_callbacks, case
):
    fields, _page_says, refusal = CLOSED_CASES[case]
    event = EventFactory(**fields)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/events/{event.slug}/register/", valid_form())

    assert 400 <= response.status_code < 500, "a refusal, not a redirect or a success"
    assert refusal in page_text(response)
    assert "Nothing was recorded." in page_text(response)
    assert not Registration.objects.exists()
    assert outbox == []


# --- An event's page: where and when ----------------------------------------------------


def test_an_in_person_event_shows_its_venue(client):
    event = EventFactory(mode="in_person", venue_en="Hotel Real, Tijuana", online_url="")

    response = client.get(f"/en/events/{event.slug}/")

    text = page_text(response)
    assert "In person" in text
    assert "Hotel Real, Tijuana" in text


def test_an_online_event_says_it_is_online_and_keeps_its_meeting_link_private(client):
    event = EventFactory(
        mode="online", venue_en="", venue_es="", online_url="https://meet.example.org/zev-secret"
    )

    response = client.get(f"/en/events/{event.slug}/")

    assert "Online" in page_text(response)
    assertNotContains(response, "meet.example.org/zev-secret")


def test_a_hybrid_event_shows_both_its_venue_and_that_it_is_online(client):
    event = EventFactory(
        mode="hybrid", venue_en="Hotel Real, Tijuana", online_url="https://meet.example.org/z"
    )

    response = client.get(f"/en/events/{event.slug}/")

    text = page_text(response)
    assert "Hybrid" in text
    assert "Hotel Real, Tijuana" in text
    assert "Online" in text
    assertNotContains(response, "meet.example.org/z")


def event_at(zone_name, month, hour):
    zone = zoneinfo.ZoneInfo(zone_name)
    starts_at = datetime.datetime(NEXT_YEAR, month, 20, hour, tzinfo=zone)
    return EventFactory(
        timezone=zone_name, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )


@pytest.mark.parametrize(
    ("zone", "month", "labels", "local", "other"),
    [
        # In January Tijuana keeps Pacific Standard Time: the same clock as California.
        ("America/Tijuana", 1, [TIJUANA_LABEL, MEXICO_CITY_LABEL], "PST", "12:00–14:00 CST"),
        # Tijuana follows California's daylight saving; Mexico City has had none since 2022.
        ("America/Tijuana", 7, [TIJUANA_LABEL, MEXICO_CITY_LABEL], "PDT", "11:00–13:00 CST"),
        (
            "America/Mexico_City",
            7,
            [MEXICO_CITY_LABEL, US_PACIFIC_LABEL],
            "CST",
            "09:00–11:00 PDT",
        ),
        (
            "America/Mexico_City",
            1,
            [MEXICO_CITY_LABEL, US_PACIFIC_LABEL],
            "CST",
            "08:00–10:00 PST",
        ),
        (
            "America/Los_Angeles",
            7,
            [US_PACIFIC_LABEL, MEXICO_CITY_LABEL],
            "PDT",
            "11:00–13:00 CST",
        ),
    ],
)
def test_an_event_shows_its_zone_and_the_other_countrys_time_on_its_date(
    client, zone, month, labels, local, other
):
    event = event_at(zone, month, 10)

    times = shown_times(client.get(f"/en/events/{event.slug}/"))

    assert [label for label, _ in times] == labels
    assert times[0][1].endswith(f"10:00–12:00 {local}")
    assert f"{calendar.month_name[month]} 20, {NEXT_YEAR}" in times[0][1]
    assert times[1][1].endswith(other)


def test_an_event_late_in_the_evening_shows_the_next_day_in_mexico_city(client):
    event = event_at("America/Tijuana", 1, 23)

    times = shown_times(client.get(f"/en/events/{event.slug}/"))

    assert f"January 20, {NEXT_YEAR}, 23:00" in times[0][1]
    assert f"January 21, {NEXT_YEAR}, 01:00" in times[1][1]
    assert times[1][1].endswith("CST")


# --- Unpublished events ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/{language}/events/{slug}/"),
        ("get", "/{language}/events/{slug}/register/"),
        ("post", "/{language}/events/{slug}/register/"),
        ("get", "/{language}/events/{slug}/register/done/"),
        ("get", "/{language}/events/{slug}/calendar.ics"),
    ],
)
def test_an_unpublished_event_answers_404_everywhere(
    client, outbox, django_capture_on_commit_callbacks, language, method, path
):
    event = EventFactory(is_published=False)
    url = path.format(language=language, slug=event.slug)

    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(url, valid_form() if method == "post" else None)

    assert response.status_code == 404
    assert not Registration.objects.exists()
    assert outbox == []


def test_an_unpublished_event_is_left_out_of_the_calendar_feed(client):
    EventFactory(title_en="Secret planning meeting", is_published=False)

    response = client.get("/en/events/calendar.ics")

    assert response.status_code == 200
    assert b"Secret planning meeting" not in response.content


# --- Other pages that list events -----------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_home_page_lists_upcoming_events(client, language):
    upcoming = EventFactory(title_en="Heavy-duty charging forum", title_es="Foro de carga pesada")
    EventFactory(
        title_en="An old meeting",
        title_es="Una reunión antigua",
        starts_at=in_days(-40),
        ends_at=in_days(-40, 2),
    )
    EventFactory(title_en="A draft meeting", title_es="Una reunión en borrador", is_published=False)

    response = client.get(f"/{language}/")

    assert response.status_code == 200
    title = {"en": upcoming.title_en, "es": upcoming.title_es}[language]
    assertContains(response, f'<a href="/{language}/events/{upcoming.slug}/">{title}</a>')
    text = page_text(response)
    assert "An old meeting" not in text and "Una reunión antigua" not in text
    assert "A draft meeting" not in text and "Una reunión en borrador" not in text


def test_a_working_group_page_lists_its_upcoming_meetings(client):
    group = WorkingGroupFactory()
    meeting = EventFactory(working_group=group, title_en="Fleet electrification session")
    EventFactory(
        working_group=group,
        title_en="Last year's session",
        starts_at=in_days(-200),
        ends_at=in_days(-200, 2),
    )
    EventFactory(title_en="Another group's session")

    response = client.get(f"/en/working-groups/{group.slug}/")

    assert response.status_code == 200
    assertContains(response, f'<a href="/en/events/{meeting.slug}/">{meeting.title_en}</a>')
    text = page_text(response)
    assert "Last year's session" not in text
    assert "Another group's session" not in text


def test_an_events_page_links_to_its_working_group(client):
    group = WorkingGroupFactory(name_en="Light-duty vehicles")
    event = EventFactory(working_group=group)

    response = client.get(f"/en/events/{event.slug}/")

    assertContains(response, f'href="/en/working-groups/{group.slug}/"')


@pytest.mark.parametrize(
    ("language", "query", "title"),
    [
        ("en", "corridors", "Charging corridors workshop"),
        ("es", "corredores", "Taller de corredores de carga"),
    ],
)
def test_search_finds_events(client, language, query, title):
    event = EventFactory(
        title_en="Charging corridors workshop", title_es="Taller de corredores de carga"
    )
    EventFactory(title_en="Hidden corridors draft", title_es="Borrador", is_published=False)

    response = client.get(f"/{language}/search/", {"q": query})

    assert response.status_code == 200
    assertContains(response, f'<a href="/{language}/events/{event.slug}/">{title}</a>')
    assertNotContains(response, "Hidden corridors draft")
