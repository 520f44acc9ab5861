"""The events page gives each upcoming event's time also in Mexico City and US Pacific time
where those differ from the event's own zone (DESIGN.md, "Pages"); home-page cards stay short."""

import datetime
import zoneinfo

import pytest

from tests.factories import EventFactory
from tests.registrations.test_event_times import (
    JULY_20,
    YEAR,
    long_date,
    text_of,
    tijuana_event,
)

pytestmark = pytest.mark.django_db

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")


@pytest.mark.parametrize(
    ("language", "mexico_city"),
    [
        ("en", "11:00–13:00 CST · Central Mexico time (Mexico City)"),
        ("es", "11:00–13:00 CST · Hora del centro de México (Ciudad de México)"),
    ],
)
def test_the_events_page_adds_mexico_city_time_to_a_tijuana_event(client, language, mexico_city):
    tijuana_event()

    text = text_of(client.get(f"/{language}/events/"))

    assert mexico_city in text
    assert "Pacific time (Los Angeles" not in text  # the same clock as Tijuana's in July


def test_the_events_page_adds_pacific_time_to_a_mexico_city_event(client):
    EventFactory(
        starts_at=datetime.datetime(YEAR, 7, 20, 10, tzinfo=MEXICO_CITY),
        ends_at=datetime.datetime(YEAR, 7, 20, 12, tzinfo=MEXICO_CITY),
    )

    text = text_of(client.get("/en/events/"))

    assert "09:00–11:00 PDT · US Pacific time (Los Angeles, California)" in text


def test_the_home_page_card_keeps_to_the_events_own_zone(client):
    tijuana_event()

    text = text_of(client.get("/en/"))

    assert f"July 20, {YEAR}, 10:00 PDT" in text
    assert "11:00–13:00 CST" not in text


def test_an_other_zone_on_another_day_names_its_date(client):
    late = datetime.datetime(YEAR, 7, 20, 23, tzinfo=zoneinfo.ZoneInfo("America/Tijuana"))
    EventFactory(
        timezone="America/Tijuana",
        starts_at=late,
        ends_at=late + datetime.timedelta(hours=2),
    )

    text = text_of(client.get("/en/events/"))

    next_day = JULY_20 + datetime.timedelta(days=1)
    assert f"{long_date(next_day, 'en')}, 00:00–02:00 CST · Central Mexico time" in text
