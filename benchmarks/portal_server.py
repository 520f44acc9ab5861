"""What benchmarks/load.py and benchmarks/lighthouse.py share: a PostgreSQL database filled
with a large sample data set, and the portal served by gunicorn with debug off, as in
production (registration_rush.py uses its ensure_database). Not a script; see those two for
usage.

The database (DATABASE_URL, by default postgres://root@127.0.0.1:5432/portal_load) is
created if missing, migrated, given the real content (load_portal_content) and then the
sample data (load_demo_data) at the requested counts, unless it already holds exactly those
counts and an upcoming event open for registration: reloading replaces all sample data, so
never point DATABASE_URL at a database you care about. Static files are collected into the
git-ignored staticfiles/ on every run (whitenoise serves them, hashed, as in production).
"""

import http.client
import io
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
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
        call_command("load_demo_data", verbosity=0, stdout=io.StringIO(), **counts)
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
        if event.registration_state() != "open" or (event.is_full and not event.waitlist_enabled):
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


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """`gunicorn taskforce.wsgi:application` as in production (so with the project's
    gunicorn.conf.py, read from the working directory; max_requests overrides its own), in
    a context manager that waits for /healthz and stops it (SIGTERM) on the way out. Its
    output goes to log_path."""

    def __init__(
        self,
        port,
        *,
        workers,
        threads=1,
        max_requests=None,
        settings_module="taskforce.settings",
        log_path,
        certfile=None,
        keyfile=None,
    ):
        self.port = port
        self.workers = workers
        self.threads = threads
        self.max_requests = max_requests
        self.settings_module = settings_module
        self.log_path = Path(log_path)
        self.certfile = certfile
        self.keyfile = keyfile
        self.process = None

    @property
    def scheme(self):
        return "https" if self.certfile else "http"

    def command(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        command += [
            "taskforce.wsgi:application",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]
        if self.max_requests is not None:
            command += ["--max-requests", str(self.max_requests)]
        if self.threads > 1:
            command += ["--threads", str(self.threads)]
        if self.certfile:
            command += ["--certfile", str(self.certfile), "--keyfile", str(self.keyfile)]
        return command

    def __enter__(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": self.settings_module}
        # cwd is the project root, so gunicorn imports taskforce and benchmarks from it.
        self.process = subprocess.Popen(
            self.command(), cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=log
        )
        log.close()
        try:
            self.wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def connection(self, timeout=5):
        if self.certfile:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=timeout, context=context
            )
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def wait_until_healthy(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(
                    f"gunicorn exited with status {self.process.returncode}; see {self.log_path}"
                )
            try:
                connection = self.connection(timeout=2)
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                body = response.read()
                connection.close()
                if response.status == 200 and body.strip() == b"ok":
                    return
            except OSError:
                pass
            time.sleep(0.2)
        sys.exit(f"/healthz did not answer 200 within {timeout} s; see {self.log_path}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
