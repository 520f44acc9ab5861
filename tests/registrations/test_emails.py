"""The registrant's emails: plain text and HTML, in their language, with their private link
and the event as an .ics attachment; sent only after the transaction commits; a failing
mail server never loses a registration.

The Spanish catalogue may not translate every new sentence yet, so the Spanish emails are
checked on what does not depend on it: the HTML's lang, the Spanish event title and the
/es/ links.
"""

import logging

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from icalendar import Calendar

from registrations import services
from registrations.models import Registration
from taskforce.background import sending
from taskforce.background.models import Email
from tests.factories import EventFactory, RegistrationFactory
from tests.support.forms import registration_form_data
from tests.support.outbox import a_minute_passes

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    def post(event, language="en", **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"/{language}/events/{event.slug}/register/", registration_form_data(**overrides)
            )

    return post


@pytest.fixture
def cancel(client, django_capture_on_commit_callbacks):
    def post(registration):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/en/registrations/{registration.token}/cancel/")

    return post


def private_link(registration, language):
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}/{language}/registrations/{registration.token}/"


def html_part(message):
    parts = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(parts) == 1, "the email has no HTML part"
    return parts[0]


def calendar_attachment(message):
    """The attached .ics file, parsed."""
    attachments = [
        (name, content, mimetype)
        for name, content, mimetype in message.attachments
        if mimetype.startswith("text/calendar")
    ]
    assert len(attachments) == 1, f"expected one text/calendar attachment: {message.attachments}"
    name, content, _mimetype = attachments[0]
    assert name.endswith(".ics")
    return Calendar.from_ical(content)


def only_email_to(outbox, address):
    messages = [message for message in outbox if address in message.to]
    assert len(messages) == 1, [message.subject for message in outbox]
    return messages[0]


# --- What each email says -------------------------------------------------------------


def test_the_confirmation_has_text_and_html_the_private_link_and_the_event(register, event, outbox):
    register(event)

    registration = Registration.objects.get()
    (message,) = outbox
    assert message.to == ["ana@example.org"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "confirmed" in message.subject.lower()
    assert event.title_en in message.subject
    assert "confirmed" in message.body
    assert private_link(registration, "en") in message.body
    assert "<html" not in message.body
    html = html_part(message)
    assert '<html lang="en">' in html
    assert f'href="{private_link(registration, "en")}"' in html
    assert event.title_en in html
    (vevent,) = calendar_attachment(message).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title_en
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)


def test_the_confirmation_shows_the_events_times_and_place(register, event, outbox):
    register(event)

    body = outbox[0].body
    assert "Central Mexico time (Mexico City)" in body
    assert "Mexico City" in body  # the venue


def test_a_waitlisted_registrant_is_told_so(register, outbox):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    register(event)

    (message,) = outbox
    registration = Registration.objects.get(email="ana@example.org")
    assert registration.status == Registration.Status.WAITLISTED
    assert "waiting list" in message.subject.lower()
    assert "waiting list" in message.body
    assert "you have a seat" not in message.body.lower()
    assert private_link(registration, "en") in message.body
    assert private_link(registration, "en") in html_part(message)
    calendar_attachment(message)


def test_a_promoted_registrant_is_emailed_their_seat_with_the_event(cancel, outbox):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(
        event=event, email="waiting@example.org", status=Registration.Status.WAITLISTED
    )

    cancel(confirmed)

    message = only_email_to(outbox, "waiting@example.org")
    assert "seat" in message.subject.lower()
    assert "confirmed" in message.body
    assert private_link(waiting, "en") in message.body
    assert private_link(waiting, "en") in html_part(message)
    calendar_attachment(message)


def test_a_cancelled_registrant_is_told_so(cancel, event, outbox):
    registration = RegistrationFactory(event=event, email="ana@example.org")

    cancel(registration)

    message = only_email_to(outbox, "ana@example.org")
    assert "cancelled" in message.subject.lower()
    assert "cancelled" in message.body
    assert "cancelled" in html_part(message)
    assert event.title_en in message.body


def test_the_join_link_goes_to_confirmed_registrants_only_never_the_raw_meeting_link(
    register, outbox
):
    event = EventFactory(mode="online", capacity=1, online_url="https://meet.example.org/zev-42")

    register(event, email="first@example.org")
    register(event, email="second@example.org")

    confirmed = only_email_to(outbox, "first@example.org")
    waitlisted = only_email_to(outbox, "second@example.org")
    first = Registration.objects.get(email="first@example.org")
    join_url = f"{settings.PORTAL_BASE_URL.rstrip('/')}/en/join/{first.attendance_code}/"
    assert join_url in confirmed.body
    assert join_url in html_part(confirmed)
    (vevent,) = calendar_attachment(confirmed).walk("VEVENT")
    assert join_url in str(vevent["DESCRIPTION"])
    for message in (confirmed, waitlisted):
        assert "meet.example.org" not in message.body
        assert "meet.example.org" not in html_part(message)
        assert b"meet.example.org" not in message.message().as_bytes()
    assert "/join/" not in waitlisted.body


