"""Dates and times as a visitor reads them, in English and in Spanish (issue 8, item 5).

English has one style everywhere ("Thursday, December 3, 2026"); Spanish writes "jueves,
3 de diciembre de 2026". Every time carries its zone's abbreviation and a name people
understand ("Pacific time (Tijuana, Baja California)"), since "CST" alone reads as US
Central time to a Californian. An event across a daylight-saving change shows each end
with its own abbreviation.
"""

import datetime
import html
import re
import zoneinfo

import pytest

from tests.factories import EventFactory, RegistrationFactory
from tests.support.forms import registration_form_data

pytestmark = pytest.mark.django_db

TIJUANA = zoneinfo.ZoneInfo("America/Tijuana")
MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")
YEAR = datetime.date.today().year + 1
JULY_20 = datetime.date(YEAR, 7, 20)

WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
}
MONTHS = {
    "en": {3: "March", 7: "July", 11: "November"},
    "es": {3: "marzo", 7: "julio", 11: "noviembre"},
}


def long_date(day, language):
    """ "Tuesday, July 20, 2027" / "martes, 20 de julio de 2027"."""
    weekday, month = WEEKDAYS[language][day.weekday()], MONTHS[language][day.month]
    if language == "es":
        return f"{weekday}, {day.day} de {month} de {day.year}"
    return f"{weekday}, {month} {day.day}, {day.year}"


def text_of(response):
    """What a reader sees: inline elements joined to their text, blocks apart."""
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    content = re.sub(r"</?(time|abbr)\b[^>]*>", "", content)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def tijuana_event(day=JULY_20, start=10, end=12, **fields):
    return EventFactory(
        timezone="America/Tijuana",
        starts_at=datetime.datetime(day.year, day.month, day.day, start, tzinfo=TIJUANA),
        ends_at=datetime.datetime(day.year, day.month, day.day, end, tzinfo=TIJUANA),
        **fields,
    )


@pytest.mark.parametrize(
    ("language", "own_zone", "mexico_city"),
    [
        ("en", "Pacific time (Tijuana, Baja California)", "Central Mexico time (Mexico City)"),
        (
            "es",
            "Hora del Pacífico (Tijuana, Baja California)",
            "Hora del centro de México (Ciudad de México)",
        ),
    ],
)
def test_an_event_page_gives_the_date_times_and_named_zones_in_the_pages_language(
    client, language, own_zone, mexico_city
):
    event = tijuana_event()

    text = text_of(client.get(f"/{language}/events/{event.slug}/"))

    assert f"{own_zone} {long_date(JULY_20, language)}, 10:00–12:00 PDT" in text
    assert f"{mexico_city} {long_date(JULY_20, language)}, 11:00–13:00 CST" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", f"July 20, {YEAR}"), ("es", f"20 de julio de {YEAR}")],
)
def test_the_events_list_and_cards_write_dates_in_the_pages_language(client, language, expected):
    tijuana_event(title_en="Border meeting", title_es="Reunión fronteriza")

    listing = text_of(client.get(f"/{language}/events/"))
    home = text_of(client.get(f"/{language}/"))

    assert expected in listing
    # A card names the place beside the abbreviation: "CST" alone is ambiguous.
    assert f"{expected}, 10:00 PDT (Tijuana, Baja California)" in home


@pytest.mark.parametrize("language", ["en", "es"])
def test_registration_deadlines_are_written_in_the_pages_language(client, language):
    event = tijuana_event(registration_closes_at=datetime.datetime(YEAR, 7, 18, 18, tzinfo=TIJUANA))

    text = text_of(client.get(f"/{language}/events/{event.slug}/"))

    deadline = {"en": f"July 18, {YEAR}, 18:00 PDT", "es": f"18 de julio de {YEAR}, 18:00 PDT"}
    assert f"{deadline[language]} (Tijuana, Baja California)" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", f"Registered July 1, {YEAR}, 09:15 PDT (Tijuana, Baja California)"),
        ("es", f"Fecha de registro 1 de julio de {YEAR}, 09:15 PDT (Tijuana, Baja California)"),
    ],
)
def test_the_private_page_says_when_one_registered_in_the_events_zone(client, language, expected):
    event = tijuana_event()
    registration = RegistrationFactory(
        event=event, created_at=datetime.datetime(YEAR, 7, 1, 9, 15, tzinfo=TIJUANA)
    )

    text = text_of(client.get(f"/{language}/registrations/{registration.token}/"))

    assert expected in text


def us_clock_change(year, month):
    """The second Sunday of March or the first Sunday of November."""
    first = datetime.date(year, month, 1)
    sunday = first + datetime.timedelta(days=(6 - first.weekday()) % 7)
    return sunday + datetime.timedelta(days=7) if month == 3 else sunday


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    ("month", "times"), [(3, "00:30 PST–04:00 PDT"), (11, "00:30 PDT–04:00 PST")]
)
def test_an_event_across_a_clock_change_gives_each_end_its_own_abbreviation(
    client, language, month, times
):
    day = us_clock_change(YEAR, month)
    starts_at = datetime.datetime(day.year, day.month, day.day, 0, 30, tzinfo=TIJUANA)
    ends_at = datetime.datetime(day.year, day.month, day.day, 4, tzinfo=TIJUANA)
    event = EventFactory(timezone="America/Tijuana", starts_at=starts_at, ends_at=ends_at)

    text = text_of(client.get(f"/{language}/events/{event.slug}/"))

    assert f"{long_date(day, language)}, {times}" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", f"Central Mexico time (Mexico City): {long_date(JULY_20, 'en')}, 12:00–14:00 CST"),
        (
            "es",
            "Hora del centro de México (Ciudad de México): "
            f"{long_date(JULY_20, 'es')}, 12:00–14:00 CST",
        ),
    ],
)
def test_the_confirmation_email_gives_the_times_in_the_registrants_language(
    client, outbox, django_capture_on_commit_callbacks, language, expected
):
    event = EventFactory(
        starts_at=datetime.datetime(YEAR, 7, 20, 12, tzinfo=MEXICO_CITY),
        ends_at=datetime.datetime(YEAR, 7, 20, 14, tzinfo=MEXICO_CITY),
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/{language}/events/{event.slug}/register/",
            registration_form_data(),
        )

    assert expected in outbox[0].body
    assert expected.split(": ", 1)[1] in outbox[0].alternatives[0][0]
