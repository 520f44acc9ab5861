"""Registrant exports on PostgreSQL: time and memory of the CSV and XLSX downloads against
PostgreSQL's own COPY of the same rows.

    .venv/bin/python -m benchmarks.export_benchmark [--rows 100000] [--trace-xlsx]
    .venv/bin/python -m benchmarks.export_benchmark --background [--rows 100000]

Uses DATABASE_URL, by default postgres://root@127.0.0.1:5432/portal_bench, which it
creates if missing, migrates, and fills with one sample event (slug export-benchmark) of
`--rows` registrations; it replaces only that event. Each export is measured at a tenth of
the rows and then at all of them, streamed through Django's test client (the bytes are
counted, not kept): seconds, MB/s, the peak of Python's allocations (tracemalloc, in a
second run, as tracing slows Python down) and the growth of the process's peak resident
memory (ru_maxrss). Memory that stays flat from a tenth to all the rows is the point.
The XLSX export's allocations are traced at a tenth of the rows only, unless --trace-xlsx:
tracing slows openpyxl down about sixfold. Two to three minutes at 100,000 rows on two
cores, most of it openpyxl's (several minutes more with --trace-xlsx).

--background measures the XLSX export as production runs one of more than
EXPORT_BACKGROUND_ROWS rows: the request queues the build on Redis (CELERY_BROKER_URL, by
default redis://127.0.0.1:6379/11) and answers 302, and a real Celery worker (started here,
`--pool=solo`, so the build runs in the process measured) writes the file into a throwaway
private folder. At 0, a tenth and all of the rows (EXPORT_BACKGROUND_ROWS is set to -1 so
that even 0 rows go to the worker): the request's seconds, the worker's build seconds (the
export's started_at to finished_at) and the worker's peak resident memory during the build
(VmHWM, reset before each build through /proc/<pid>/clear_refs), against its resident
memory before it.
"""

import argparse
import datetime
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SECURE", "false")
os.environ.setdefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/portal_bench")
if "--background" in sys.argv:
    # Read by the settings, so set before Django starts; the worker inherits them.
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/11")
    os.environ.setdefault("EXPORT_BACKGROUND_ROWS", "-1")
    os.environ.setdefault("PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="export-benchmark-"))

import django  # noqa: E402
import environ  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from registrations.exports import FIELDS  # noqa: E402
from registrations.models import Event, Export, Registration  # noqa: E402

SLUG = "export-benchmark"
SECTORS = [
    "oem",
    "supplier",
    "government_us",
    "government_mx",
    "government_state_local",
    "utility",
    "freight",
    "public_transport",
    "academia",
    "civil_society",
    "other",
]

# Rows i = first..last of the sample event: varied names and organizations (accents, and
# values that need neutralising), every sector, four countries, a third wanting
# interpretation; the first half confirmed, then waitlisted with every seventh cancelled.
INSERT_ROWS = """
INSERT INTO registrations_registration (
    event_id, full_name, email, organization, job_title, sector, country, attendance_mode,
    needs, interpretation, language, status, consent_at, privacy_notice_version, created_at,
    cancelled_at, reminder_sent_at, attended, is_anonymised, token
)
SELECT
    %(event)s,
    (ARRAY['María José', 'John', 'Ana Lucía', 'Wei', 'Jean-Pierre'])[1 + i %% 5]
        || ' Participant ' || i,
    'participant' || i || '@example.org',
    (ARRAY['Sample Motors', 'Autobuses del Norte, S.A. de C.V.', '=HYPERLINK("x")',
           'Comisión Federal de Electricidad', '-'])[1 + i %% 5],
    (ARRAY['Director', 'Analista de políticas', 'Engineer'])[1 + i %% 3],
    (%(sectors)s::text[])[1 + i %% 11],
    (ARRAY['MX', 'US', 'CA', 'DE'])[1 + i %% 4],
    (ARRAY['in_person', 'online'])[1 + i %% 2],
    CASE WHEN i %% 10 = 0 THEN 'Vegetarian meal; step-free access, please' ELSE '' END,
    i %% 3 = 0,
    (ARRAY['en', 'es'])[1 + i %% 2],
    CASE WHEN i <= %(confirmed)s THEN 'confirmed'
         WHEN i %% 7 = 0 THEN 'cancelled' ELSE 'waitlisted' END,
    %(start)s + i * interval '1 second',
    %(notice)s,
    %(start)s + i * interval '1 second',
    CASE WHEN i > %(confirmed)s AND i %% 7 = 0 THEN %(start)s + interval '90 days' END,
    NULL,
    CASE WHEN i %% 4 = 0 THEN NULL ELSE i %% 4 <> 1 END,
    false,
    md5(i::text || random()::text) || md5(random()::text)
FROM generate_series(%(first)s, %(last)s) AS i
"""


def ensure_database():
    """CREATE DATABASE if missing (it cannot run inside a transaction: autocommit)."""
    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        sys.exit("This benchmark compares with PostgreSQL's COPY: DATABASE_URL must be postgres.")
    with psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    ) as admin:
        name = config["NAME"]
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def fresh_event(rows):
    Registration.objects.filter(event__slug=SLUG).delete()
    Event.objects.filter(slug=SLUG).delete()
    starts_at = timezone.now() + datetime.timedelta(days=30)
    return Event.objects.create(
        title_en="Export benchmark (sample)",
        title_es="Prueba de exportación (muestra)",
        slug=SLUG,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        capacity=rows // 2,
        is_published=False,
        is_demo=True,
    )


