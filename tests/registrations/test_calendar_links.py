"""The event page offers its event to web calendars, already filled in, with what the page
shows and nothing more."""

import datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _links(client, event, language="en"):
    page = unescape(client.get(f"/{language}/events/{event.slug}/").content.decode())
    return {
        urlsplit(href).netloc: parse_qs(urlsplit(href).query)
        for href in (
            part.split('"')[0] for part in page.split('href="')[1:] if part.startswith("https://")
        )
        if "calendar" in href
    }


def test_google_and_outlook_get_the_title_times_and_place_never_the_meeting_link(client):
    start = datetime.datetime(2027, 3, 10, 16, 0, tzinfo=datetime.UTC)
    event = EventFactory(
        slug="grid-forum",
        title_en="Grid forum",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        timezone="America/Tijuana",
        mode="hybrid",
        venue_en="Tijuana",
        online_url="https://meet.example.org/secret-room",
    )

    links = _links(client, event)

    google = links["calendar.google.com"]
    assert google["text"] == ["Grid forum"] and google["location"] == ["Tijuana"]
    assert google["dates"] == ["20270310T160000Z/20270310T180000Z"]
    assert google["ctz"] == ["America/Tijuana"]
    assert google["details"] == ["http://127.0.0.1:8000/en/events/grid-forum/"]
    for host in ("outlook.live.com", "outlook.office.com"):
        assert links[host]["subject"] == ["Grid forum"]
        assert links[host]["startdt"] == ["2027-03-10T16:00:00+00:00"]
    page = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "secret-room" not in page


def test_the_spanish_page_offers_the_spanish_title(client):
    event = EventFactory(slug="foro", title_es="Foro de la red")

    assert _links(client, event, "es")["calendar.google.com"]["text"] == ["Foro de la red"]
