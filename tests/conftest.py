"""Settings, markers and fixtures shared by the whole suite.

The suite runs with production-like settings (pyproject.toml sets debug off and a throwaway
key); here it swaps what only a deployment has: the manifest of collected static files, the
media and private folders, and the compiled Spanish catalogue.
"""

import io
import os
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from documents.models import Document
from taskforce.core.roles import EDITORS
from taskforce.roadmap.models import Theme
from workinggroups.models import WorkingGroup

POSTGRES_REASON = "needs PostgreSQL (set DATABASE_URL=postgres://...)"
REDIS_REASON = "needs Redis on 127.0.0.1:6379"


def _compile_messages(source_dirs, target):
    """Compile each .po catalogue into `target`, the way `make compile-messages` does, so the
    Spanish interface is tested from the committed catalogue without a build step. Fuzzy
    entries are left out, as gettext does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for source in source_dirs:
        for po_path in Path(source).glob("*/LC_MESSAGES/*.po"):
            mo_path = target / po_path.relative_to(source).with_suffix(".mo")
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


def pytest_configure(config):
    session_dir = Path(tempfile.mkdtemp(prefix="portal-tests-"))
    config._portal_session_dir = session_dir

    # The manifest storage needs `collectstatic`; tests render templates without it.
    # Exports built in the background land in a throwaway folder, never in private/.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(session_dir / "private"), "base_url": "/not-served/"},
        },
    }
    # WhiteNoise looks for collected files at start-up; an empty folder keeps it quiet.
    settings.STATIC_ROOT = str(session_dir / "static")
    Path(settings.STATIC_ROOT).mkdir()
    # Uploads made by tests land in a throwaway folder, never in the project's media/.
    settings.MEDIA_ROOT = str(session_dir / "media")

    # The production hasher is slow by design; tests that set passwords need not be.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    locale_dir = session_dir / "locale"
    _compile_messages(settings.LOCALE_PATHS, locale_dir)
    settings.LOCALE_PATHS = [locale_dir]


def pytest_unconfigure(config):
    session_dir = getattr(config, "_portal_session_dir", None)
    if session_dir:
        shutil.rmtree(session_dir, ignore_errors=True)


def _database_is_postgres():
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def redis_answers():
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def pytest_collection_modifyitems(config, items):
    # Without PostgreSQL (or Redis), tests that need it are skipped with a clear reason,
    # unless the caller requires them (CI sets REQUIRE_POSTGRES=1 and REQUIRE_REDIS=1):
    # then pytest_runtest_setup fails them, so a misconfigured run cannot pass by skipping.
    skip_postgres = not (_database_is_postgres() or os.environ.get("REQUIRE_POSTGRES") == "1")
    skip_redis = os.environ.get("REQUIRE_REDIS") != "1" and not redis_answers()
    for item in items:
        if skip_postgres and item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.skip(reason=POSTGRES_REASON))
        if skip_redis and item.get_closest_marker("redis"):
            item.add_marker(pytest.mark.skip(reason=REDIS_REASON))


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and not _database_is_postgres():
        pytest.fail(
            f"REQUIRE_POSTGRES=1 but the database is not PostgreSQL: {POSTGRES_REASON}",
            pytrace=False,
        )
    if item.get_closest_marker("redis") and not redis_answers():
        pytest.fail(f"REQUIRE_REDIS=1 but Redis does not answer: {REDIS_REASON}", pytrace=False)


class SentMail(list):
    """Django's in-memory outbox (`mail.outbox`), which first runs the on-commit callbacks
    registered since the test began, exactly as `django_capture_on_commit_callbacks(
    execute=True)` would at its end: a test wrapped in a transaction never commits, so this
    stands for the commits its requests and services would have made. The callbacks queue
    the outbox's tasks, which run in-process (no broker in tests) and send the mail."""

    def __init__(self, connection):
        super().__init__()
        self._connection = connection
        self._start = len(connection.run_on_commit)

    def flush(self):
        callbacks = self._connection.run_on_commit
        while len(callbacks) > self._start:
            pending = callbacks[self._start :]
            del callbacks[self._start :]
            for _savepoints, callback, _robust in pending:
                callback()

    def __len__(self):
        self.flush()
        return super().__len__()

    def __iter__(self):
        self.flush()
        return super().__iter__()

    def __getitem__(self, index):
        self.flush()
        return super().__getitem__(index)

    def __eq__(self, other):
        self.flush()
        return list(super().__iter__()) == other

    __hash__ = None

    def __bool__(self):
        return len(self) > 0


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a local port, used by Django's SMTP backend for this test."""
    from tests.support.smtp import SMTPServer

    server = SMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    yield server
    server.close()


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3-compatible server (moto's), for the tests of files kept in a bucket."""
    from tests.support.s3 import s3_server

    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def use_bucket(s3_endpoint, settings, monkeypatch):
    """use_bucket(name, alias): a new bucket on the local S3 server behind
    settings.STORAGES[alias], configured as the environment would; its boto3 client. The
    bucket is emptied and deleted after the test."""
    from contextlib import ExitStack

    from tests.support.s3 import bucket_storage_settings, s3_bucket

    with ExitStack() as stack:

        def use(name, alias="default"):
            client = stack.enter_context(s3_bucket(s3_endpoint, name, monkeypatch))
            storage = bucket_storage_settings(s3_endpoint, name, alias)
            settings.STORAGES = {**settings.STORAGES, alias: storage}
            return client

        yield use


@pytest.fixture
def outbox(settings, db):
    """The emails sent during the test (Django's in-memory backend), through the outbox."""
    from django.core import mail
    from django.db import connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = SentMail(connection)
    return mail.outbox


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no page cached and no attempt counted by an
    earlier test, whose rows have been rolled back since."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english_outside_requests():
    """A request leaves its language active in the thread; each test starts from English,
    so code run outside a request (validators, model methods) does not depend on which
    test ran before."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def content(db):
    """The real content, loaded as in production, with its items at hand by slug."""
    call_command("load_portal_content", stdout=io.StringIO())
    return SimpleNamespace(
        themes={theme.slug: theme for theme in Theme.objects.all()},
        groups={group.slug: group for group in WorkingGroup.objects.all()},
        documents={document.slug: document for document in Document.objects.all()},
    )


@pytest.fixture
def editor(db, django_user_model):
    """A staff member in the Editors group (created by a data migration), not a superuser."""
    user = django_user_model.objects.create_user(
        username="editor", email="editor@example.org", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def mailoutbox(outbox):
    """pytest-django's name for the same outbox."""
    return outbox
