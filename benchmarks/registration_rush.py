"""Registration rush: many people register for one event at the same moment, through
gunicorn with several worker processes on PostgreSQL, as in production.

    .venv/bin/python -m benchmarks.registration_rush [--requests 1000] [--capacity 200]
        [--concurrency 32] [--workers 4] [--port 0] [--time-limit 120]

DATABASE_URL defaults to postgres://root@127.0.0.1:5432/portal_rush; the database is created
if missing, migrated, and its benchmark event replaced: never point it at a database you
care about. Collects static files (into the git-ignored staticfiles/) when their manifest
is missing, since gunicorn runs with debug off.

Each client thread first GETs the form once (CSRF cookie and token), then all threads are
released together and POST registrations until N have been sent or the time limit passes.
The server's own output goes to benchmarks/results/rush-server.log (git-ignored).
Prints the total time, requests per second, latency p50/p95/max, status codes, the final
confirmed/waitlisted counts (confirmed must equal the capacity, never more) and the peak
RSS of the gunicorn workers. Exits 1 when the counts break the seat rule.
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

    def __init__(self, port, total, threads, time_limit):
        self.port = port
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
        path = f"/en/events/{EVENT_SLUG}/register/"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            page = response.read().decode()
            token = csrf_token(page)
            cookie = cookie_header(response.getheaders())
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", "-n", type=int, default=1000)
    parser.add_argument("--capacity", "-c", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds of rush")
    results_md.add_option(parser)
    options = parser.parse_args()

    portal_server.ensure_database(os.environ["DATABASE_URL"])
    event = prepare(options.capacity)
    port = options.port or unused_port()
    log_path = portal_server.RESULTS_DIR / "rush-server.log"
    with portal_server.serve(port, workers=options.workers, log_path=log_path) as server:
        master = server.process.pid
        workers = worker_pids(master)
        rush = Rush(port, options.requests, options.concurrency, options.time_limit)
        elapsed = rush.run()
        peaks = {pid: peak_rss_kib(pid) for pid in worker_pids(master) or workers}
        master_peak = peak_rss_kib(master)
    counts = seat_counts(event)

    sent = sum(rush.statuses.values())
    latencies = rush.latencies or [0.0]
    print(
        f"registration rush: {sent} POSTs of {options.requests}, {options.concurrency} client"
        f" threads, gunicorn --workers {options.workers}, capacity {options.capacity},"
        f" database {urllib.parse.urlsplit(os.environ['DATABASE_URL']).path.lstrip('/')}"
    )
    print(f"total time           {elapsed:8.2f} s")
    print(f"requests per second  {sent / elapsed if elapsed else 0:8.1f}")
    print(
        f"latency ms           p50 {statistics.median(latencies) * 1000:.0f}"
        f"  p95 {percentile(latencies, 0.95) * 1000:.0f}  max {max(latencies) * 1000:.0f}"
    )
    print(
        "status codes         "
        + ", ".join(
            f"{status}: {count}" for status, count in sorted(rush.statuses.items(), key=str)
        )
    )
    print(
        f"registrations        confirmed {counts['confirmed']}, waitlisted"
        f" {counts['waitlisted']}, total {counts['total']}"
    )
    known_peaks = [peak for peak in peaks.values() if peak]
    if known_peaks:
        print(
            f"peak RSS (VmHWM)     workers max {max(known_peaks) / 1024:.0f} MiB,"
            f" sum {sum(known_peaks) / 1024:.0f} MiB over {len(known_peaks)} workers;"
            f" master {(master_peak or 0) / 1024:.0f} MiB"
        )
    if time.monotonic() > rush.deadline:
        print(f"stopped at the time limit of {options.time_limit:.0f} s")

    created = rush.statuses.get(303, 0)
    expected_confirmed = min(options.capacity, created)
    problems = []
    if counts["confirmed"] > options.capacity:
        problems.append(f"{counts['confirmed']} confirmed for {options.capacity} seats")
    if counts["confirmed"] != expected_confirmed:
        problems.append(f"confirmed {counts['confirmed']}, expected {expected_confirmed}")
    if counts["total"] != created:
        problems.append(f"{counts['total']} stored for {created} answers 303")
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(results_md.run(main, "registration_rush"))
