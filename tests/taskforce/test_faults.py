"""Faults: the database going away and coming back, a mail server that refuses or hangs,
and what the portal logs about them.

Each test runs the real portal in gunicorn (two sync workers, debug off, as in production;
see tests/support/faults.py) against pytest-django's test database, so the tests are transactional:
the portal's processes see what the test commits, and the test sees what they commit.

The faults are real, not mocks. The portal reaches PostgreSQL through a TCP link in the
test process (tests.support.faults.FaultyLink) that the test cuts (the port is closed and open
connections dropped: the server is down), silences (connections are accepted and never
answered: the host no longer answers) and restores, on the same port. Stopping and
restarting the PostgreSQL server itself would show the portal the same refused and dropped
connections, but it would also break the test runner's own connection and every other
database user of the machine (other suites, CI jobs), it needs the rights to control the
server, and a silent host cannot be made that way at all; the link gives all three faults
in milliseconds, and nothing outside the test notices.

The portal connects with a 2 s connect timeout (DATABASE_CONNECT_TIMEOUT; psycopg's
minimum) and a 2 s mail timeout (EMAIL_TIMEOUT), so "quickly" below means within that
timeout plus 2 s, where a hang would last until gunicorn kills the worker (120 s, see
gunicorn.conf.py), and the visitor would get no page at all.
"""

import itertools
import re
import threading
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from registrations.models import Registration
from taskforce.background.models import Email
from tests.factories import EventFactory
from tests.support.faults import FaultyLink, Portal
from tests.support.outbox import a_minute_passes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

QUICKLY = Portal.CONNECT_TIMEOUT + 2

ERROR_PAGE_TEXT = "Something went wrong"
# One log record, stamped in UTC: "2026-11-29T06:20:58Z INFO taskforce.requests GET /en/ 200 12ms".
LOG_RECORD = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+ \S"
)
REQUEST_RECORD = re.compile(
    r" taskforce\.requests (?P<method>[A-Z]+) (?P<path>\S+) (?P<status>\d{3}) (?P<ms>\d+)ms$"
)


@pytest.fixture
def database_link(transactional_db):
    """A link to the test database's server, up."""
    database = connection.settings_dict
    with FaultyLink((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))) as link:
        link.restore()
        yield link


@pytest.fixture
def start_portal(tmp_path, database_link):
    """Starts the portal on the test database through `database_link`; stops it after
    the test."""
    portals = []

    def start(**environment):
        database = connection.settings_dict
        credentials = database["USER"] + (
            f":{database['PASSWORD']}" if database["PASSWORD"] else ""
        )
        environment.setdefault(
            "DATABASE_URL",
            f"postgres://{credentials}@127.0.0.1:{database_link.port}/{database['NAME']}",
        )
        # The test's own key: sessions made here (signed_in) are valid there.
        environment.setdefault("DJANGO_SECRET_KEY", settings.SECRET_KEY)
        portal = Portal(tmp_path / f"portal-{len(portals)}", **environment)
        portal.stdout_path.parent.mkdir()
        portals.append(portal)
        portal.start()
        return portal

    yield start
    for portal in portals:
        portal.stop()


@pytest.fixture
def event(transactional_db):
    return EventFactory(slug="border-meeting", capacity=None)


@pytest.fixture
def signed_in(django_user_model):
    """The Cookie header of a signed-in participant (whose pages are never cached)."""
    user = django_user_model.objects.create_user(username="ana", email="ana@example.org")
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


VISITS = itertools.count()


def fresh(path):
    """The page at `path`, at an address that no page cache holds yet."""
    return f"{path}?visit={next(VISITS)}"


def pages(event):
    return ["/en/", "/en/documents/", "/en/events/", f"/en/events/{event.slug}/"]


def assert_ok(portal, paths, cookie=""):
    health = portal.get("/healthz")
    assert (health.status, health.body) == (200, "ok")
    for path in paths:
        answer = portal.get(path, headers={"Cookie": cookie} if cookie else None)
        assert answer.status == 200, (path, answer.status, answer.body[:300])


def assert_error_page(answer, path):
    """The portal's own error page, in English, and quickly: not gunicorn's, not a hang."""
    assert answer.status == 500, (path, answer.status, answer.body[:300])
    assert ERROR_PAGE_TEXT in answer.body, (path, answer.body[:300])
    assert '<html lang="en">' in answer.body
    assert answer.seconds < QUICKLY, (path, answer.seconds)