def add_registrations(event, first, last, confirmed):
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT_ROWS,
            {
                "event": event.pk,
                "sectors": SECTORS,
                "confirmed": confirmed,
                "start": timezone.now() - datetime.timedelta(days=60),
                "notice": settings.PRIVACY_NOTICE_VERSION,
                "first": first,
                "last": last,
            },
        )
        cursor.execute("ANALYZE registrations_registration")


def download(client, url):
    """Stream a response through, counting its bytes without keeping them."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    return size


def copy_out(event):
    """PostgreSQL writing, as CSV straight to us, the fields behind the export's columns
    in their order (exports.FIELDS, derived from exports.COLUMNS)."""
    query = sql.SQL(
        "COPY (SELECT {} FROM registrations_registration WHERE event_id = {}"
        " ORDER BY created_at, id) TO STDOUT WITH CSV HEADER"
    ).format(sql.SQL(", ").join(map(sql.Identifier, FIELDS)), sql.Literal(event.pk))
    connection.ensure_connection()
    size = 0
    with connection.connection.cursor() as cursor, cursor.copy(query) as copy:
        for block in copy:
            size += len(block)
    return size


def max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(run, traced=True):
    """Seconds and bytes of an untraced run with its ru_maxrss growth, then the peak of
    Python's allocations in a traced run."""
    rss_before = max_rss_mb()
    started = time.perf_counter()
    size = run()
    seconds = time.perf_counter() - started
    rss_growth = max_rss_mb() - rss_before
    if not traced:
        return {"bytes": size, "seconds": seconds, "peak": None, "rss": rss_growth}
    tracemalloc.start()
    tracemalloc.reset_peak()
    run()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"bytes": size, "seconds": seconds, "peak": peak / 2**20, "rss": rss_growth}


