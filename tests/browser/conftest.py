"""A real browser on the live test server: Debian's Chromium driven by Playwright.

Every test in this folder is marked `browser`. Without Chromium they skip, unless the caller
requires them (CI sets REQUIRE_BROWSER=1): then they fail, so a run on a machine that lost
its browser cannot pass by skipping. Playwright's own browser download is not used; the site
and the tests work offline (axe-core comes with axe-playwright-python).
"""

import datetime
import io
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from documents.models import Document
from registrations.models import Event, Registration
from taskforce import sample_data
from taskforce.core.roles import EDITORS
from taskforce.roadmap.models import Theme
from tests.factories import DocumentFactory, EventFactory, RegistrationFactory, account
from workinggroups.models import WorkingGroup

CHROMIUM_REASON = "Chromium is not installed (apt-get install chromium)"

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

BROWSER_TESTS = Path(__file__).parent


def _chromium_path():
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    # A conftest's collection hook sees the whole session's items: mark only ours.
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before any fixture is set up, so a missing browser is never launched.
    if item.get_closest_marker("browser") and _chromium_path() is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM_REASON}", pytrace=False)
        pytest.skip(CHROMIUM_REASON)


@pytest.fixture(scope="package")
def chromium():
    """One browser for all the browser tests; each test gets its own context.

    Package-scoped so that Playwright's event loop stops after the last browser test:
    while it runs, the main thread has a running asyncio loop, which Django's ORM refuses
    (SynchronousOnlyOperation) and which `asyncio.run()` in later tests would trip over.
    DJANGO_ALLOW_ASYNC_UNSAFE lets the fixtures load and flush the database meanwhile; the
    ORM still runs synchronously, in the thread that owns the connection.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=_chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(chromium, live_server, transactional_db):
    """The live server's address, with the real content loaded.

    live_server runs in another thread, so the data must be committed: transactional_db
    empties the tables after each test, and each test loads the content again. The cache
    (whole anonymous pages, rate-limit counters) is emptied too, so that no page or count
    from an earlier test's data carries over.
    """
    cache.clear()
    call_command("load_portal_content", stdout=io.StringIO())
    EventFactory(
        slug="border-hybrid-meeting",
        mode=Event.Mode.HYBRID,
        timezone="America/Tijuana",
        working_group=WorkingGroup.objects.get(slug="medium-heavy-duty-vehicles"),
    )
    return live_server.url


@pytest.fixture
def viewport():
    """Desktop by default; tests parametrize it with PHONE for a small screen."""
    return DESKTOP


@pytest.fixture
def console_errors():
    """Messages the page logged as errors, and uncaught exceptions, in order."""
    return []


@pytest.fixture
def browser_page(chromium, site, viewport, console_errors):
    """A page in a fresh context (no cookies or cache shared between tests), whose relative
    URLs go to the live server.

    Not named `page`: pytest-playwright would then parametrize the test by its own browser
    fixtures, which these tests do not use.
    """
    context = chromium.new_context(viewport=viewport, base_url=site)
    # Fail fast on a hung page instead of Playwright's 30 s default.
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            console_errors.append(f"console error: {message.text} ({message.location['url']})")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: console_errors.append(f"uncaught exception: {error}"))
    yield page
    context.close()


# The events of `sample`, one per state a visitor can meet, with the title each language
# shows (the flows find them by title, as a visitor would). Dates are in days from now;
# an event starts in two weeks unless it says otherwise.
SAMPLE_EVENTS = {
    "open": {
        "title_en": "Border freight charging workshop",
        "title_es": "Taller de carga para el transporte fronterizo",
        "mode": Event.Mode.HYBRID,
        "timezone": "America/Tijuana",
        "online_url": "https://meet.example.org/border-freight",
    },
    "online": {
        "title_en": "Public transport webinar",
        "title_es": "Seminario web de transporte público",
        "mode": Event.Mode.ONLINE,
        "capacity": None,
        "venue_en": "",
        "venue_es": "",
    },
    "full-waitlist": {
        "title_en": "Light-duty plenary",
        "title_es": "Plenaria de vehículos ligeros",
        "capacity": 2,
    },
    "full": {
        "title_en": "Suppliers roundtable",
        "title_es": "Mesa redonda de proveedores",
        "capacity": 1,
        "waitlist_enabled": False,
    },
    "closed": {
        "title_en": "Governance briefing",
        "title_es": "Sesión informativa de gobernanza",
        "starts_at": 5,
        "registration_closes_at": -1,
    },
    "not-yet": {
        "title_en": "Human capital forum",
        "title_es": "Foro de capital humano",
        "starts_at": 40,
        "registration_opens_at": 10,
    },
    "past": {
        "title_en": "Launch meeting",
        "title_es": "Reunión de lanzamiento",
        "starts_at": -30,
    },
}

# The account of `sample`: an address verified, as allauth requires before signing in.
ACCOUNT_EMAIL = "ana.garcia@example.org"
ACCOUNT_PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture
def sample(site):
    """Everything the public pages can show, on top of `site`: sample members and enough
    documents for a second page (taskforce.sample_data), a document with a file and a Spanish
    version, an event in each registration state, registrations in each status, and an
    account whose verified address registered for two events."""

    sample_data.load(sample_data.Counts(members=60, documents=25, events=0, registrations=0))
    group = WorkingGroup.objects.get(slug="light-duty-vehicles")
    now = timezone.now()
    dates = ("starts_at", "registration_opens_at", "registration_closes_at")
    events = {}
    for key, fields in SAMPLE_EVENTS.items():
        fields = {"starts_at": 14, **fields}
        for name in dates:
            if name in fields:
                fields[name] = now + datetime.timedelta(days=fields[name])
        events[key] = EventFactory(slug=f"sample-{key}", working_group=group, **fields)
    for _ in range(2):
        RegistrationFactory(event=events["full-waitlist"])
    RegistrationFactory(event=events["full"])
    registrations = {
        "confirmed": RegistrationFactory(event=events["open"], full_name="Luis Pérez"),
        "waitlisted": RegistrationFactory(
            event=events["full-waitlist"], status=Registration.Status.WAITLISTED
        ),
        "cancelled": RegistrationFactory(
            event=events["open"],
            status=Registration.Status.CANCELLED,
            cancelled_at=timezone.now(),
        ),
        "account-upcoming": RegistrationFactory(event=events["open"], email=ACCOUNT_EMAIL),
        "account-past": RegistrationFactory(event=events["past"], email=ACCOUNT_EMAIL),
    }
    spanish = Document.objects.get(slug="diagnosis-and-recommendations-2023")
    DocumentFactory(
        slug="road-map-summary",
        title_en="Road map summary",
        title_es="Resumen de la hoja de ruta",
        kind=Document.Kind.ROADMAP,
        pages=12,
        file=ContentFile(b"%PDF-1.4\n% sample\n", name="road-map-summary.pdf"),
        external_url="https://example.org/road-map",
        other_language_version=spanish,
        themes=[Theme.objects.get(slug="infrastructure")],
        working_groups=[group],
    )
    user = account(ACCOUNT_EMAIL, password=ACCOUNT_PASSWORD)
    return SimpleNamespace(events=events, registrations=registrations, user=user)


EDITOR_EMAIL = "editora@example.org"
EDITOR_PASSWORD = "a-long-editor-passphrase-42"


@pytest.fixture
def editor_account(site):
    """A staff member in the Editors group, with a verified address. The group comes from a
    data migration, which the flush after an earlier browser test has emptied: its
    permissions on events are given again here."""
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="registrations", codename__endswith="_event"
        )
    )
    user = account(EDITOR_EMAIL, password=EDITOR_PASSWORD, is_staff=True)
    user.groups.add(editors)
    return user
