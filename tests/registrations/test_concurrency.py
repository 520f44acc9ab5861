"""Seats under simultaneous requests: never one seat over the capacity, one freed seat per
cancellation, one registration per address.

The PostgreSQL tests run real threads, each on its own database connection, released
together by a barrier. PostgreSQL's max_connections (100 by default, shared with whatever
else uses the server) caps how many threads may hold a connection at once: the tests use
as many as the server has free, leaving a margin, and say so when that is fewer than the
threads.

On SQLite, pytest-django's test database lives in memory with a shared cache; connections
of other threads then get "database table is locked" at once instead of waiting (the busy
timeout does not apply to shared-cache table locks), so threads cannot be tested against
it. The SQLite test therefore runs a small program in separate processes against a real
database file with the portal's own settings (IMMEDIATE transactions, WAL), as app servers
on SQLite would.
"""

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from registrations import services
from registrations.models import Registration
from tests.factories import EventFactory, RegistrationFactory
from tests.support.forms import registration_form_data

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONNECTION_MARGIN = 10


def free_connection_slots():
    """Connections the PostgreSQL server can still accept, less a margin for others."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int"
            " - current_setting('superuser_reserved_connections')::int"
            " - (SELECT count(*) FROM pg_stat_activity)"
        )
        (free,) = cursor.fetchone()
    return free - CONNECTION_MARGIN


def run_simultaneously(tasks):
    """Run each task in its own thread, all released at once by a barrier.

    Returns (results, errors). Each thread closes its database connection at the end.
    At most as many threads as the server has free connections hold one at a time.
    """
    slots = free_connection_slots()
    assert slots >= 10, f"PostgreSQL has only {slots} free connections for this test"
    if slots < len(tasks):
        print(f"{len(tasks)} threads, at most {slots} with a database connection at once")
    gate = threading.BoundedSemaphore(min(slots, len(tasks)))
    barrier = threading.Barrier(len(tasks))
    results = [None] * len(tasks)
    errors = []

    def run(number, task):
        try:
            barrier.wait(timeout=60)
            with gate:
                try:
                    results[number] = task()
                finally:
                    connection.close()
        except Exception as error:  # reported by the test, with the others
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(number, task)) for number, task in enumerate(tasks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results, errors


def registering(event, email, name="Participant"):
    def task():
        return services.registration_create(
            event=event,
            data={"full_name": name, "email": email, "organization": "Sample Motors"},
            language="en",
        )

    return task


def cancelling(registration):
    def task():
        return services.registration_cancel(registration=registration)

    return task


@pytest.fixture
def quiet_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REGISTRATION_RATE_LIMIT = "off"
    cache.clear()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_100_simultaneous_registrations_for_30_seats_confirm_exactly_30(quiet_mail):
    event = EventFactory(capacity=30, waitlist_enabled=True)

    results, errors = run_simultaneously(
        [registering(event, f"person{number}@example.org") for number in range(100)]
    )

    assert errors == []
    assert all(outcome.created for outcome in results)
    assert event.registrations.confirmed().count() == 30
    assert event.registrations.waitlisted().count() == 70
    assert event.registrations.count() == 100


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_without_a_waiting_list_never_exceed_the_capacity(
    quiet_mail,
):
    event = EventFactory(capacity=30, waitlist_enabled=False)

    results, errors = run_simultaneously(
        [registering(event, f"person{number}@example.org") for number in range(60)]
    )

    # Refused as "full", whichever way the service reports it; never a database error.
    assert [e for e in errors if not isinstance(e, services.RegistrationRefused)] == []
    assert sum(1 for outcome in results if outcome is not None and outcome.created) == 30
    assert event.registrations.confirmed().count() == 30
    assert event.registrations.count() == 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_10_simultaneous_cancellations_promote_exactly_10_waitlisted(quiet_mail):
    event = EventFactory(capacity=30)
    confirmed = RegistrationFactory.create_batch(30, event=event)
    waitlisted = [
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED) for _ in range(20)
    ]

    _results, errors = run_simultaneously([cancelling(r) for r in confirmed[:10]])

    assert errors == []
    assert event.registrations.filter(status="cancelled").count() == 10
    assert event.registrations.confirmed().count() == 30
    assert event.registrations.waitlisted().count() == 10
    promoted = set(event.registrations.confirmed().exclude(pk__in=[r.pk for r in confirmed]))
    assert promoted == set(waitlisted[:10]), "the oldest waitlisted go first"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_20_simultaneous_registrations_of_one_address_in_any_case_leave_one_row(quiet_mail):
    event = EventFactory(capacity=30)
    letters = [position for position, char in enumerate("ana@example.org") if char.isalpha()]
    spellings = [
        "".join(
            char.upper()
            if position in letters[:5] and (number >> letters.index(position)) & 1
            else char
            for position, char in enumerate("ana@example.org")
        )
        for number in range(20)
    ]
    assert len(set(spellings)) == 20

    results, errors = run_simultaneously([registering(event, email) for email in spellings])

    assert errors == []
    assert event.registrations.count() == 1
    assert sum(outcome.created for outcome in results) == 1
    assert {outcome.registration.pk for outcome in results} == {event.registrations.get().pk}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_form_posts_fill_the_seats_and_then_the_waiting_list(quiet_mail):
    event = EventFactory(capacity=30)

    def posting(number):
        def task():
            return Client(REMOTE_ADDR=f"198.51.100.{number}").post(
                f"/en/events/{event.slug}/register/",
                registration_form_data(
                    full_name=f"Participant {number}", email=f"person{number}@example.org"
                ),
            )

        return task

    responses, errors = run_simultaneously([posting(number) for number in range(60)])

    assert errors == []
    assert [response.status_code for response in responses] == [303] * 60
    assert event.registrations.confirmed().count() == 30
    assert event.registrations.waitlisted().count() == 30


SQLITE_PROGRAM = textwrap.dedent(
    """
    import json, sys, threading, time

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from registrations import services
    from registrations.models import Event

    step = sys.argv[1]
    if step == "setup":
        call_command("migrate", verbosity=0)
        now = timezone.now()
        Event.objects.create(
            title="Rush", slug="rush", capacity=int(sys.argv[2]),
            starts_at=now + timezone.timedelta(days=7),
            ends_at=now + timezone.timedelta(days=7, hours=2),
        )
    elif step == "rush":
        prefix, threads, start_at = sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
        event = Event.objects.get(slug="rush")
        connection.close()
        barrier = threading.Barrier(threads)
        statuses, errors = [], []

        def register(number):
            try:
                barrier.wait()
                outcome = services.registration_create(
                    event=event,
                    data={"full_name": "P", "email": f"{prefix}{number}@example.org"},
                    language="en",
                )
                statuses.append(outcome.registration.status)
            except Exception as error:
                errors.append(repr(error))
            finally:
                connection.close()

        workers = [threading.Thread(target=register, args=(n,)) for n in range(threads)]
        time.sleep(max(0, start_at - time.time()))
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        print(json.dumps({"statuses": statuses, "errors": errors}))
    else:
        event = Event.objects.get(slug="rush")
        print(json.dumps({
            "confirmed": event.registrations.confirmed().count(),
            "waitlisted": event.registrations.waitlisted().count(),
        }))
    """
)


def test_simultaneous_registrations_on_a_sqlite_file_never_exceed_the_capacity(tmp_path):
    """Three processes of eight threads each, released at the same moment."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "taskforce.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'rush.sqlite3'}",
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE": "false",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }

    def program(*arguments):
        return [sys.executable, "-c", SQLITE_PROGRAM, *map(str, arguments)]

    def run(*arguments):
        finished = subprocess.run(
            program(*arguments),
            cwd=PROJECT_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert finished.returncode == 0, finished.stderr
        return finished.stdout

    run("setup", 10)
    start_at = time.time() + 4
    rushes = [
        subprocess.Popen(
            program("rush", f"process{number}-", 8, start_at),
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(3)
    ]
    reports = []
    for rush in rushes:
        stdout, stderr = rush.communicate(timeout=120)
        assert rush.returncode == 0, stderr
        reports.append(json.loads(stdout.strip().splitlines()[-1]))
    counts = json.loads(run("count").strip().splitlines()[-1])

    assert [error for report in reports for error in report["errors"]] == []
    statuses = [status for report in reports for status in report["statuses"]]
    assert statuses.count("confirmed") == 10
    assert statuses.count("waitlisted") == 14
    assert counts == {"confirmed": 10, "waitlisted": 14}
