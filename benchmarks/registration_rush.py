"""Registration rush: many people register for one event at the same moment, through
gunicorn with several worker processes on PostgreSQL, with Redis as Celery's broker and the
worker running, as in production; against the same POSTs to a bare Django view that inserts
one row each (benchmarks/bare/insert_settings.py), served the same way in the same run.

    .venv/bin/python -m benchmarks.registration_rush [--requests 150] [--capacity 37]
        [--concurrency 150] [--workers 4] [--rounds 3] [--port 0] [--time-limit 120]
        [--broker-url redis://127.0.0.1:6379/8] [--no-worker]

DATABASE_URL defaults to postgres://root@127.0.0.1:5432/portal_rush; the database is created
if missing, migrated, and its benchmark event replaced: never point it at a database you
care about. Collects static files (into the git-ignored staticfiles/) when their manifest
is missing, since gunicorn runs with debug off. The broker's Redis database is emptied.

Each client thread first GETs the form once (CSRF cookie and token; the bare view's GET
answers "ok"), then all threads are released together and POST until N have been sent or
the time limit passes. Each round rushes the portal (its event emptied first), then the
bare view (its table emptied first); the figure is the median of the rounds' ratios. Each
rush, the portal's and the bare view's, starts once the worker has sent the mail of the round
before: a rush competes with its own mail only (before 2026-12-04 afternoon the bare view's
rush ran while the worker was still sending the portal's mail, which slowed the bare view and
flattered the ratio). The
worker (`celery -A taskforce worker --beat`, mail to a dummy backend) runs throughout and
shares the machine's cores, as it would on a one-machine deployment; the outbox must be
empty within a minute of the last round. Server output goes to benchmarks/results/
(git-ignored). Prints each round's time, requests per second, latency p50/p95/max, status
codes and the final confirmed/waitlisted counts (confirmed must equal the capacity, never
more), the peak RSS of the gunicorn workers, and the ratio. Exits 1 when the counts break
the seat rule or a POST fails.
"""

import argparse
import collections
import http.client
import os
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from benchmarks import portal_server
from benchmarks import results as results_md
from tests.support.forms import cookie_header, csrf_token, registration_form_data
from tests.support.gunicorn import unused_port

# The environment gunicorn inherits too: production-like, without HTTPS, mail or limits.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")
os.environ.setdefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/portal_rush")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ["DJANGO_SECURE"] = "false"
os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
os.environ["REGISTRATION_RATE_LIMIT"] = "off"
os.environ["EMAIL_URL"] = "dummymail://"
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/8")

EVENT_SLUG = "registration-rush-benchmark"


def prepare(capacity):
    """Migrate, collect static files if needed, and make a fresh open event."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from registrations.models import Event, Registration

    call_command("migrate", verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    Registration.objects.filter(event__slug=EVENT_SLUG).delete()
    Event.objects.filter(slug=EVENT_SLUG).delete()
    now = timezone.now()
    event = Event.objects.create(
        title_en="Registration rush (benchmark)",
        title_es="Avalancha de inscripciones (prueba de carga)",
        slug=EVENT_SLUG,
        starts_at=now + timezone.timedelta(days=7),
        ends_at=now + timezone.timedelta(days=7, hours=3),
        capacity=capacity,
        waitlist_enabled=True,
        is_demo=True,
    )
    connection.close()
    return event


def seat_counts(event):
    from django.db import connection

    counts = {
        "confirmed": event.registrations.confirmed().count(),
        "waitlisted": event.registrations.waitlisted().count(),
        "total": event.registrations.count(),
    }
    connection.close()
    return counts


def worker_pids(master_pid):
    """The gunicorn workers: every process whose parent is the master."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces; the parent follows it.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == master_pid:
            children.append(int(entry.name))
    return sorted(children)


