"""The cron commands: send_event_reminders and purge_registrations."""

import datetime
import io
import threading
import time

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from registrations.management.commands.send_event_reminders import Command as RemindersCommand
from registrations.models import Registration
from taskforce.background.models import Email
from tests.factories import EventFactory, RegistrationFactory
from tests.support.outbox import a_minute_passes

pytestmark = pytest.mark.django_db

Status = Registration.Status


class SlowBackend(BaseEmailBackend):
    """Django's in-memory outbox, slowed down so that two runs overlap."""

    def send_messages(self, messages):
        time.sleep(0.02)
        mail.outbox.extend(messages)
        return len(messages)


def run(command, **options):
    output = io.StringIO()
    call_command(command, stdout=output, **options)
    return output.getvalue()


def hours_from_now(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


@pytest.fixture
def soon():
    """A published event starting tomorrow: inside the default 48-hour window."""
    return EventFactory(slug="soon", starts_at=hours_from_now(24))


# send_event_reminders


def test_reminds_only_confirmed_registrants_of_events_starting_within_the_window(
    soon, event, outbox
):
    first = RegistrationFactory(event=soon, email="first@example.org")
    second = RegistrationFactory(event=soon, email="second@example.org")
    RegistrationFactory(event=soon, status=Status.WAITLISTED, email="waiting@example.org")
    RegistrationFactory(event=soon, status=Status.CANCELLED, email="gone@example.org")
    RegistrationFactory(event=soon, is_anonymised=True, email="anonymised-9@invalid")
    RegistrationFactory(event=event, email="in-two-weeks@example.org")
    started = EventFactory(starts_at=hours_from_now(-1), ends_at=hours_from_now(2))
    RegistrationFactory(event=started, email="started@example.org")
    draft = EventFactory(starts_at=hours_from_now(5), is_published=False)
    RegistrationFactory(event=draft, email="draft@example.org")

    output = run("send_event_reminders")

    assert sorted(message.to[0] for message in outbox) == [first.email, second.email]
    assert "Queued 2 reminders for 1 events." in output
    first.refresh_from_db()
    assert first.reminder_sent_at is not None


def test_hours_widens_the_window(soon, event, outbox):
    RegistrationFactory(event=soon)
    RegistrationFactory(event=event)  # in 14 days

    output = run("send_event_reminders", hours=15 * 24)

    assert len(outbox) == 2
    assert "Queued 2 reminders for 2 events." in output


def test_the_reminder_names_the_event_and_carries_the_private_link_and_calendar(soon, outbox):
    registration = RegistrationFactory(event=soon)

    run("send_event_reminders")

    (message,) = outbox
    assert soon.title_en in message.subject
    assert f"/en/registrations/{registration.token}/" in message.body
    filename, calendar, mimetype = message.attachments[0]
    assert filename == "soon.ics"
    assert mimetype.startswith("text/calendar")


def test_the_reminder_goes_in_the_registrants_language(soon, outbox):
    registration = RegistrationFactory(event=soon, language="es")

    run("send_event_reminders")

    (message,) = outbox
    # The Spanish catalogue has no reminder subject yet; the link and the calendar say the
    # language: the Spanish page, and the event's Spanish title.
    assert f"/es/registrations/{registration.token}/" in message.body
    calendar = message.attachments[0][1]
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert f"SUMMARY:{soon.title_es}" in calendar


def test_a_second_run_sends_nothing_new(soon, outbox):
    RegistrationFactory(event=soon)
    run("send_event_reminders")

    output = run("send_event_reminders")

    assert len(outbox) == 1
    assert "Queued 0 reminders for 0 events." in output


def test_a_registrant_added_after_a_run_gets_a_reminder_next_run(soon, outbox):
    RegistrationFactory(event=soon)
    run("send_event_reminders")
    latecomer = RegistrationFactory(event=soon)

    run("send_event_reminders")

    assert [message.to[0] for message in outbox[1:]] == [latecomer.email]


def test_dry_run_lists_the_reminders_and_sends_nothing(soon, outbox):
    registration = RegistrationFactory(event=soon, email="listed@example.org")

    output = run("send_event_reminders", dry_run=True)

    assert outbox == []
    assert "soon" in output and "listed@example.org" in output
    assert "Would send 1 reminders for 1 events" in output
    registration.refresh_from_db()
    assert registration.reminder_sent_at is None


def test_a_reminder_that_meets_a_mail_outage_is_kept_and_sent_when_the_server_returns(
    soon, smtp, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(event=soon)
    smtp.stop()

    with django_capture_on_commit_callbacks(execute=True):
        output = run("send_event_reminders")

    assert "Queued 1 reminders for 1 events." in output
    (email,) = Email.objects.filter(kind="registration.reminder")
    assert email.status == Email.Status.QUEUED
    assert "Connection refused" in email.last_error or "ConnectionRefused" in email.last_error

    smtp.start()
    a_minute_passes()
    run("send_queued_mail")

    assert smtp.recipients() == [registration.email]
    # The next run of the reminders does not queue it again.
    assert "Queued 0 reminders" in run("send_event_reminders")


def test_a_registration_claimed_by_another_run_is_not_sent_again(soon, outbox):
    registration = RegistrationFactory(event=soon)
    now = timezone.now()

    # Two runs read the same due registration; only the first claim takes it.
    assert RemindersCommand().claim(registration, now) is True
    assert RemindersCommand().claim(registration, now) is False


def test_hours_must_be_positive():
    with pytest.raises(CommandError, match="--hours must be more than zero"):
        run("send_event_reminders", hours=0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_runs_send_each_reminder_once(settings):
    settings.EMAIL_BACKEND = "tests.registrations.test_commands.SlowBackend"
    mail.outbox = []
    soon = EventFactory(starts_at=hours_from_now(24))
    registrations = RegistrationFactory.create_batch(12, event=soon)
    start = threading.Barrier(2)

    def cron_run():
        start.wait()
        try:
            run("send_event_reminders")
        finally:
            connection.close()

    threads = [threading.Thread(target=cron_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        registration.email for registration in registrations
    )


# purge_registrations


def ended_days_ago(days, **fields):
    ends_at = timezone.now() - datetime.timedelta(days=days)
    return EventFactory(starts_at=ends_at - datetime.timedelta(hours=3), ends_at=ends_at, **fields)


@pytest.fixture
def old_event():
    return ended_days_ago(400, slug="old-meeting")


def counts():
    return list(
        Registration.objects.values("event", "status", "sector", "country", "language")
        .annotate(count=Count("pk"))
        .order_by("event", "status", "sector", "country", "language")
    )


def test_purge_anonymises_registrations_of_events_that_ended_long_ago(old_event, event):
    old = RegistrationFactory(
        event=old_event,
        full_name="Ana García",
        email="Ana@Example.org",
        job_title="Engineer",
        needs="Vegetarian meal",
        sector="utility",
        country="US",
        attendance_mode="online",
        interpretation=True,
        language="es",
    )
    recent = RegistrationFactory(event=event, full_name="Luis Pérez", email="luis@example.org")
    old_token = old.token

    output = run("purge_registrations", days=365)

    old.refresh_from_db()
    assert old.is_anonymised
    assert "Ana" not in old.full_name
    assert old.email == f"anonymised-{old.pk}@invalid"
    assert (old.organization, old.job_title, old.needs) == ("", "", "")
    assert old.token != old_token and len(old.token) >= 22
    assert (old.event, old.status, old.sector, old.country) == (
        old_event,
        "confirmed",
        "utility",
        "US",
    )
    assert (old.attendance_mode, old.interpretation, old.language) == ("online", True, "es")
    recent.refresh_from_db()
    assert (recent.full_name, recent.email, recent.is_anonymised) == (
        "Luis Pérez",
        "luis@example.org",
        False,
    )
    assert "Anonymised 1 registrations" in output


def test_purge_removes_the_name_from_the_admin_history(old_event, coordinator):
    registration = RegistrationFactory(event=old_event, full_name="Ana García")
    LogEntry.objects.log_actions(
        coordinator.pk, [registration], CHANGE, change_message="Changed status."
    )

    run("purge_registrations", days=365)

    entry = LogEntry.objects.get()
    assert "Ana" not in entry.object_repr
    assert entry.change_message == "Changed status."


def test_purge_keeps_the_counts_by_status_sector_and_country(old_event):
    RegistrationFactory.create_batch(3, event=old_event, sector="oem", country="MX")
    RegistrationFactory(event=old_event, status=Status.WAITLISTED, sector="academia")
    RegistrationFactory(event=old_event, status=Status.CANCELLED, country="US")
    before = counts()

    run("purge_registrations", days=30)

    assert counts() == before
    assert Registration.objects.filter(is_anonymised=True).count() == 5


def test_purge_uses_the_end_of_the_event_not_its_start(db):
    # Started 40 days ago, but a long programme that ended only 10 days ago.
    event = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=40),
        ends_at=timezone.now() - datetime.timedelta(days=10),
    )
    registration = RegistrationFactory(event=event)

    run("purge_registrations", days=30)

    registration.refresh_from_db()
    assert not registration.is_anonymised


def test_the_old_private_link_leads_nowhere_after_the_purge(client, old_event):
    registration = RegistrationFactory(event=old_event)
    url = f"/en/registrations/{registration.token}/"
    assert client.get(url).status_code == 200

    run("purge_registrations", days=365)

    assert client.get(url).status_code == 404
    registration.refresh_from_db()
    assert client.get(f"/en/registrations/{registration.token}/").status_code == 404


def test_purging_again_changes_nothing(old_event):
    RegistrationFactory.create_batch(2, event=old_event)
    run("purge_registrations", days=365)
    first = list(Registration.objects.values_list("pk", "full_name", "email", "token"))

    output = run("purge_registrations", days=365)

    assert list(Registration.objects.values_list("pk", "full_name", "email", "token")) == first
    assert "Anonymised 0 registrations" in output


def test_zero_days_purges_every_event_that_has_ended(event):
    ended = ended_days_ago(0.01)
    gone = RegistrationFactory(event=ended)
    upcoming = RegistrationFactory(event=event)

    run("purge_registrations", days=0)

    gone.refresh_from_db()
    upcoming.refresh_from_db()
    assert gone.is_anonymised and not upcoming.is_anonymised


def test_the_default_period_is_the_privacy_notices(settings):
    settings.REGISTRATION_RETENTION_DAYS = 90
    kept = RegistrationFactory(event=ended_days_ago(80))
    purged = RegistrationFactory(event=ended_days_ago(100))

    run("purge_registrations")

    kept.refresh_from_db()
    purged.refresh_from_db()
    assert not kept.is_anonymised and purged.is_anonymised


def test_negative_days_are_refused(old_event):
    registration = RegistrationFactory(event=old_event)

    with pytest.raises(CommandError, match="--days must be zero or more"):
        run("purge_registrations", days=-1)

    registration.refresh_from_db()
    assert not registration.is_anonymised


def test_purge_dry_run_counts_and_changes_nothing(old_event, event):
    RegistrationFactory.create_batch(3, event=old_event)
    RegistrationFactory(event=event)
    before = list(Registration.objects.values_list("pk", "full_name", "email", "token"))

    output = run("purge_registrations", days=365, dry_run=True)

    assert "Would anonymise 3 registrations" in output
    assert list(Registration.objects.values_list("pk", "full_name", "email", "token")) == before
