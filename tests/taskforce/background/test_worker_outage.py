"""The outbox on the real thing: the portal in gunicorn, a real Celery worker with its beat
(the contract's command, tests/support/worker.py) on the Redis of this machine, and a real
SMTP server on a local port (tests/support/smtp.py) that is stopped, hangs, refuses and comes
back. Nothing here runs in the test process but the test: mail is sent by the worker, and
counted by the SMTP server per address.

Beat keeps its production schedule: the sweep runs every 60 s, so a test that waits for the
mail server's return waits for real (about a minute, two at the most), and the file takes a
few minutes. PostgreSQL, because several processes share the database (pytest-django's test
database, so the tests are transactional); Redis database 13 is the broker, emptied before
and after each test.
"""

import time
from collections import Counter
from datetime import timedelta

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from registrations.models import Registration
from taskforce.background.models import Email, JobRun, MailServer, RefusedAddress
from tests.factories import EventFactory, RegistrationFactory
from tests.support.faults import Portal
from tests.support.gunicorn import unused_port
from tests.support.outbox import a_minute_passes, time_passes
from tests.support.smtp import SMTPServer
from tests.support.worker import CeleryWorker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BROKER_URL = "redis://127.0.0.1:6379/13"
# A registration's answer, whatever the mail server or the broker does.
AT_ONCE = 2.0
# The contract: everything goes out within two minutes of the mail server's return.
AFTER_RETURN = 120
SWEEP = "sweep-outbox"
SEND_EMAIL = "taskforce.background.tasks.send_email"


def wait_until(condition, timeout, what):
    """Seconds until `condition()` held; fails the test after `timeout` seconds."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"{what}: not within {timeout} s")
        time.sleep(0.5)
    return time.monotonic() - started


def every_message_sent():
    return not Email.objects.exclude(status=Email.Status.SENT).exists()


def received(mail_server):
    """How many messages the SMTP server took for each address."""
    return Counter(mail_server.recipients())


@pytest.fixture
def broker():
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    client.flushdb()  # database 13 is this file's alone: tasks of an earlier test go
    yield BROKER_URL
    client.flushdb()
    client.close()


@pytest.fixture
def mail_server():
    server = SMTPServer().start()
    yield server
    server.close()


@pytest.fixture
def event(transactional_db):
    return EventFactory(slug="border-meeting", capacity=None)


@pytest.fixture
def deployment(tmp_path, transactional_db, broker, mail_server):
    """Starts the portal (`portal()`) and workers (`worker(name, ...)`) as a deployment runs
    them, on the test database, this file's broker and the test's mail server; stops them
    all after the test, workers first."""
    database = connection.settings_dict
    environment = {
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": broker,
        "EMAIL_URL": f"smtp://{mail_server.host}:{mail_server.port}",
    }
    started = []

    class Deployment:
        def portal(self, **overrides):
            portal = Portal(tmp_path / f"portal-{len(started)}", **{**environment, **overrides})
            portal.stdout_path.parent.mkdir()
            started.append(portal)
            portal.start()
            # The worker gets what the web servers get (the contract), broker included.
            self.environment = {**portal.environment, "CELERY_BROKER_URL": broker}
            return portal

        def worker(self, name="worker", *, beat=True):
            worker = CeleryWorker(
                name, environment=self.environment, directory=tmp_path / "workers", beat=beat
            )
            started.insert(0, worker)
            worker.start()
            worker.wait_until_ready()
            return worker

    yield Deployment()
    for process in started:
        process.stop()


@pytest.fixture
def client_app(broker):
    """Queues tasks on the broker from the test, as the web servers do."""
    app = Celery("tests", broker=broker, set_as_current=False)
    yield app
    app.close()


def register_everyone(portal, event, addresses):
    """POSTs each address's registration; the seconds each answer took."""
    cookie, token = portal.registration_form(event.slug)
    seconds = {}
    for address in addresses:
        answer = portal.register(event.slug, address, cookie=cookie, token=token)
        assert answer.status == 303, (address, answer.status, answer.body[:300])
        seconds[address] = answer.seconds
    return seconds


def assert_answered_at_once(seconds):
    slowest = max(seconds.values())
    print(f"registrations answered in {min(seconds.values()):.3f}-{slowest:.3f} s")
    assert slowest < AT_ONCE, seconds


def wait_for_the_next_sweep(after):
    """Until beat's sweep has run once more, started after `after`."""
    return wait_until(
        lambda: JobRun.objects.filter(
            name=SWEEP, finished_at__gt=after, started_at__gt=after
        ).exists(),
        timeout=75,
        what="another sweep",
    )


def wait_until_the_worker_finds_it_down(what):
    wait_until(lambda: MailServer.current().down_since is not None, 30, what)


def return_and_count(mail_server, addresses):
    """The mail server returns: every address gets its one confirmation within two
    minutes, and every message is marked sent."""
    mail_server.start()
    seconds = wait_until(
        lambda: set(received(mail_server)) == set(addresses),
        AFTER_RETURN,
        "every registrant's confirmation after the mail server's return",
    )
    print(f"all {len(addresses)} confirmations out {seconds:.1f} s after the server's return")
    # The server has the last message a moment before its row is marked sent.
    wait_until(every_message_sent, 10, "every message marked sent")
    assert received(mail_server) == Counter(addresses)
    assert MailServer.current().down_since is None