def peak_rss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Rush:
    """N registration POSTs shared by the client threads, stopped by a deadline."""

    def __init__(self, port, total, threads, time_limit, path=None, csrf=True):
        self.port = port
        self.path = path or f"/en/events/{EVENT_SLUG}/register/"
        self.csrf = csrf
        self.total = total
        self.threads = threads
        self.time_limit = time_limit
        self.next_number = 0
        self.lock = threading.Lock()
        self.ready = threading.Barrier(threads + 1)
        self.latencies = []
        self.statuses = collections.Counter()
        self.deadline = None

    def take_number(self):
        with self.lock:
            if self.next_number >= self.total or time.monotonic() > self.deadline:
                return None
            self.next_number += 1
            return self.next_number

    def record(self, status, latency):
        with self.lock:
            self.statuses[status] += 1
            if latency is not None:
                self.latencies.append(latency)

    def client(self):
        path = self.path
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            page = response.read().decode()
            token = csrf_token(page) if self.csrf else ""
            cookie = cookie_header(response.getheaders()) if self.csrf else ""
        except Exception as error:
            self.record(f"form GET failed: {type(error).__name__}", None)
            self.ready.wait()
            return
        self.ready.wait()
        while (number := self.take_number()) is not None:
            body = urllib.parse.urlencode(
                registration_form_data(
                    csrfmiddlewaretoken=token,
                    full_name=f"Rush participant {number}",
                    email=f"rush{number}@example.org",
                )
            )
            started = time.perf_counter()
            try:
                connection.request(
                    "POST",
                    path,
                    body=body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie,
                    },
                )
                response = connection.getresponse()
                response.read()
                self.record(response.status, time.perf_counter() - started)
            except Exception as error:
                connection.close()
                self.record(f"error: {type(error).__name__}", time.perf_counter() - started)
        connection.close()

    def run(self):
        clients = [threading.Thread(target=self.client, daemon=True) for _ in range(self.threads)]
        for client in clients:
            client.start()
        self.deadline = time.monotonic() + self.time_limit
        self.ready.wait()  # every client has its CSRF token
        started = time.perf_counter()
        for client in clients:
            client.join(timeout=max(0.0, self.deadline - time.monotonic()) + 35)
        return time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def reset(event):
    """Before a round: the event without registrations, the bare table empty."""
    from django.db import connection

    from benchmarks.bare.insert_urls import CREATE_TABLE, TABLE

    event.registrations.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
        cursor.execute(f"TRUNCATE {TABLE}")
    connection.close()


def bare_rows():
    from django.db import connection

    from benchmarks.bare.insert_urls import TABLE

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        count = cursor.fetchone()[0]
    connection.close()
    return count


def outbox_drained(timeout):
    """Seconds until every email of the rush is sent (None: not within `timeout`)."""
    from django.db import connection

    from taskforce.background.models import Email

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        # Emails of a round's registrations deleted before they went out are aborted.
        waiting = Email.objects.filter(status__in=[*Email.WAITING, Email.Status.SENDING]).count()
        connection.close()
        if not waiting:
            return time.monotonic() - started
        time.sleep(0.5)
    return None


def settle(worker):
    """Until the worker has sent the mail of the round before (at most a minute), so that
    neither server is measured while the worker is still busy with another round's mail."""
    if worker is not None:
        outbox_drained(60)
        time.sleep(0.5)


def describe(label, rush, elapsed):
    sent = sum(rush.statuses.values())
    latencies = rush.latencies or [0.0]
    rate = sent / elapsed if elapsed else 0
    codes = ", ".join(f"{code}: {n}" for code, n in sorted(rush.statuses.items(), key=str))
    print(
        f"  {label:<8} {sent:4d} POSTs in {elapsed:6.2f} s = {rate:7.1f}/s;"
        f" latency p50 {statistics.median(latencies) * 1000:.0f} ms,"
        f" p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms;"
        f" {codes}"
    )
    return rate


def check_round(rush, counts, capacity):
    created = rush.statuses.get(303, 0)
    problems = []
    if counts["confirmed"] > capacity:
        problems.append(f"{counts['confirmed']} confirmed for {capacity} seats")
    if counts["confirmed"] != min(capacity, created):
        problems.append(f"confirmed {counts['confirmed']}, expected {min(capacity, created)}")
    if counts["total"] != created or created != sum(rush.statuses.values()):
        problems.append(f"{counts['total']} stored, {created} answered 303: {rush.statuses}")
    return problems


