"""The outbox's sending rules, against a real SMTP server on a local port (aiosmtpd): what
each answer of the server does to a message, the server check every minute, permanent
refusals, stuck mail, giving up, and no message sent twice."""

import logging
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from registrations import services
from taskforce.background import sending
from taskforce.background.mail import queue_email
from taskforce.background.models import Email, MailServer, RefusedAddress
from tests.factories import EventFactory, RegistrationFactory
from tests.support.outbox import a_minute_passes, time_passes

pytestmark = pytest.mark.django_db


def queue(to="ana@example.org", subject="Hello", text="Text"):
    """A message with its body (as allauth's are), waiting; sent by the calls below."""
    return Email.objects.create(kind="test", to=to, language="en", subject=subject, body_text=text)


def status_of(email):
    email.refresh_from_db()
    return email.status


def test_a_message_the_server_takes_is_sent_with_reply_to_and_marked_sent(smtp, settings):
    settings.EMAIL_REPLY_TO = "groups@example.org"
    email = queue()

    assert sending.send_one(email.pk) == Email.Status.SENT

    (message,) = smtp.messages
    assert message["To"] == "ana@example.org"
    assert message["Reply-To"] == "groups@example.org"
    assert message["Auto-Submitted"] == "auto-generated"
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Email.Status.SENT, 1, "")
    assert email.sent_at is not None


def test_a_permanent_refusal_of_the_recipient_fails_the_message_and_marks_the_address(smtp):
    smtp.refuse_recipient("gone@example.org", "550 5.1.1 User unknown")
    email = queue(to="gone@example.org")

    assert sending.send_one(email.pk) == Email.Status.FAILED

    email.refresh_from_db()
    assert email.last_error == "550 5.1.1 User unknown"
    assert RefusedAddress.is_refused("Gone@Example.org")
    # Nothing more goes to that address: the server is not even asked.
    smtp.refuse_recipient("gone@example.org", "250 OK")
    later = queue(to="gone@example.org")
    assert sending.send_one(later.pk) == Email.Status.FAILED
    assert smtp.messages == []
    assert "refused this address earlier" in Email.objects.get(pk=later.pk).last_error


def test_a_permanent_refusal_of_the_data_fails_the_message(smtp):
    smtp.handler.data_answer = "554 5.7.1 Message rejected as spam"
    email = queue()

    assert sending.send_one(email.pk) == Email.Status.FAILED
    assert "554 5.7.1" in Email.objects.get(pk=email.pk).last_error


def test_registering_again_clears_the_refusal_of_the_address(smtp):
    event = EventFactory()
    old = RegistrationFactory(event=EventFactory(), email="ana@example.org")
    RefusedAddress.objects.create(email="ana@example.org", reason="550 earlier")
    # The refusal came after the old registration: its mail is not sent.
    reminder = queue_email(
        kind="registration.reminder", to=old.email, language="en", registration=old
    )
    assert sending.send_one(reminder.pk) == Email.Status.FAILED

    outcome = services.registration_create(
        event=event, data={"full_name": "Ana", "email": "Ana@example.org"}, language="en"
    )
    (confirmation,) = Email.objects.filter(registration=outcome.registration)

    assert sending.send_one(confirmation.pk) == Email.Status.SENT
    assert not RefusedAddress.is_refused("ana@example.org")
    assert smtp.recipients() == ["Ana@example.org"]


def test_a_temporary_refusal_delays_only_that_message_with_growing_waits(smtp):
    smtp.refuse_recipient("busy@example.org", "451 4.2.1 Mailbox busy, try later")
    busy, other = queue(to="busy@example.org"), queue(to="other@example.org")

    assert sending.send_one(busy.pk) == Email.Status.RETRYING
    busy.refresh_from_db()
    first_wait = busy.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)
    assert busy.last_error == "451 4.2.1 Mailbox busy, try later"
    # The other message is not held up: the server itself is fine.
    assert sending.send_one(other.pk) == Email.Status.SENT
    assert not MailServer.current().down_since

    # Not due yet: nothing happens; once due, the second refusal waits two minutes.
    assert sending.send_one(busy.pk) is None
    a_minute_passes()
    assert sending.send_one(busy.pk) == Email.Status.RETRYING
    busy.refresh_from_db()
    assert timedelta(minutes=1, seconds=50) < busy.next_attempt_at - timezone.now()

    del smtp.handler.rcpt_answers["busy@example.org"]
    time_passes(timedelta(minutes=2, seconds=1))
    assert sending.sweep()["sent"] == 1
    assert sorted(smtp.recipients()) == ["busy@example.org", "other@example.org"]


def test_while_the_server_is_down_all_mail_waits_on_a_check_every_minute(smtp, caplog):
    smtp.stop()
    first, second = queue(to="one@example.org"), queue(to="two@example.org")

    with caplog.at_level(logging.ERROR):
        assert sending.send_one(first.pk) == Email.Status.QUEUED
    assert "cannot take mail" in caplog.text
    server = MailServer.current()
    assert server.down_since is not None and "Connection refused" in server.last_error
    # The second message does not try on its own: it waits for the server check.
    assert sending.send_one(second.pk) is None
    assert sending.sweep()["sent"] == 0
    assert (status_of(first), status_of(second)) == (Email.Status.QUEUED, Email.Status.QUEUED)
    # A fault of the server is not the message's: its attempt does not count.
    assert Email.objects.get(pk=first.pk).attempts == 0

    smtp.start()
    a_minute_passes()
    assert sending.sweep()["sent"] == 2

    assert sorted(smtp.recipients()) == ["one@example.org", "two@example.org"]
    assert MailServer.current().down_since is None