def test_the_html_email_escapes_what_the_registrant_typed(register, event, outbox):
    register(event, full_name="<b>Ana</b> & <script>x()</script>")

    html = html_part(outbox[0])
    assert "<script>x()</script>" not in html
    assert "&lt;b&gt;Ana&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert "<b>Ana</b> & <script>x()</script>" in outbox[0].body


def test_a_slow_mail_server_cannot_hang_a_request():
    assert settings.EMAIL_TIMEOUT is not None
    assert 0 < settings.EMAIL_TIMEOUT <= 60


# --- Language ---------------------------------------------------------------------------


def test_a_registration_made_in_spanish_gets_a_spanish_email(register, event, outbox):
    register(event, language="es")

    registration = Registration.objects.get()
    (message,) = outbox
    html = html_part(message)
    assert '<html lang="es">' in html
    assert event.title_es in message.subject
    assert event.title_es in message.body
    assert event.title_es in html
    assert private_link(registration, "es") in message.body
    assert f'href="{private_link(registration, "es")}"' in html
    assert event.title_en not in message.body
    (vevent,) = calendar_attachment(message).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title_es


def test_a_spanish_registrant_promoted_after_an_english_cancellation_is_written_to_in_spanish(
    cancel, outbox
):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event, language="en")
    waiting = RegistrationFactory(
        event=event,
        email="espera@example.org",
        language="es",
        status=Registration.Status.WAITLISTED,
    )

    cancel(confirmed)

    message = only_email_to(outbox, "espera@example.org")
    assert '<html lang="es">' in html_part(message)
    assert event.title_es in message.body
    assert private_link(waiting, "es") in message.body


# --- After the commit, never before ------------------------------------------------------


def test_the_email_is_written_in_the_transaction_and_sent_after_the_commit(
    event, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    data = {"full_name": "Ana García", "email": "ana@example.org"}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = services.registration_create(event=event, data=data, language="en")
        # The row is there, in the registration's transaction; nothing went out yet.
        (email,) = Email.objects.all()
        assert (email.kind, email.registration, email.language) == (
            "registration.confirmed",
            outcome.registration,
            "en",
        )
        assert (email.status, email.body_text) == (Email.Status.QUEUED, "")
        assert mail.outbox == []

    assert callbacks, "the email's task was not queued for after the commit"
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert "ana@example.org" in email.to and email.body_text  # rendered when sent


@pytest.mark.django_db(transaction=True)
def test_a_registration_whose_transaction_rolls_back_sends_nothing(outbox):
    event = EventFactory()

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        services.registration_create(
            event=event, data={"full_name": "Ana", "email": "ana@example.org"}, language="en"
        )
        raise RolledBack

    assert not Registration.objects.exists()
    assert outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_whose_transaction_rolls_back_sends_nothing(outbox):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        services.registration_cancel(registration=confirmed)
        raise RolledBack

    assert event.registrations.confirmed().get() == confirmed
    assert outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_email_is_handed_over_before_the_response_returns(client, outbox):
    event = EventFactory()

    response = client.post(f"/en/events/{event.slug}/register/", registration_form_data())

    assert response.status_code == 303
    assert len(outbox) == 1
    assert outbox[0].to == ["ana@example.org"]


@pytest.mark.django_db(transaction=True)
def test_a_mail_outage_keeps_the_registration_and_its_email_which_goes_when_the_server_returns(
    client, smtp, caplog
):
    event = EventFactory()
    smtp.stop()

    with caplog.at_level(logging.ERROR):
        response = client.post(f"/en/events/{event.slug}/register/", registration_form_data())

    assert response.status_code == 303
    assert response["Location"] == f"/en/events/{event.slug}/register/done/"
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    (email,) = Email.objects.all()
    assert (email.registration, email.status) == (registration, Email.Status.QUEUED)
    assert "Connection refused" in email.last_error
    assert any("cannot take mail" in record.getMessage() for record in caplog.records)

    smtp.start()
    a_minute_passes()
    sending.sweep()

    assert smtp.recipients() == ["ana@example.org"]
    email.refresh_from_db()
    assert email.status == Email.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_mail_outage_does_not_stop_a_cancellation_or_its_promotion(client, smtp):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    smtp.stop()

    response = client.post(f"/en/registrations/{confirmed.token}/cancel/")

    assert response.status_code == 303
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert confirmed.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    kinds = sorted(Email.objects.waiting().values_list("kind", flat=True))
    assert kinds == ["registration.cancelled", "registration.promoted"]

    smtp.start()
    a_minute_passes()
    sending.sweep()

    assert sorted(smtp.recipients()) == sorted([confirmed.email, waiting.email])