def main():
    from tests.support.gunicorn import Gunicorn
    from tests.support.worker import CeleryWorker

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", "-n", type=int, default=150)
    parser.add_argument("--capacity", "-c", type=int, default=37)
    parser.add_argument("--concurrency", type=int, default=150)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds of rush")
    parser.add_argument("--broker-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--no-worker", action="store_true", help="no broker: mail in-process")
    parser.add_argument(
        "--worker-nice", type=int, default=0, help="run the worker at this niceness (0-19)"
    )
    results_md.add_option(parser)
    options = parser.parse_args()

    os.environ["CELERY_BROKER_URL"] = "" if options.no_worker else options.broker_url
    portal_server.ensure_database(os.environ["DATABASE_URL"])
    event = prepare(options.capacity)
    if not options.no_worker:
        import redis

        redis.Redis.from_url(options.broker_url).flushdb()
    port, bare_port = options.port or unused_port(), unused_port()
    results = portal_server.RESULTS_DIR
    bare_environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.bare.insert_settings"}
    print(
        f"registration rush: {options.requests} POSTs by {options.concurrency} clients at once"
        f" for {options.capacity} seats, gunicorn --workers {options.workers}, database"
        f" {urllib.parse.urlsplit(os.environ['DATABASE_URL']).path.lstrip('/')},"
        + (" no broker" if options.no_worker else f" broker {options.broker_url} with the worker")
        + (f" (nice {options.worker_nice})" if options.worker_nice else "")
    )
    ratios, problems, peaks = [], [], {}
    worker = (
        None
        if options.no_worker
        else CeleryWorker("rush", environment=os.environ, directory=results / "rush-worker")
    )
    if worker:
        worker.start()
        if options.worker_nice:
            os.setpriority(os.PRIO_PGRP, worker.process.pid, options.worker_nice)
        worker.wait_until_ready()
    try:
        with (
            portal_server.serve(
                port, workers=options.workers, log_path=results / "rush-server.log"
            ) as server,
            Gunicorn(
                "benchmarks.bare.wsgi:application",
                port=bare_port,
                workers=options.workers,
                environment=bare_environment,
                log_path=results / "rush-bare-server.log",
                healthy_only=False,
            ),
        ):
            for number in range(1, options.rounds + 1):
                # Each rush starts on a quiet machine: the last round's mail sent first.
                settle(worker)
                reset(event)
                print(f"round {number}")
                rush = Rush(port, options.requests, options.concurrency, options.time_limit)
                portal_rate = describe("portal", rush, rush.run())
                counts = seat_counts(event)
                print(
                    f"  seats    confirmed {counts['confirmed']}, waitlisted"
                    f" {counts['waitlisted']}, total {counts['total']}"
                )
                problems += check_round(rush, counts, options.capacity)
                settle(worker)
                bare = Rush(
                    bare_port,
                    options.requests,
                    options.concurrency,
                    options.time_limit,
                    path="/insert/",
                    csrf=False,
                )
                bare_rate = describe("bare", bare, bare.run())
                if bare_rows() != options.requests:
                    problems.append(f"bare view stored {bare_rows()} rows")
                ratios.append(portal_rate / bare_rate if bare_rate else 0)
                print(f"  ratio    {ratios[-1]:.2f} of the bare insert's speed")
            peaks = {pid: peak_rss_kib(pid) for pid in worker_pids(server.process.pid)}
        drained = None if options.no_worker else outbox_drained(60)
    finally:
        if worker:
            worker.stop()

    print(
        f"median ratio         {statistics.median(ratios):.2f} (rounds: "
        + ", ".join(f"{ratio:.2f}" for ratio in ratios)
        + ")"
    )
    known = [peak for peak in peaks.values() if peak]
    if known:
        print(f"peak RSS (VmHWM)     gunicorn workers max {max(known) / 1024:.0f} MiB")
    if not options.no_worker:
        if drained is None:
            problems.append("the outbox was not empty a minute after the last round")
        else:
            print(f"outbox empty         {drained:.1f} s after the last round")
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(results_md.run(main, "registration_rush"))
