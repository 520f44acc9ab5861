"""The public pages, in a real browser: WCAG 2.1 A/AA (axe-core), a clean console, the phone
menu and the language switch."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Paths under the language prefix. The search words are the content's own, so the results
# page has results to show in either language.
PAGES = {
    "home": {"en": "", "es": ""},
    "theme list": {"en": "themes/", "es": "themes/"},
    "theme": {"en": "themes/infrastructure/", "es": "themes/infrastructure/"},
    "working group": {
        "en": "working-groups/light-duty-vehicles/",
        "es": "working-groups/light-duty-vehicles/",
    },
    "members": {"en": "members/", "es": "members/"},
    "document list": {"en": "documents/", "es": "documents/"},
    "document": {
        "en": "documents/diagnosis-and-recommendations-2023/",
        "es": "documents/diagnosis-and-recommendations-2023/",
    },
    "search results": {"en": "search/?q=charging", "es": "search/?q=carga"},
    "not found": {"en": "no-such-page/", "es": "no-such-page/"},
}

PAGE_CASES = [
    pytest.param(f"/{language}/{paths[language]}", id=f"{language}-{name.replace(' ', '-')}")
    for language in ("en", "es")
    for name, paths in PAGES.items()
]

NAVIGATION = ["Themes", "Working groups", "Members", "Documents"]

axe = Axe()


def _open(page, path):
    """Load a page and wait until its deferred scripts have run."""
    response = page.goto(path, wait_until="load")
    expected_status = 404 if "no-such-page" in path else 200
    assert response.status == expected_status, f"{path} answered {response.status}"
    return response


def _describe(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(selector) for selector in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")])
@pytest.mark.parametrize("path", PAGE_CASES)
def test_page_meets_wcag_21_aa(page, path, viewport):
    _open(page, path)

    results = axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )

    violations = results.response["violations"]
    assert violations == [], f"axe-core found on {path}:\n{_describe(violations)}"


@pytest.mark.parametrize("path", PAGE_CASES)
def test_page_logs_no_console_errors(page, console_errors, path):
    _open(page, path)

    # The browser reports a 404 page's own status as a failed load; that one is expected.
    own_status = re.compile(r"status of 404 .*\(" + re.escape(page.url) + r"\)$")
    errors = [error for error in console_errors if not own_status.search(error)]
    assert errors == [], f"{path} logged:\n" + "\n".join(errors)


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="phone")])
def test_menu_button_shows_the_navigation_on_a_phone(page, viewport):
    _open(page, "/en/")
    header = page.get_by_role("banner")
    for name in NAVIGATION:
        expect(header.get_by_role("link", name=name, exact=True)).to_be_hidden()

    page.get_by_role("button", name="Menu").click()

    for name in NAVIGATION:
        expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()


def test_espanol_link_opens_the_same_page_in_spanish(page, site):
    _open(page, "/en/working-groups/light-duty-vehicles/")

    page.get_by_role("link", name="Español").click()

    expect(page).to_have_url(f"{site}/es/working-groups/light-duty-vehicles/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Grupos de trabajo", exact=True)).to_be_visible()
