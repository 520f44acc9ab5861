"""Registrant exports on PostgreSQL: time and memory of the CSV and XLSX downloads against
PostgreSQL's own COPY of the same rows.

    .venv/bin/python -m benchmarks.export_benchmark [--rows 100000] [--trace-xlsx]

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
"""

import argparse
import datetime
import os
import resource
import sys
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SECURE", "false")
os.environ.setdefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/portal_bench")

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
from registrations.models import Event, Registration  # noqa: E402

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="registrations (100000)")
    parser.add_argument(
        "--trace-xlsx",
        action="store_true",
        help="also trace the XLSX export's memory at all the rows (tracing slows openpyxl"
        " down some sixfold: minutes more at 100,000 rows)",
    )
    options = parser.parse_args()
    rows = options.rows
    sizes = [rows // 10, rows] if rows >= 10 else [rows]

    ensure_database()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    user, _created = get_user_model().objects.get_or_create(
        username="export-benchmark", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)

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
