"""The registrant's join link, /<lang>/join/<attendance_code>/: the meeting opens through
it for confirmed registrants from 30 minutes before the start to the end, and records that
they joined; the raw meeting link is on no public page and in no calendar feed."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from registrations.models import Event, Registration
from tests.factories import EventFactory, RegistrationFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db

MEETING = "https://meet.example.org/zev-secret-room"


def online_event(starts_in, **fields):
    starts_at = timezone.now() + starts_in
    return EventFactory(
        mode=Event.Mode.ONLINE,
        online_url=MEETING,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        **fields,
    )


def join(client, registration, language="en"):
    return client.get(f"/{language}/join/{registration.attendance_code}/")


@pytest.mark.parametrize("language", ["en", "es"])
def test_inside_the_window_a_confirmed_registrant_is_sent_to_the_meeting_and_it_is_recorded(
    client, language
):
    registration = RegistrationFactory(event=online_event(datetime.timedelta(minutes=20)))

    response = join(client, registration, language)

    assert response.status_code == 302
    assert response["Location"] == MEETING
    assert "no-store" in response["Cache-Control"]
    registration.refresh_from_db()
    assert registration.attended is True
    assert registration.joined_online_at is not None


def test_joining_again_keeps_the_first_time(client):
    registration = RegistrationFactory(event=online_event(-datetime.timedelta(minutes=10)))
    join(client, registration)
    registration.refresh_from_db()
    first = registration.joined_online_at

    assert join(client, registration).status_code == 302

    registration.refresh_from_db()
    assert registration.joined_online_at == first


@pytest.mark.parametrize(
    ("language", "opens"),
    [("en", "The meeting link opens 30 minutes before the start"), ("es", "30 minutos antes")],
)
def test_before_the_window_the_page_says_when_it_opens_in_three_zones(client, language, opens):
    event = online_event(datetime.timedelta(days=3), timezone="America/New_York")
    registration = RegistrationFactory(event=event)

    response = join(client, registration, language)

    assert response.status_code == 200
    text = response.content.decode()
    assert opens in text
    opens_list = text[text.index('class="event-times join-opens"') :].split("</dl>")[0]
    assert opens_list.count("<dt>") == 3  # the event's zone, Mexico City, Pacific time
    for zone in ("America/New_York", "America/Mexico_City", "America/Los_Angeles"):
        local = event.join_opens_at.astimezone(zoneinfo.ZoneInfo(zone))
        assert f'datetime="{local.isoformat()}"' in opens_list
    assert MEETING not in text
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    registration.refresh_from_db()
    assert registration.joined_online_at is None
    assert registration.attended is None


def test_after_the_end_the_link_is_gone(client):
    registration = RegistrationFactory(event=online_event(-datetime.timedelta(hours=3)))

    response = join(client, registration)

    assert response.status_code == 410
    assert MEETING not in response.content.decode()
    registration.refresh_from_db()
    assert registration.joined_online_at is None


def test_a_called_off_event_does_not_open(client):
    registration = RegistrationFactory(
        event=online_event(datetime.timedelta(minutes=5), is_cancelled=True)
    )

    response = join(client, registration)

    assert response.status_code == 410
    assert "called off" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (Registration.Status.WAITLISTED, "waiting list"),
        (Registration.Status.CANCELLED, "cancelled"),
    ],
)
def test_waitlisted_and_cancelled_registrants_are_told_why_and_not_let_in(client, status, reason):
    registration = RegistrationFactory(
        event=online_event(datetime.timedelta(minutes=5)), status=status
    )

    response = join(client, registration)

    assert response.status_code == 403
    text = response.content.decode()
    assert reason in text
    assert MEETING not in text
    registration.refresh_from_db()
    assert registration.joined_online_at is None


def test_an_in_person_event_has_no_join_link(client):
    registration = RegistrationFactory(event=EventFactory(mode=Event.Mode.IN_PERSON))

    assert join(client, registration).status_code == 404


def test_an_unknown_code_opens_nothing(client):
    assert client.get("/en/join/not-a-real-code/").status_code == 404


def test_the_private_page_shows_the_join_link_never_the_meeting_link(client):
    registration = RegistrationFactory(event=online_event(datetime.timedelta(minutes=10)))

    response = client.get(f"/en/registrations/{registration.token}/")

    text = response.content.decode()
    assert f"/en/join/{registration.attendance_code}/" in text
    assert MEETING not in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_raw_meeting_link_is_on_no_public_page_and_in_no_calendar_feed(client, language):
    group = WorkingGroupFactory()
    soon = online_event(datetime.timedelta(minutes=10), working_group=group)
    later = online_event(datetime.timedelta(days=5), working_group=group)
    hybrid = online_event(datetime.timedelta(days=6), working_group=group)
    Event.objects.filter(pk=hybrid.pk).update(mode=Event.Mode.HYBRID)
    confirmed = RegistrationFactory(event=later)
    waitlisted = RegistrationFactory(event=soon, status=Registration.Status.WAITLISTED)
    pages = [
        "/",
        "/events/",
        "/events/calendar.ics",
        f"/working-groups/{group.slug}/",
        f"/working-groups/{group.slug}/calendar.ics",
        f"/search/?q={soon.title_en.split()[0]}",
        f"/registrations/{confirmed.token}/",
        f"/registrations/{waitlisted.token}/",
        f"/join/{confirmed.attendance_code}/",
        f"/join/{waitlisted.attendance_code}/",
    ]
    for event in (soon, later, hybrid):
        pages += [
            f"/events/{event.slug}/",
            f"/events/{event.slug}/register/",
            f"/events/{event.slug}/register/done/",
            f"/events/{event.slug}/calendar.ics",
        ]
    for page in pages:
        response = client.get(f"/{language}{page}")
        assert response.status_code in (200, 403), page
        assert b"meet.example.org" not in response.content, page
    api = [f"/api/v1/events/?lang={language}"] + [
        f"/api/v1/events/{event.slug}/?lang={language}" for event in (soon, later, hybrid)
    ]
    for page in ["/sitemap.xml", f"/{language}/documents/feed/", *api]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert b"meet.example.org" not in response.content, page