def assert_unavailable(portal, paths, cookie=""):
    health = portal.get("/healthz")
    assert health.status == 503, health.body
    assert health.seconds < QUICKLY
    for path in paths:
        assert_error_page(portal.get(path, headers={"Cookie": cookie} if cookie else None), path)


def assert_no_worker_restarted(portal):
    errors = portal.errors()
    assert "WORKER TIMEOUT" not in errors
    assert errors.count("Booting worker") == portal.workers, errors


def test_while_the_database_is_down_healthz_says_503_and_pages_show_the_error_page_until_it_returns(
    start_portal, database_link, event, signed_in
):
    own_pages = [*pages(event), "/en/accounts/registrations/"]
    database_link.cut()
    portal = start_portal()  # started while the database is down, as after a power cut
    assert_unavailable(portal, pages(event))
    assert_unavailable(portal, own_pages, cookie=signed_in)

    database_link.restore()
    # The workers now hold connections (CONN_MAX_AGE 60), which the next cut breaks.
    for _ in range(3):
        assert_ok(portal, pages(event))
        assert_ok(portal, own_pages, cookie=signed_in)

    for _ in range(2):
        database_link.cut()
        assert_unavailable(portal, map(fresh, pages(event)))
        assert_unavailable(portal, own_pages, cookie=signed_in)

        database_link.restore()
        # Recovered at the first request, without a restart.
        assert_ok(portal, map(fresh, pages(event)))
        assert_ok(portal, own_pages, cookie=signed_in)

    assert_no_worker_restarted(portal)


def test_while_the_database_host_is_silent_pages_answer_within_the_connect_timeout(
    start_portal, database_link, event
):
    portal = start_portal()
    assert_ok(portal, pages(event))
    accepted = database_link.accepted

    database_link.silence()
    assert_unavailable(portal, [fresh(f"/en/events/{event.slug}/")])
    # Each time, the portal waited on the database and gave up at its connect timeout.
    assert database_link.accepted >= accepted + 2

    database_link.restore()
    assert_ok(portal, map(fresh, pages(event)))
    assert_no_worker_restarted(portal)


def test_public_pages_cached_before_the_database_went_down_are_still_served(
    start_portal, database_link, event
):
    portal = start_portal(workers=1)  # one process: one page cache
    assert_ok(portal, pages(event))

    database_link.cut()

    for path in pages(event):
        answer = portal.get(path)
        assert (answer.status, answer.header("X-Cache")) == (200, "hit"), path
    assert_unavailable(portal, map(fresh, pages(event)))


def test_every_registration_acknowledged_while_the_database_comes_and_goes_is_stored(
    start_portal, database_link, event
):
    portal = start_portal()
    clients, answers, lock = 4, {}, threading.Lock()
    forms = [portal.registration_form(event.slug) for _ in range(clients)]
    stop = threading.Event()

    def client(number):
        cookie, token = forms[number]
        sent = 0
        while not stop.is_set():
            sent += 1
            email = f"client{number}-{sent}@example.org"
            try:
                answer = portal.register(event.slug, email, cookie=cookie, token=token)
                status = answer.status
                if status == 500 and ERROR_PAGE_TEXT not in answer.body:
                    status = "500 without the portal's error page"
            except OSError as error:  # no answer at all: a hang or a crashed worker
                status = type(error).__name__
            with lock:
                answers[email] = status
            if status != 303:
                time.sleep(0.1)  # as a person would, before trying again

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    try:
        # Outages of every kind while registrations keep coming, transactions included.
        for fault in ["cut", "silence", "cut", "cut", "silence", "cut"]:
            time.sleep(0.4)
            getattr(database_link, fault)()
            time.sleep(0.3)
            database_link.restore()
        time.sleep(0.4)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)

    statuses = Counter(answers.values())
    print(f"{len(answers)} registrations sent: {dict(statuses)}")
    assert set(statuses) <= {303, 500}, statuses
    assert statuses[303] > 0 and statuses[500] > 0, "the outages did not meet any request"

    stored = {r.email: r for r in Registration.objects.filter(event=event)}
    acknowledged = {email for email, status in answers.items() if status == 303}
    assert acknowledged <= set(stored), "an acknowledged registration was lost"
    # An error answer is the only ambiguous one: the commit may have been done when the
    # connection dropped before its answer. Such a registration is whole, and sending it
    # again acknowledges it without a second row.
    unacknowledged = set(answers) - acknowledged
    print(f"{len(unacknowledged & set(stored))} answered 500 but committed")
    cookie, token = portal.registration_form(event.slug)
    for email in sorted(unacknowledged):
        assert portal.register(event.slug, email, cookie=cookie, token=token).status == 303

    registrations = Registration.objects.filter(event=event)
    assert sorted(r.email for r in registrations) == sorted(answers)
    for registration in registrations:
        assert registration.status == Registration.Status.CONFIRMED
        assert registration.full_name == f"Participant {registration.email.split('@')[0]}"
        assert (registration.organization, registration.job_title) == ("Sample Motors", "Engineer")
        assert (registration.sector, registration.country) == ("oem", "MX")
        assert registration.consent_at is not None and registration.token
    assert_no_worker_restarted(portal)


