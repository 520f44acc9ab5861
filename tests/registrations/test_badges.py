"""What a registrant sees for the meeting: the check-in QR code (SVG on the private page,
an inline PNG in the emails, with the code as text), the join link and the event's
published documents."""

import datetime
import re

import pytest
import segno
from django.conf import settings
from django.utils import timezone

from registrations import emails, qr
from registrations.models import Event, Registration
from tests.factories import DocumentFactory, EventFactory, RegistrationFactory
from tests.registrations.test_emails import html_part
from tests.support.forms import registration_form_data

pytestmark = pytest.mark.django_db


def check_in_url(registration, language="en"):
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return f"{base}/{language}/check-in/{registration.attendance_code}/"


def private_page(client, registration, language="en"):
    response = client.get(f"/{language}/registrations/{registration.token}/")
    assert response.status_code == 200
    return response.content.decode()


def drawing(url):
    """The path of segno's SVG for `url`: the same modules, the same QR code."""
    svg = segno.make(url, error="m", micro=False).svg_inline(scale=5)
    return re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_private_page_shows_the_qr_code_of_the_check_in_url_and_the_code(
    client, event, language
):
    registration = RegistrationFactory(event=event)

    text = private_page(client, registration, language)

    assert 'class="qr-code"' in text
    assert drawing(check_in_url(registration, language)) in text
    assert f'<code class="attendance-code">{registration.attendance_code}</code>' in text
    assert registration.token not in drawing(check_in_url(registration, language))


@pytest.mark.parametrize(
    "fields",
    [{"status": Registration.Status.WAITLISTED}, {"status": Registration.Status.CANCELLED}],
)
def test_only_confirmed_registrants_get_a_qr_code(client, event, fields):
    registration = RegistrationFactory(event=event, **fields)

    text = private_page(client, registration)

    assert "<svg" not in text
    assert registration.attendance_code not in text


def test_an_online_event_has_a_join_link_and_no_badge(client):
    starts_at = timezone.now() + datetime.timedelta(minutes=10)
    event = EventFactory(
        mode=Event.Mode.ONLINE,
        online_url="https://meet.example.org/r",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
    )
    registration = RegistrationFactory(event=event)

    text = private_page(client, registration)

    assert "<svg" not in text
    assert f'href="/en/join/{registration.attendance_code}/">Join the online meeting' in text


def test_before_the_window_the_private_page_says_when_the_join_link_opens(client):
    event = EventFactory(mode=Event.Mode.HYBRID, online_url="https://meet.example.org/r")
    registration = RegistrationFactory(event=event)

    text = private_page(client, registration)

    assert "Your meeting link opens 30 minutes before the start" in text
    opens = event.join_opens_at.astimezone(event.zone)
    assert f'datetime="{opens.isoformat()}"' in text
    assert 'class="qr-code"' in text  # hybrid: a room too


def test_the_private_page_lists_the_events_published_documents(client, event):
    event.documents.add(
        DocumentFactory(title_en="Meeting agenda"),
        DocumentFactory(title_en="Draft minutes", is_published=False),
    )
    registration = RegistrationFactory(event=event)

    text = private_page(client, registration)

    assert "Meeting agenda" in text
    assert "Draft minutes" not in text


def mime_parts(message):
    return list(message.message().walk())


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_confirmation_email_shows_the_qr_code_inline_with_the_code_as_text(
    client, event, outbox, django_capture_on_commit_callbacks, language
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/{language}/events/{event.slug}/register/", registration_form_data())
    registration = Registration.objects.get()

    (message,) = outbox
    assert registration.attendance_code in message.body
    html = html_part(message)
    assert f'src="cid:{qr.EMAIL_IMAGE_ID}"' in html
    assert registration.attendance_code in html
    parts = mime_parts(message)
    related = [part for part in parts if part.get_content_type() == "multipart/related"]
    assert len(related) == 1
    inner = [part.get_content_type() for part in related[0].get_payload()]
    assert inner == ["text/html", "image/png"]
    image = related[0].get_payload()[1]
    assert image["Content-ID"] == f"<{qr.EMAIL_IMAGE_ID}>"
    assert image.get_payload(decode=True) == qr.check_in_png(registration)
    assert image.get_payload(decode=True).startswith(b"\x89PNG")
    assert [part.get_content_type() for part in parts].count("text/calendar") == 1


def test_a_waitlisted_registrant_gets_no_qr_code(
    client, outbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/events/{event.slug}/register/", registration_form_data())

    (message,) = outbox
    assert "cid:" not in html_part(message)
    assert "image/png" not in [part.get_content_type() for part in mime_parts(message)]
    assert Registration.objects.get().attendance_code not in message.body


def test_a_promoted_registrant_gets_the_join_link_and_the_qr_code(
    client, outbox, django_capture_on_commit_callbacks
):
    event = EventFactory(
        capacity=1, mode=Event.Mode.HYBRID, online_url="https://meet.example.org/h"
    )
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(
        event=event, email="waiting@example.org", status=Registration.Status.WAITLISTED
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/registrations/{confirmed.token}/cancel/")

    (message,) = [message for message in outbox if message.to == ["waiting@example.org"]]
    base = settings.PORTAL_BASE_URL.rstrip("/")
    assert f"{base}/en/join/{waiting.attendance_code}/" in message.body
    assert waiting.attendance_code in message.body
    assert f'src="cid:{qr.EMAIL_IMAGE_ID}"' in html_part(message)
    assert "image/png" in [part.get_content_type() for part in mime_parts(message)]
    assert b"meet.example.org" not in message.message().as_bytes()


def test_the_reminder_carries_the_qr_code(outbox, event):
    registration = RegistrationFactory(event=event)
    emails.queue_reminder_email(registration)

    (message,) = outbox
    assert f'src="cid:{qr.EMAIL_IMAGE_ID}"' in html_part(message)
    assert registration.attendance_code in message.body
