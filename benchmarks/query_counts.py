"""Queries and time per public page, with the sample data at one size and at ten times it.

    .venv/bin/python benchmarks/query_counts.py [--members 500] [--documents 200]
        [--events 6] [--registrations 600]

Uses its own throwaway SQLite database (or DATABASE_URL if set, which it migrates and
fills: never point it at a database you care about). Prints one row per page: queries at
1x and 10x (they must be equal and at most 12) and the median render time at 10x.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SECURE", "false")
# What rendering a page costs: the page cache would answer every request after the first
# with no query at all (benchmarks/load.py measures the cached pages).
os.environ["PAGE_CACHE_SECONDS"] = "0"
os.environ.setdefault("LOG_LEVEL", "WARNING")
scratch = Path(tempfile.mkdtemp(prefix="zev-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    "/en/",
    "/es/themes/",
    "/en/themes/human-capital/",
    "/en/working-groups/",
    "/es/working-groups/light-duty-vehicles/",
    "/en/members/",
    "/en/members/?sector=oem&page=2",
    "/en/documents/",
    "/es/documents/?theme=governance&page=2",
    "/en/documents/diagnosis-and-recommendations-2023/",
    "/en/documents/feed/",
    "/en/search/?q=transport",
    "/en/events/",
    "/es/events/",
    "/en/events/sample-event-1/",
    "/es/events/sample-event-2/",
    "/en/events/calendar.ics",
    "/sitemap.xml",
]


def measure(client, path, repeat=1):
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return len(queries), statistics.median(timings) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--events", type=int, default=6)
    parser.add_argument("--registrations", type=int, default=600)
    options = parser.parse_args()

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("load_portal_content", verbosity=0)
    client = Client()
    results = {}
    for scale in (1, 10):
        call_command(
            "load_demo_data",
            members=options.members * scale,
            documents=options.documents * scale,
            events=options.events * scale,
            registrations=options.registrations * scale,
            verbosity=0,
            stdout=open(os.devnull, "w"),
        )
        for path in PAGES:
            client.get(path)  # warm up templates and caches
            results.setdefault(path, {})[scale] = measure(client, path, repeat=5)

    print(
        f"database: {connection.vendor}; sample data {options.members}/{options.documents}/"
        f"{options.events}/{options.registrations} people/documents/events/registrations"
        " at 1x, x10 at 10x"
    )
    print(f"{'page':52} {'q@1x':>5} {'q@10x':>6} {'ms@10x':>7}")
    worst = 0
    for path, by_scale in results.items():
        (q1, _), (q10, ms10) = by_scale[1], by_scale[10]
        worst = max(worst, q1, q10)
        flag = "" if q1 == q10 else "  <- grows with the data"
        print(f"{path:52} {q1:5d} {q10:6d} {ms10:7.1f}{flag}")
    print(f"most queries on one page: {worst}")


if __name__ == "__main__":
    main()