def test_a_mail_server_that_refuses_or_hangs_does_not_fail_a_registration(start_portal, event):
    # Without a broker (as here) the outbox sends in the web process, after the commit.
    with FaultyLink() as mail_server:  # cut: its port refuses connections
        portal = start_portal(EMAIL_URL=f"smtp://127.0.0.1:{mail_server.port}")
        cookie, token = portal.registration_form(event.slug)

        refused = portal.register(event.slug, "refused@example.org", cookie=cookie, token=token)
        a_minute_passes()  # the outbox's next check of the server is due
        mail_server.silence()  # accepts connections and never greets
        hung = portal.register(event.slug, "hung@example.org", cookie=cookie, token=token)

    assert refused.status == 303 and refused.seconds < QUICKLY
    assert hung.status == 303 and hung.seconds < Portal.MAIL_TIMEOUT + 2
    failures = [
        line
        for line in portal.output().splitlines()
        if " ERROR taskforce.background.sending The mail server cannot take mail" in line
    ]
    assert len(failures) == 2, portal.output()
    assert "Connection refused" in failures[0]
    assert "timed out" in failures[1]
    for email in ["refused@example.org", "hung@example.org"]:
        registration = Registration.objects.get(event=event, email=email)
        assert registration.status == Registration.Status.CONFIRMED
        # Kept in the outbox for the sweep: nothing is lost.
        assert registration.emails.get().status == Email.Status.QUEUED


def test_the_log_has_one_line_per_request_and_each_server_error_with_its_cause(
    start_portal, database_link, event
):
    portal = start_portal()
    cookie, token = portal.registration_form(event.slug)
    already_logged = len(portal.output().splitlines())

    requests = []

    def send(method, path, expected):
        if method == "POST":
            answer = portal.register(event.slug, "logged@example.org", cookie=cookie, token=token)
        else:
            answer = portal.get(path)
        assert answer.status == expected, (path, answer.status)
        requests.append((method, path, str(expected)))

    send("GET", "/en/documents/", 200)
    send("GET", "/en/no-such-page/", 404)
    send("POST", f"/en/events/{event.slug}/register/", 303)
    database_link.cut()
    send("GET", "/en/", 500)
    send("GET", "/healthz", 503)
    database_link.restore()
    send("GET", "/healthz", 200)

    log = portal.output().splitlines()
    # Standard output holds log records only, one line each: a traceback stays on its line.
    assert all(LOG_RECORD.match(line) for line in log if line), [
        line for line in log if line and not LOG_RECORD.match(line)
    ]
    logged = [
        (match["method"], match["path"], match["status"])
        for line in log[already_logged:]
        if (match := REQUEST_RECORD.search(line))
    ]
    assert logged == requests

    [server_error] = [line for line in log if "Internal Server Error: /en/" in line]
    assert " ERROR django.request " in server_error
    assert "OperationalError" in server_error and "Connection refused" in server_error
    [health_failure] = [line for line in log if "Health check failed" in line]
    assert " ERROR taskforce.views " in health_failure
    assert "OperationalError" in health_failure and "Connection refused" in health_failure
    # Standard error is gunicorn's own: no record or traceback of the portal's there.
    assert "Traceback" not in portal.errors()
    assert "taskforce.requests" not in portal.errors()
