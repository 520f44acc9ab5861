"""Queries and time per public page, with the sample data at one size and at ten times it.

    .venv/bin/python -m benchmarks.query_counts [--members 30] [--documents 12]
        [--events 2] [--registrations 20] [--seed 4] [--write-results]

The sample data is taskforce.sample_data's, by default one unit of QUERY_COUNT_UNIT with
QUERY_COUNT_SEED, then ten: the data tests/taskforce/test_query_counts.py pins the counts
with. --write-results puts the table in benchmarks/RESULTS.md.

Uses its own throwaway SQLite database (or DATABASE_URL if set, which it migrates and
fills: never point it at a database you care about). Prints one row per page: queries at
1x and 10x (they must be equal and at most 12) and the median render time at 10x.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

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

from benchmarks import results as results_md  # noqa: E402
from taskforce import sample_data  # noqa: E402

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
    unit = sample_data.QUERY_COUNT_UNIT
    for name, default in unit.as_dict().items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--seed", type=int, default=sample_data.QUERY_COUNT_SEED)
    results_md.add_option(parser)
    options = parser.parse_args()
    counts = sample_data.Counts(**{name: getattr(options, name) for name in unit.as_dict()})

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("load_portal_content", verbosity=0, stdout=io.StringIO())
    client = Client()
    results_by_page = {}
    for scale in (1, 10):
        sample_data.load(counts * scale, seed=options.seed)
        for path in PAGES:
            client.get(path)  # warm up templates and caches
            results_by_page.setdefault(path, {})[scale] = measure(client, path, repeat=5)

    report(options, results_by_page)


def report(options, by_page):
    print(
        f"database: {connection.vendor}; sample data {options.members}/{options.documents}/"
        f"{options.events}/{options.registrations} people/documents/events/registrations"
        f" at 1x (seed {options.seed}), x10 at 10x"
    )
    print(f"{'page':52} {'q@1x':>5} {'q@10x':>6} {'ms@10x':>7}")
    worst = 0
    for path, by_scale in by_page.items():
        (q1, _), (q10, ms10) = by_scale[1], by_scale[10]
        worst = max(worst, q1, q10)
        flag = "" if q1 == q10 else "  <- grows with the data"
        print(f"{path:52} {q1:5d} {q10:6d} {ms10:7.1f}{flag}")
    print(f"most queries on one page: {worst}")


if __name__ == "__main__":
    sys.exit(results_md.run(main, "query_counts"))
