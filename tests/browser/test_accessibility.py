"""The public pages in a real browser: WCAG 2.1 A and AA (axe-core), a clean console, the
menu on a phone and the language switch."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

NOT_FOUND = "no-such-page/"

# Paths under the language prefix. The search words are the content's own, so the results
# page has results to show in each language.
PAGES = {
    "home": "",
    "theme-list": "themes/",
    "theme": "themes/infrastructure/",
    "working-group": "working-groups/light-duty-vehicles/",
    "members": "members/",
    "document-list": "documents/",
    "document": "documents/diagnosis-and-recommendations-2023/",
    "search-results": {"en": "search/?q=charging", "es": "search/?q=carga"},
    "event-list": "events/",
    "event": "events/border-hybrid-meeting/",
    "registration-form": "events/border-hybrid-meeting/register/",
    "not-found": NOT_FOUND,
}

PAGE_PATHS = [
    pytest.param(
        f"/{language}/{path if isinstance(path, str) else path[language]}",
        id=f"{language}-{name}",
    )
    for language in ("en", "es")
    for name, path in PAGES.items()
]

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]

NAVIGATION = ["Themes", "Working groups", "Members", "Documents", "Events"]

axe = Axe()


def _open(page, path):
    response = page.goto(path)
    expected_status = 404 if path.endswith(NOT_FOUND) else 200
    assert response.status == expected_status, f"{path} answered {response.status}"


def _violations(page):
    results = axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def _describe(violations):
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


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_has_no_wcag_21_aa_violations(browser_page, path):
    _open(browser_page, path)

    violations = _violations(browser_page)
    assert violations == [], f"axe-core on {path}:\n{_describe(violations)}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_registration_form_with_errors_has_no_wcag_21_aa_violations(browser_page, language):
    _open(browser_page, f"/{language}/events/border-hybrid-meeting/register/")
    browser_page.locator("form.registration-form button[type=submit]").click()
    expect(browser_page.locator("#form-errors")).to_be_visible()

    violations = _violations(browser_page)
    assert violations == [], f"axe-core on the form with errors:\n{_describe(violations)}"


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_logs_no_console_errors(browser_page, console_errors, path):
    _open(browser_page, path)

    # Chromium logs a page's own 404 status as a failed load: expected on the 404 page.
    own_status = f"status of 404 (Not Found) ({browser_page.url})"
    errors = [error for error in console_errors if not error.endswith(own_status)]
    assert errors == [], f"{path} logged:\n" + "\n".join(errors)


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="phone")])
def test_menu_button_shows_the_navigation_on_a_phone(browser_page):
    _open(browser_page, "/en/")
    header = browser_page.get_by_role("banner")
    for name in NAVIGATION:
        expect(header.get_by_role("link", name=name, exact=True)).to_be_hidden()

    header.get_by_role("button", name="Menu", exact=True).click()

    for name in NAVIGATION:
        expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()


def test_espanol_link_opens_the_same_page_in_spanish(browser_page, site):
    _open(browser_page, "/en/working-groups/light-duty-vehicles/")

    browser_page.get_by_role("link", name="Español", exact=True).click()

    expect(browser_page).to_have_url(f"{site}/es/working-groups/light-duty-vehicles/")
    expect(browser_page.locator("html")).to_have_attribute("lang", "es")
    header = browser_page.get_by_role("banner")
    expect(header.get_by_role("link", name="Grupos de trabajo", exact=True)).to_be_visible()