def benchmark_client():
    """A test client signed in as a superuser, on the migrated benchmark database."""
    ensure_database()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    user, _created = get_user_model().objects.get_or_create(
        username="export-benchmark", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client


def start_worker():
    """A Celery worker on the benchmark's broker and database, ready to take tasks."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "taskforce", "worker", "--pool=solo"]
        + ["--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR,
    )
    from taskforce.celery import app

    for _attempt in range(120):
        if app.control.ping(timeout=0.5):
            return worker
    worker.terminate()
    sys.exit("The Celery worker did not answer within a minute.")


def worker_memory_mb(pid):
    """The worker's resident memory now and its peak since the last reset, in MB."""
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def background_export(client, url, worker):
    """Ask for the export as a coordinator's browser does, then wait for the worker."""
    Path(f"/proc/{worker.pid}/clear_refs").write_text("5")  # resets VmHWM to VmRSS
    rss_before, _peak = worker_memory_mb(worker.pid)
    started = time.perf_counter()
    response = client.get(url)
    request_seconds = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    export = Export.objects.latest("created_at")
    deadline = time.monotonic() + 900
    while export.status not in (Export.Status.READY, Export.Status.FAILED):
        assert time.monotonic() < deadline, "the build took over 15 minutes"
        time.sleep(0.05)
        export.refresh_from_db()
    assert export.status == Export.Status.READY, "the build failed: see the worker's log"
    _rss, peak = worker_memory_mb(worker.pid)
    path = Path(settings.PRIVATE_MEDIA_ROOT) / export.file_name
    return {
        "request": request_seconds,
        "build": (export.finished_at - export.started_at).total_seconds(),
        "rows": export.row_count,
        "bytes": path.stat().st_size,
        "rss_before": rss_before,
        "peak": peak,
    }


def background_main(rows):
    client = benchmark_client()
    event = fresh_event(rows)
    url = f"/en/events/{SLUG}/registrants.xlsx"
    worker = start_worker()
    results = []
    try:
        background_export(client, url, worker)  # warm up: imports, catalogues, connections
        done = 0
        for size in [0, rows // 10, rows]:
            if size > done:
                add_registrations(event, done + 1, size, confirmed=rows // 2)
                done = size
            results.append(background_export(client, url, worker))
            print(f"  measured the background export at {size:,} rows", flush=True)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    print()
    print(f"PostgreSQL {connection.pg_version // 10000}, broker {settings.CELERY_BROKER_URL}")
    print(
        f"{'rows':>8} {'request s':>9} {'build s':>8} {'MB':>6}"
        f" {'worker RSS before MB':>21} {'peak during build MB':>21} {'growth MB':>10}"
    )
    for figures in results:
        print(
            f"{figures['rows']:8,} {figures['request']:9.3f} {figures['build']:8.2f}"
            f" {figures['bytes'] / 1e6:6.1f} {figures['rss_before']:21.1f}"
            f" {figures['peak']:21.1f} {figures['peak'] - figures['rss_before']:10.1f}"
        )
    for export in Export.objects.filter(event=event):
        Path(settings.PRIVATE_MEDIA_ROOT, export.file_name).unlink(missing_ok=True)
    if Path(settings.PRIVATE_MEDIA_ROOT).name.startswith("export-benchmark-"):
        shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)  # made above
    Export.objects.filter(event=event).delete()
    Registration.objects.filter(event=event).delete()
    event.delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="registrations (100000)")
    parser.add_argument(
        "--trace-xlsx",
        action="store_true",
        help="also trace the XLSX export's memory at all the rows (tracing slows openpyxl"
        " down some sixfold: minutes more at 100,000 rows)",
    )
    parser.add_argument(
        "--background",
        action="store_true",
        help="measure the XLSX export built by a Celery worker: the request's time, the"
        " build's time and the worker's peak memory at 0, a tenth and all of the rows",
    )
    options = parser.parse_args()
    rows = options.rows
    if options.background:
        background_main(rows)
        return
    sizes = [rows // 10, rows] if rows >= 10 else [rows]

    client = benchmark_client()

    event = fresh_event(rows)
    csv_url = f"/en/events/{SLUG}/registrants.csv"
    xlsx_url = f"/en/events/{SLUG}/registrants.xlsx"
    # Warm up (imports, URL resolver, translation catalogues) on the still empty event.
    download(client, csv_url)
    download(client, xlsx_url)
    results = []
    done = 0
    for size in sizes:
        started = time.perf_counter()
        add_registrations(event, done + 1, size, confirmed=rows // 2)
        done = size
        print(f"{size:,} registrations ready in {time.perf_counter() - started:.1f} s", flush=True)
        copy = measure(lambda: copy_out(event))
        exports = {
            "CSV export": measure(lambda: download(client, csv_url)),
            "XLSX export": measure(
                lambda: download(client, xlsx_url),
                traced=size == sizes[0] or options.trace_xlsx,
            ),
            "PostgreSQL COPY": copy,
        }
        for name, figures in exports.items():
            results.append((size, name, figures, figures["seconds"] / copy["seconds"]))
            print(f"  measured {name} at {size:,} rows", flush=True)

    print()
    print(
        f"PostgreSQL {connection.pg_version // 10000}, database {connection.settings_dict['NAME']}"
    )
    print(
        f"{'rows':>8} {'what':16} {'seconds':>8} {'MB':>7} {'MB/s':>7}"
        f" {'peak Python MB':>15} {'maxrss +MB':>11} {'x COPY':>7}"
    )
    for size, name, figures, ratio in results:
        megabytes = figures["bytes"] / 1e6
        peak = "not traced" if figures["peak"] is None else f"{figures['peak']:.1f}"
        print(
            f"{size:8,} {name:16} {figures['seconds']:8.2f} {megabytes:7.1f}"
            f" {megabytes / figures['seconds']:7.1f} {peak:>15}"
            f" {figures['rss']:11.1f} {ratio:7.1f}"
        )
    csv_at = {size: figures for size, name, figures, _ratio in results if name == "CSV export"}
    if len(csv_at) == 2:
        small, large = (csv_at[size]["peak"] for size in sizes)
        print(
            f"CSV export, peak Python memory: {small:.1f} MB at {sizes[0]:,} rows,"
            f" {large:.1f} MB at {rows:,}"
        )

    Registration.objects.filter(event=event).delete()
    event.delete()


if __name__ == "__main__":
    main()