def test_registrations_during_a_mail_outage_each_get_one_confirmation_after_its_return(
    deployment, mail_server, event
):
    portal = deployment.portal()
    deployment.worker()
    mail_server.stop()
    addresses = [f"outage{number}@example.org" for number in range(10)]

    assert_answered_at_once(register_everyone(portal, event, addresses))
    wait_until_the_worker_finds_it_down("the worker finding the server down")
    assert Email.objects.filter(to__in=addresses).count() == len(addresses)
    assert not Email.objects.filter(status=Email.Status.SENT).exists()

    return_and_count(mail_server, addresses)

    # One more sweep sends nothing again.
    wait_for_the_next_sweep(after=timezone.now())
    assert received(mail_server) == Counter(addresses)


def test_registrations_while_the_mail_server_hangs_answer_at_once_and_go_out_once(
    deployment, mail_server, event
):
    portal = deployment.portal()
    worker = deployment.worker()
    mail_server.hang()  # accepts connections and never answers
    addresses = [f"hang{number}@example.org" for number in range(10)]

    assert_answered_at_once(register_everyone(portal, event, addresses))
    wait_until_the_worker_finds_it_down("the worker giving up on the silent server")
    assert "timed out" in MailServer.current().last_error
    assert "The mail server cannot take mail" in worker.output()

    return_and_count(mail_server, addresses)
    time.sleep(2)  # a task still running would have sent a second copy by now
    assert received(mail_server) == Counter(addresses)


def test_with_the_broker_down_a_registration_answers_at_once_and_its_mail_waits_for_the_sweep(
    deployment, mail_server, event
):
    closed_port = unused_port()
    portal = deployment.portal(CELERY_BROKER_URL=f"redis://127.0.0.1:{closed_port}/13")
    addresses = [f"nobroker{number}@example.org" for number in range(3)]

    assert_answered_at_once(register_everyone(portal, event, addresses))
    assert {(email.status, email.attempts) for email in Email.objects.all()} == {
        (Email.Status.QUEUED, 0)
    }
    assert portal.output().count(
        f"ERROR taskforce.core.background Could not queue {SEND_EMAIL}"
    ) == len(addresses)

    # A worker on a broker that works: its beat's first sweep (a minute after it starts)
    # finds the rows that were never queued.
    deployment.worker()
    seconds = wait_until(
        lambda: set(received(mail_server)) == set(addresses), 75, "the sweep sending them"
    )
    print(f"sent by the worker's first sweep {seconds:.1f} s after it was ready")
    wait_until(every_message_sent, 10, "every message marked sent")
    assert received(mail_server) == Counter(addresses)


def test_two_workers_sending_the_same_mail_at_once_send_each_message_once(
    deployment, mail_server, event, client_app
):
    deployment.portal()
    with_beat = deployment.worker("first")
    without_beat = deployment.worker("second", beat=False)
    registrations = RegistrationFactory.create_batch(40, event=event)
    emails = [
        Email.objects.create(
            kind="registration.confirmed",
            registration=registration,
            to=registration.email,
            language="en",
        )
        for registration in registrations
    ]

    # Every message is asked for three times, on both workers' four processes at once.
    for _round in range(3):
        for email in emails:
            client_app.send_task(SEND_EMAIL, args=[email.pk])
    wait_until(every_message_sent, 60, "every message sent")
    time.sleep(3)  # the rest of the 120 tasks, each finding its message already sent

    assert received(mail_server) == Counter(r.email for r in registrations)
    assert with_beat.output().count("Sent email ") > 0
    assert without_beat.output().count("Sent email ") > 0
    print(
        "sent by the worker with beat:",
        with_beat.output().count("Sent email "),
        "without:",
        without_beat.output().count("Sent email "),
    )


def test_a_refused_recipient_fails_only_its_message_and_a_busy_one_is_retried(
    deployment, mail_server, event, client_app
):
    portal = deployment.portal()
    deployment.worker()
    mail_server.refuse_recipient("gone@example.org", "550 5.1.1 No such user here")
    mail_server.refuse_recipient("busy@example.org", "451 4.2.1 Mailbox busy, try later")
    addresses = ["gone@example.org", "busy@example.org", "ana@example.org"]

    register_everyone(portal, event, addresses)
    wait_until(
        lambda: (
            not Email.objects.filter(
                status__in=[Email.Status.QUEUED, Email.Status.SENDING]
            ).exists()
        ),
        30,
        "an answer about every message",
    )

    gone, busy = (Email.objects.get(to=address) for address in addresses[:2])
    assert gone.status == Email.Status.FAILED
    assert gone.last_error.startswith("550 5.1.1")
    assert RefusedAddress.is_refused("gone@example.org")
    assert busy.status == Email.Status.RETRYING
    assert busy.last_error.startswith("451 4.2.1")
    assert timedelta(seconds=50) < busy.next_attempt_at - timezone.now() <= timedelta(minutes=1)
    assert received(mail_server) == Counter(["ana@example.org"])
    assert MailServer.current().down_since is None  # one recipient's answer, not the server's

    # Its minute passes and the server is still busy: a longer wait.
    a_minute_passes()
    client_app.send_task(SEND_EMAIL, args=[busy.pk])
    wait_until(lambda: Email.objects.get(pk=busy.pk).attempts == 2, 30, "the second try")
    busy.refresh_from_db()
    assert busy.status == Email.Status.RETRYING
    assert busy.next_attempt_at - timezone.now() > timedelta(seconds=110)

    # The mailbox takes mail again, and the wait is over.
    mail_server.accept_recipient("busy@example.org")
    time_passes(timedelta(minutes=2, seconds=1))
    client_app.send_task(SEND_EMAIL, args=[busy.pk])
    wait_until(
        lambda: Email.objects.get(pk=busy.pk).status == Email.Status.SENT, 30, "the third try"
    )
    assert received(mail_server) == Counter(["ana@example.org", "busy@example.org"])
    assert Email.objects.get(pk=gone.pk).status == Email.Status.FAILED
    assert Registration.objects.filter(event=event).count() == 3
