"""A real browser on the live test server: Debian's Chromium driven by Playwright.

Every test in this folder is marked `browser`. Without Chromium they skip, unless the caller
requires them (CI sets REQUIRE_BROWSER=1): then they fail, so a run on a machine that lost
its browser cannot pass by skipping. Playwright's own browser download is not used; the site
and the tests work offline (axe-core comes with axe-playwright-python).
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from registrations.models import Event
from tests.factories import EventFactory
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
    empties the tables after each test, and each test loads the content again.
    """
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
