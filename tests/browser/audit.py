"""What the browser tests check on every page they visit: axe-core's WCAG 2.1 A and AA
rules, and a console without errors (a Content-Security-Policy violation, a failed
script or stylesheet, an uncaught exception)."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_axe = Axe()

# How Chromium reports a page whose own status is an error (a 404 page, a refused
# registration): expected on those pages, and nowhere else.
_OWN_STATUS = re.compile(r"the server responded with a status of \d{3} .*\((?P<url>[^()]+)\)$")


def violations(page):
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def describe(violations):
    """One line per rule broken and one per element, enough to find and fix each."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(selector) for selector in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"  - {target}  {node['html'][:160]}\n      {summary}")
    return "\n".join(lines)


def unexpected_console_errors(console_errors, error_pages=()):
    """The console errors, less Chromium's report of an error status on the pages in
    `error_pages` (URLs), which answer with one on purpose."""
    return [
        error
        for error in console_errors
        if not ((match := _OWN_STATUS.search(error)) and match["url"] in error_pages)
    ]


def open_page(page, path, status=200):
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}, not {status}"
    return response


def submit(page, action, status=200):
    """Runs `action` (a click, a key press) that submits a form, waits for the page it
    leads to and checks the status of that page (after any redirect)."""
    with page.expect_navigation() as navigation:
        action()
    response = navigation.value
    assert response.status == status, f"{page.url} answered {response.status}, not {status}"
    return response


class Audit:
    """Checks each page a test shows, and reports every failure at the end: one test
    walks through several pages in one browser page (quicker than one test each) and
    still names every page that fails, not only the first."""

    def __init__(self, page, console_errors):
        self.page = page
        self.console_errors = console_errors
        self.error_pages = set()
        self.failures = []
        self.checked = []

    def visit(self, path, status=200, shows=None):
        """Opens the page and checks it; `shows`, a selector that must be visible there,
        makes sure it is the variant meant (a filter's error, an event's state)."""
        open_page(self.page, path, status)
        if shows:
            expect(self.page.locator(shows).first).to_be_visible()
        self.check(path, status)

    def check(self, label=None, status=200):
        """axe-core on the page as it is now (after a form was sent, say)."""
        label = label or self.page.url
        if status >= 400:
            self.error_pages.add(self.page.url)
        self.checked.append(label)
        found = violations(self.page)
        if found:
            self.failures.append(f"axe-core on {label}:\n{describe(found)}")

    def assert_clean(self):
        errors = unexpected_console_errors(self.console_errors, self.error_pages)
        if errors:
            self.failures.append("console errors:\n" + "\n".join(errors))
        assert not self.failures, "\n\n".join(self.failures)
        assert self.checked, "no page was checked"