def test_a_server_that_hangs_is_a_server_fault_and_costs_one_time_out(smtp, settings):
    settings.EMAIL_TIMEOUT = 1
    smtp.hang()
    emails = [queue(to=f"person{n}@example.org") for n in range(5)]

    started = timezone.now()
    sending.sweep()
    # One time-out for the whole sweep, not one per message.
    assert timezone.now() - started < timedelta(seconds=3)
    assert {status_of(email) for email in emails} == {Email.Status.QUEUED}

    smtp.start()
    a_minute_passes()
    assert sending.sweep()["sent"] == 5


def test_a_rejected_sign_in_is_a_configuration_fault_that_stops_nothing(smtp, settings, caplog):
    # The test server offers no AUTH without TLS: signing in fails, for every message alike.
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "portal", "wrong"
    email = queue()

    with caplog.at_level(logging.ERROR):
        assert sending.send_one(email.pk) == Email.Status.QUEUED
    assert status_of(email) == Email.Status.QUEUED
    assert not RefusedAddress.objects.exists()

    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    a_minute_passes()
    assert sending.sweep()["sent"] == 1


def test_mail_stuck_sending_is_queued_again_after_ten_minutes_and_logged(smtp, caplog):
    email = queue()
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.SENDING, claimed_at=timezone.now() - timedelta(minutes=9)
    )
    assert sending.sweep()["requeued"] == 0

    time_passes(timedelta(minutes=2))
    with caplog.at_level(logging.WARNING):
        counts = sending.sweep()

    assert (counts["requeued"], counts["sent"]) == (1, 1)
    assert "may receive it twice" in caplog.text
    assert smtp.recipients() == ["ana@example.org"]


def test_mail_not_sent_within_the_limit_is_failed_with_the_last_answer(smtp, settings):
    smtp.stop()
    email = queue()
    sending.send_one(email.pk)
    Email.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - timedelta(hours=settings.MAIL_GIVE_UP_HOURS, minutes=1)
    )

    assert sending.sweep()["given_up"] == 1

    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    assert email.last_error.startswith("Not sent within 48 hours. Last answer: ")
    assert "Connection refused" in email.last_error


def test_a_confirmation_whose_registration_was_cancelled_before_it_went_out_is_aborted(smtp):
    registration = RegistrationFactory()
    email = queue_email(
        kind="registration.confirmed",
        to=registration.email,
        language="en",
        registration=registration,
    )
    services.registration_cancel(registration=registration)

    assert sending.send_one(email.pk) == Email.Status.ABORTED
    assert "cancelled before this email went out" in Email.objects.get(pk=email.pk).last_error
    assert smtp.messages == []


def test_the_email_is_rendered_when_sent_in_the_registrants_language(smtp):
    event = EventFactory(title_en="Border meeting", title_es="Reunión fronteriza")
    registration = RegistrationFactory(event=event, language="es")
    email = queue_email(
        kind="registration.confirmed",
        to=registration.email,
        language="es",
        registration=registration,
    )

    sending.send_one(email.pk)

    (message,) = smtp.messages
    assert "Reunión fronteriza" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert f"/es/registrations/{registration.token}/" in text
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == f"{event.slug}.ics"
    assert "SUMMARY:Reunión fronteriza" in attachment.get_content()
    email.refresh_from_db()
    assert "Reunión fronteriza" in email.subject and email.body_text  # kept for coordinators


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_sending_the_same_mail_at_once_send_each_message_once(smtp):
    emails = [queue(to=f"person{n}@example.org") for n in range(30)]
    start = threading.Barrier(4)

    def worker(order):
        start.wait()
        try:
            for email in order:
                sending.send_one(email.pk)
        finally:
            connection.close()

    orders = [emails, emails[::-1], emails[10:] + emails[:10], emails[::2] + emails[1::2]]
    threads = [threading.Thread(target=worker, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(smtp.recipients()) == sorted(email.to for email in emails)
    assert set(Email.objects.values_list("status", "attempts")) == {(Email.Status.SENT, 1)}


def test_a_server_that_refuses_to_relay_is_misconfigured_not_refusing_the_address(smtp):
    smtp.refuse_recipient("ana@example.org", "554 5.7.1 <ana@example.org>: Relay access denied")
    email = queue()

    assert sending.send_one(email.pk) == Email.Status.QUEUED

    assert not RefusedAddress.objects.exists()
    assert MailServer.current().down_since is not None


def test_allauths_messages_lose_their_body_once_sent(smtp):
    email = Email.objects.create(
        kind="account.password_reset",
        to="ana@example.org",
        subject="Password reset",
        body_text="https://portal.example.org/en/accounts/password/reset/key/1-abc/",
    )

    assert sending.send_one(email.pk) == Email.Status.SENT

    assert "reset/key/1-abc" in smtp.messages[0].get_body(("plain",)).get_content()
    email.refresh_from_db()
    assert (email.body_text, email.subject) == ("", "Password reset")
    assert email.body_deleted_at is not None
