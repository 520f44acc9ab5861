"""What benchmarks/load.py and benchmarks/lighthouse.py share: a PostgreSQL database filled
with a large sample data set, and the portal served by gunicorn with debug off, as in
production (registration_rush.py uses its ensure_database and serve). Not a script; see
those two for usage. gunicorn itself is started by tests.support.gunicorn, the launcher the
tests use.

The database (DATABASE_URL, by default postgres://root@127.0.0.1:5432/portal_load) is
created if missing, migrated, given the real content (load_portal_content) and then the
sample data (taskforce.sample_data, as load_demo_data makes it) at the requested counts,
unless it already holds exactly those counts and an upcoming event open for registration:
reloading replaces all sample data, so never point DATABASE_URL at a database you care
about. Static files are collected into the git-ignored staticfiles/ on every run
(whitenoise serves them, hashed, as in production).
"""

import io
import os
import sys
import time
import urllib.parse

from tests.support.gunicorn import PROJECT_ROOT, Gunicorn

RESULTS_DIR = PROJECT_ROOT / "benchmarks" / "results"  # git-ignored

DEFAULT_DATABASE_URL = "postgres://root@127.0.0.1:5432/portal_load"
# Sample data counts: thousands of documents and members, tens of thousands of registrations.
DEFAULT_COUNTS = {"documents": 3000, "members": 3000, "events": 60, "registrations": 30000}


def add_data_arguments(parser, cache_url):
    """The options both scripts take: the cache, and the sample data's counts."""
    parser.add_argument(
        "--cache-url", default=cache_url, help=f"emptied at the start (default {cache_url})"
    )
    for name, default in DEFAULT_COUNTS.items():
        parser.add_argument(f"--{name}", type=int, default=default, help=f"default {default}")
    parser.add_argument(
        "--reload",
        action="store_true",
        help="reload the sample data even when the database already holds these counts",
    )


def production_environment(*, cache_url, secure, proxy_ssl_header=""):
    """The environment this process and gunicorn share: debug off, PostgreSQL, Redis, no mail.
    Call before Django is set up. DATABASE_URL, DJANGO_SECRET_KEY and LOG_LEVEL may come from
    the caller; the rest is fixed for the benchmark (the cache, emptied at the start, is the
    scripts' --cache-url option, never an inherited CACHE_URL)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "taskforce.settings"
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["CACHE_URL"] = cache_url
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
    os.environ.setdefault("LOG_LEVEL", "INFO")  # production's: one line per request
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_SECURE"] = "true" if secure else "false"
    os.environ["DJANGO_PROXY_SSL_HEADER"] = proxy_ssl_header
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["EMAIL_URL"] = "dummymail://"


def check_cache_url():
    """A redis:// CACHE_URL needs the redis client package; say so plainly if it is missing
    instead of letting every request fail."""
    url = os.environ["CACHE_URL"]
    if urllib.parse.urlsplit(url).scheme.startswith("redis"):
        try:
            import redis  # noqa: F401
        except ImportError:
            sys.exit(
                f"CACHE_URL={url} needs the 'redis' package (django-redis), which is not"
                " installed: run `make install`, or use --cache-url locmemcache:// (per"
                " process: not production's setting)."
            )


def ensure_database(url):
    """Create the PostgreSQL database named in the URL when it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit(f"DATABASE_URL must be a PostgreSQL URL, not {parts.scheme}://")
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or ""),
        password=urllib.parse.unquote(parts.password or "") or None,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def database_name():
    return urllib.parse.urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")


def sample_counts():
    from documents.models import Document
    from registrations.models import Event, Registration
    from workinggroups.models import Person

    return {
        "documents": Document.objects.filter(is_demo=True).count(),
        "members": Person.objects.filter(is_demo=True).count(),
        "events": Event.objects.filter(is_demo=True).count(),
        "registrations": Registration.objects.filter(event__is_demo=True).count(),
    }


def prepare_site(counts, reload=False):
    """Migrate, load the content and (when needed) the sample data, collect static files
    and empty the cache. Returns the pages' slugs (see pick_slugs)."""
    import django

    ensure_database(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_portal_content", verbosity=0, stdout=io.StringIO())
    if reload or sample_counts() != counts or not _open_event():
        print(
            "loading sample data: "
            + ", ".join(f"{count} {name}" for name, count in counts.items())
            + " ...",
            flush=True,
        )
        from taskforce import sample_data

        sample_data.load(sample_data.Counts(**counts))
        # Fresh statistics, so the planner sees the large tables as they are.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()
    slugs = pick_slugs()
    loaded = sample_counts()
    connection.close()
    print(
        f"database {database_name()} ready in {time.perf_counter() - started:.0f} s: sample "
        + ", ".join(f"{count} {name}" for name, count in loaded.items())
        + f"; cache {os.environ['CACHE_URL']} emptied"
    )
    return slugs


def _open_event():
    """An upcoming, published event that takes registrations and has seats (or a waiting
    list), the richest one first: hybrid (the form then asks how one attends), with a group
    and documents."""
    from django.db.models import Count

    from registrations.models import Event

    candidates = (
        Event.objects.published()
        .upcoming()
        .with_seat_counts()
        .annotate(document_count=Count("documents", distinct=True))
    )
    best = None
    for event in candidates:
        if event.registration_state() != "open" or event.refuses_when_full:
            continue
        rank = (
            event.mode == Event.Mode.HYBRID,
            event.working_group_id is not None,
            event.document_count > 0,
        )
        if best is None or rank > best[0]:
            best = (rank, event)
    return best[1] if best else None


def pick_slugs():
    """Real slugs for the detail pages: the first theme and working group (the real content's
    order), the real content's newest published document, and an open event."""
    from documents.models import Document
    from taskforce.roadmap.models import Theme
    from workinggroups.models import WorkingGroup

    documents = Document.objects.published().latest_first()
    document = documents.filter(is_demo=False).first() or documents.first()
    event = _open_event()
    return {
        "theme": Theme.objects.order_by("order", "pk").first().slug,
        "working_group": WorkingGroup.objects.order_by("order", "pk").first().slug,
        "document": document.slug,
        "event": event.slug if event else None,
    }


def serve(port, *, settings_module="taskforce.settings", **options):
    """The portal in gunicorn as deployed (tests.support.gunicorn, the launcher the tests
    use), with this process's environment and `settings_module`; a context manager that
    waits for /healthz and stops gunicorn on the way out."""
    return Gunicorn(
        port=port,
        environment={**os.environ, "DJANGO_SETTINGS_MODULE": settings_module},
        **options,
    )
