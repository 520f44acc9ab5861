"""Settings, markers and fixtures shared by the whole suite.

The suite runs with production-like settings (pyproject.toml sets debug off and a throwaway
key); here it swaps what only a deployment has: the manifest of collected static files, the
media folder, and the compiled Spanish catalogue.
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
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
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


def pytest_collection_modifyitems(config, items):
    # Without PostgreSQL, tests that need it are skipped with a clear reason, unless the
    # caller requires them (CI sets REQUIRE_POSTGRES=1): then pytest_runtest_setup fails
    # them, so a misconfigured run cannot pass by skipping.
    if _database_is_postgres() or os.environ.get("REQUIRE_POSTGRES") == "1":
        return
    skip = pytest.mark.skip(reason=POSTGRES_REASON)
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and not _database_is_postgres():
        pytest.fail(
            f"REQUIRE_POSTGRES=1 but the database is not PostgreSQL: {POSTGRES_REASON}",
            pytrace=False,
        )


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
