"""No public page scrolls sideways, from a small phone to a wide desktop, in either language.

Every public page type, with the realistic content of `sample`, at each width of WIDTHS:
the page is no wider than the window (and when it is, the message names the elements that
stick out, widest first), the language switch is visible inside the window, and where the
menu button shows, it opens the navigation.

One test per language: each loads the sample content once, then opens one browser context
per width and walks through the pages in one tab. Animations are off (reduced motion), so
the menu opens at once. With LAYOUT_SCREENSHOTS=<folder> it also saves full-page
screenshots of the home page, a working group and the members directory at phone and
desktop widths, to look at.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .audit import open_page
from .conftest import PHONE

WIDTHS = [320, 390, 768, 1024, 1280, 1366, 1440, 1920]
HEIGHT = 900
SCREENSHOT_WIDTHS = {390, 1280}
SCREENSHOT_PAGES = {"home", "working-group", "members", "about"}

NOT_FOUND = "no-such-page/"

# Paths under the language prefix, one per public page type.
PAGES = {
    "home": "",
    "about": "about/",
    "theme-list": "themes/",
    "theme": "themes/infrastructure/",
    "working-group-list": "working-groups/",
    "working-group": "working-groups/light-duty-vehicles/",
    "members": "members/",
    "document-list": "documents/",
    "document": "documents/road-map-summary/",
    "event-list": "events/",
    "event": "events/sample-open/",
    "registration-form": "events/sample-open/register/",
    "search-results": {"en": "search/?q=charging", "es": "search/?q=carga"},
    "privacy": "privacy/",
    "developers": "developers/",
    "login": "accounts/login/",
    "not-found": NOT_FOUND,
}

NAVIGATION = {
    "en": ["Themes", "Working groups", "Members", "Documents", "Events"],
    "es": ["Temas", "Grupos de trabajo", "Integrantes", "Documentos", "Eventos"],
}
OTHER_LANGUAGE = {"en": "Español", "es": "English"}
MENU = {"en": "Menu", "es": "Menú"}

# How far the page scrolls sideways, and, when it does, the elements whose box ends past
# the window's right edge (or starts left of 0), widest first: what to fix.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    if (typeof element.className === "string" && element.className.trim()) {
      name += "." + element.className.trim().split(/\\s+/).join(".");
    }
    const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    return text ? `${name} "${text}"` : name;
  };
  const outside = [];
  if (scrollWidth > width) {
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5) {
        outside.push({element: describe(element), left: box.left, right: box.right});
      }
    }
    outside.sort((a, b) => b.right - a.right);
  }
  return {width, scrollWidth, outside: outside.slice(0, 5)};
}"""

# Whether an element is entirely inside the window, horizontally and vertically.
INSIDE_WINDOW = """(element) => {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth
    && box.top >= 0 && box.bottom <= window.innerHeight;
}"""


def _overflow_failure(page, label):
    found = page.evaluate(OVERFLOW)
    if found["scrollWidth"] <= found["width"]:
        return None
    elements = "\n".join(
        f"    {item['element']} (from {item['left']:.0f} to {item['right']:.0f} px)"
        for item in found["outside"]
    )
    return (
        f"{label}: the page is {found['scrollWidth']} px wide in a {found['width']} px window; "
        f"sticking out, widest first:\n{elements}"
    )


def _header_failures(page, label, language):
    failures = []
    header = page.get_by_role("banner")
    switch = header.get_by_role("link", name=OTHER_LANGUAGE[language], exact=True)
    if not (switch.is_visible() and switch.evaluate(INSIDE_WINDOW)):
        failures.append(f"{label}: the language switch is not visible inside the window")
    menu = header.get_by_role("button", name=MENU[language], exact=True)
    if menu.is_visible():
        first_link = header.get_by_role("link", name=NAVIGATION[language][0], exact=True)
        if first_link.is_visible():
            failures.append(f"{label}: the navigation shows before the menu button is pressed")
        menu.click()
        for name in NAVIGATION[language]:
            link = header.get_by_role("link", name=name, exact=True)
            if not (link.is_visible() and link.evaluate(INSIDE_WINDOW)):
                failures.append(f"{label}: the menu button does not show the link {name!r}")
        expect(menu).to_have_attribute("aria-expanded", "true")
        failure = _overflow_failure(page, f"{label} with the menu open")
        if failure:
            failures.append(failure)
    else:
        for name in NAVIGATION[language]:
            if not header.get_by_role("link", name=name, exact=True).is_visible():
                failures.append(f"{label}: no menu button, and the link {name!r} is hidden")
    return failures


def _screenshots(page, stem):
    """The whole page, in pieces of two window heights (small enough to look at)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.viewport_size["width"]
    for number, top in enumerate(range(0, height, 2 * HEIGHT), start=1):
        clip = {"x": 0, "y": top, "width": width, "height": min(2 * HEIGHT, height - top)}
        page.screenshot(path=f"{stem}-{number}.png", full_page=True, clip=clip)


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_public_page_scrolls_sideways_at_any_width(chromium, sample, site, language):
    shots = os.environ.get("LAYOUT_SCREENSHOTS")
    failures = []
    for width in WIDTHS:
        context = chromium.new_context(
            viewport={"width": width, "height": HEIGHT}, base_url=site, reduced_motion="reduce"
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        try:
            for name, path in PAGES.items():
                path = path if isinstance(path, str) else path[language]
                open_page(page, f"/{language}/{path}", status=404 if path == NOT_FOUND else 200)
                label = f"{name} ({language}, {width} px)"
                failure = _overflow_failure(page, label)
                if failure:
                    failures.append(failure)
                if shots and width in SCREENSHOT_WIDTHS and name in SCREENSHOT_PAGES:
                    _screenshots(page, Path(shots) / f"{name}-{language}-{width}")
                failures.extend(_header_failures(page, label, language))
        finally:
            context.close()
    assert not failures, "\n".join(failures)


# The top of an element, in px from the top of the page.
TOP = "(element) => element.getBoundingClientRect().top + window.scrollY"


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="phone")])
@pytest.mark.parametrize("language", ["en", "es"])
def test_on_a_phone_the_next_meeting_and_a_groups_contact_come_first(
    browser_page, sample, language
):
    page = browser_page
    screen = PHONE["height"]

    open_page(page, f"/{language}/")
    next_meeting = page.locator("#events-title ~ ul .event-card .card-title").first
    expect(next_meeting).to_contain_text(getattr(sample.events["closed"], f"title_{language}"))
    assert next_meeting.evaluate(TOP) < 1.5 * screen
    assert next_meeting.evaluate(TOP) < page.locator("#themes-title").evaluate(TOP)
    assert next_meeting.evaluate(TOP) < page.locator("#figures-title").evaluate(TOP)

    open_page(page, f"/{language}/working-groups/light-duty-vehicles/")
    contact = page.locator("#contact-title").evaluate(TOP)
    meetings = page.locator("#group-events-title").evaluate(TOP)
    reports = page.locator("#group-documents-title").evaluate(TOP)
    members = page.locator(".organization-names").evaluate(TOP)
    assert contact < meetings < reports < members
    assert contact < 1.5 * screen
