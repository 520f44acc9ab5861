"""Registering for an event in a real browser, as people do: on a phone through the menu,
and with the keyboard alone. Both meet the form's errors first, then register and reach
'check your email'; the registration is then in the database."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from registrations.models import Registration

from .audit import open_page, submit, unexpected_console_errors
from .conftest import PHONE

REQUIRED = "This field is required."

# The hybrid event's required fields, as (field name, label, error shown next to it).
REQUIRED_FIELDS = [
    ("full_name", "Full name", REQUIRED),
    ("email", "Email", REQUIRED),
    ("organization", "Organization", REQUIRED),
    ("sector", "Sector", REQUIRED),
    ("country", "Country", REQUIRED),
    ("attendance_mode", "Attendance", REQUIRED),
    ("consent", "I agree", "You must agree to the privacy notice to register."),
]
OPTIONAL_FIELDS = ["job_title", "needs", "interpretation"]

SUBMIT = "form.registration-form [type=submit]"

# A description of the focused element, for failure messages.
FOCUSED = """() => {
  const element = document.activeElement;
  const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  return element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + " " + text;
}"""

# Why the focus is not visible enough on the focused element, or "" if it is: the element
# matches :focus-visible and has a solid outline, 2px or wider, with a contrast of 3:1 or
# more against the background around it (WCAG 1.4.11).
FOCUS_PROBLEM = """() => {
  const element = document.activeElement;
  if (!element.matches(":focus-visible")) return "not :focus-visible";
  const style = getComputedStyle(element);
  if (style.outlineStyle !== "solid" || parseFloat(style.outlineWidth) < 2) {
    return `outline: ${style.outlineStyle} ${style.outlineWidth}`;
  }
  const rgb = (color) => color.match(/[\\d.]+/g).map(Number);
  const luminance = (color) => {
    const [r, g, b] = rgb(color).slice(0, 3).map((value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let around = element.parentElement;
  while (around && (rgb(getComputedStyle(around).backgroundColor)[3] ?? 1) === 0) {
    around = around.parentElement;
  }
  const background = around ? getComputedStyle(around).backgroundColor : "rgb(255, 255, 255)";
  const [ring, behind] = [luminance(style.outlineColor), luminance(background)];
  const contrast = (Math.max(ring, behind) + 0.05) / (Math.min(ring, behind) + 0.05);
  return contrast >= 3 ? "" : `${style.outlineColor} on ${background}: ${contrast.toFixed(2)}:1`;
}"""


def _spanish(text):
    with translation.override("es"):
        translated = gettext(text)
    assert translated != text, f"no Spanish for {text!r}"
    return translated


def open_menu(page, name):
    """Opens the phone menu and waits until it is open (Bootstrap adds `show` once it has
    slid open): meanwhile its links move, and a click can land on the wrong one."""
    page.get_by_role("banner").get_by_role("button", name=name, exact=True).click()
    expect(page.locator("#site-nav")).to_have_class(re.compile(r"\bshow\b"))


def tab_to(page, selector, limit=40):
    """Presses Tab until the focus is on `selector`; fails, naming where the focus went,
    if it is not reached within `limit` presses."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
        path.append(page.evaluate(FOCUSED))
    pytest.fail(f"Tab never reached {selector}; the focus went to: " + " → ".join(path))


def assert_focused(page, selector):
    focused = page.evaluate(FOCUSED)
    assert page.evaluate("s => document.activeElement.matches(s)", selector), (
        f"the focus is on {focused}, not on {selector}"
    )


def assert_focus_is_visible(page):
    problem = page.evaluate(FOCUS_PROBLEM)
    assert not problem, f"the focus on {page.evaluate(FOCUSED)} is hard to see: {problem}"


def assert_error_next_to_field(page, name, label, message):
    """The field is marked invalid, its error is shown right below it, inside the field's
    own block, and a screen reader reads the error with the field (aria-describedby)."""
    block = page.locator(f"#div_id_{name}")
    inputs = block.locator("input, select, textarea")
    group = block.locator("fieldset")
    control = group if group.count() else page.locator(f"#id_{name}")
    expect(control).to_have_accessible_description(re.compile(re.escape(message)))
    for index in range(inputs.count()):
        expect(inputs.nth(index)).to_have_attribute("aria-invalid", "true")
        expect(inputs.nth(index)).to_have_class(re.compile(r"\bis-invalid\b"))

    error = block.locator(".invalid-feedback")
    expect(error).to_be_visible()
    expect(error).to_have_text(message)
    error_id = error.get_attribute("id")
    assert error_id in control.get_attribute("aria-describedby").split(), (
        f"{label}: the error is not tied to the field"
    )
    # Right below the field or its label: nothing else in between.
    error_box = error.bounding_box()
    above = [
        box
        for box in (
            element.bounding_box()
            for element in block.locator("input, select, textarea, label").all()
        )
        if box and box["y"] < error_box["y"]
    ]
    gap = error_box["y"] - max(box["y"] + box["height"] for box in above)
    assert 0 <= gap < 16, f"{label}: the error is {gap:.0f}px away from its field"


def assert_error_summary(page):
    """The summary above the form has the focus and a link to each field in error."""
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    links = summary.get_by_role("link")
    expect(links).to_have_count(len(REQUIRED_FIELDS))
    for index, (name, label, message) in enumerate(REQUIRED_FIELDS):
        link = links.nth(index)
        expect(link).to_contain_text(label)
        target = page.locator(link.get_attribute("href"))
        expect(target).to_have_count(1)
        expect(target).to_have_attribute("name", name)
        expect(summary.locator("li").nth(index)).to_contain_text(message)


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="phone")])
def test_on_a_phone_a_visitor_finds_an_event_registers_and_reads_on_in_spanish(
    browser_page, console_errors, sample, site
):
    page = browser_page
    event = sample.events["open"]
    open_page(page, "/en/")

    header = page.get_by_role("banner")
    open_menu(page, "Menu")
    header.get_by_role("link", name="Events", exact=True).click()
    expect(page).to_have_url(f"{site}/en/events/")
    page.get_by_role("link", name=event.title_en, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title_en)
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page).to_have_url(f"{site}/en/events/{event.slug}/register/")

    registrations_before = Registration.objects.count()
    submit(page, page.get_by_role("button", name="Register", exact=True).click)
    assert_error_summary(page)
    for name, label, message in REQUIRED_FIELDS:
        assert_error_next_to_field(page, name, label, message)
    for name in OPTIONAL_FIELDS:
        expect(page.locator(f"#id_{name}")).not_to_have_attribute("aria-invalid", "true")
    assert Registration.objects.count() == registrations_before

    page.get_by_label("Full name").fill("María López")
    page.get_by_label("Email").fill("Maria.Lopez@example.org")
    page.get_by_label("Organization").fill("Sierra Motors")
    page.get_by_label("Job title").fill("Policy lead")
    page.get_by_label("Sector").select_option(label="Vehicle manufacturer (OEM)")
    page.get_by_label("Country").select_option(label="Mexico")
    page.get_by_role("group", name="Attendance").get_by_label("Online").check()
    page.get_by_label("Accessibility or dietary needs").fill("Vegetarian lunch")
    page.get_by_label("I need English–Spanish interpretation").check()
    page.get_by_label("I agree").check()
    submit(page, page.get_by_role("button", name="Register", exact=True).click)

    expect(page).to_have_url(f"{site}/en/events/{event.slug}/register/done/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text(
        f"We have sent a message about your registration for “{event.title_en}”"
    )
    registration = Registration.objects.get(event=event, email__iexact="maria.lopez@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    assert (registration.full_name, registration.organization, registration.job_title) == (
        "María López",
        "Sierra Motors",
        "Policy lead",
    )
    assert (registration.sector, registration.country.code) == ("oem", "MX")
    assert registration.attendance_mode == Registration.AttendanceMode.ONLINE
    assert (registration.needs, registration.interpretation) == ("Vegetarian lunch", True)
    assert registration.language == "en"
    assert [message.to for message in mail.outbox] == [["Maria.Lopez@example.org"]]

    open_menu(page, "Menu")
    header.get_by_role("link", name="Español", exact=True).click()

    expect(page).to_have_url(f"{site}/es/events/{event.slug}/register/done/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(_spanish("Check your email"))
    expect(page.locator("main")).to_contain_text(event.title_es)
    open_menu(page, _spanish("Menu"))
    expect(header.get_by_role("link", name="Eventos", exact=True)).to_be_visible()
    assert unexpected_console_errors(console_errors) == []


def test_with_the_keyboard_alone_a_visitor_registers(browser_page, console_errors, sample, site):
    page = browser_page
    event = sample.events["open"]
    open_page(page, f"/en/events/{event.slug}/")

    tab_to(page, f"main a[href='/en/events/{event.slug}/register/']")
    assert_focus_is_visible(page)
    submit(page, lambda: page.keyboard.press("Enter"))
    expect(page).to_have_url(f"{site}/en/events/{event.slug}/register/")

    # Enter in the first field sends the empty form: the focus goes to the summary of
    # errors, whose first link leads back to the first field.
    tab_to(page, "#id_full_name")
    submit(page, lambda: page.keyboard.press("Enter"))
    expect(page.locator("#form-errors")).to_be_focused()
    page.keyboard.press("Tab")
    assert_focused(page, "#form-errors a[href='#id_full_name']")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert_focused(page, "#id_email")
    page.keyboard.press("Shift+Tab")

    # Each Tab goes to the next field, in the order they are shown.
    steps = [
        ("#id_full_name", lambda: page.keyboard.type("José Hernández")),
        ("#id_email", lambda: page.keyboard.type("jose.hernandez@example.org")),
        ("#id_organization", lambda: page.keyboard.type("Frontera Freight")),
        ("#id_job_title", lambda: page.keyboard.type("Fleet manager")),
        ("#id_sector", lambda: page.keyboard.press("ArrowDown")),
        ("#id_country", lambda: page.keyboard.type("Mexico")),
        ("#id_attendance_mode_0", lambda: page.keyboard.press("ArrowDown")),
        ("#id_needs", lambda: page.keyboard.type("Step-free access")),
        ("#id_interpretation", lambda: page.keyboard.press("Space")),
        ("#id_consent", lambda: page.keyboard.press("Space")),
    ]
    for index, (selector, action) in enumerate(steps):
        if index:
            page.keyboard.press("Tab")
        assert_focused(page, selector)
        action()
    tab_to(page, SUBMIT, limit=3)
    assert_focus_is_visible(page)
    submit(page, lambda: page.keyboard.press("Enter"))

    expect(page).to_have_url(f"{site}/en/events/{event.slug}/register/done/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    registration = Registration.objects.get(event=event, email="jose.hernandez@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    assert (registration.full_name, registration.organization) == (
        "José Hernández",
        "Frontera Freight",
    )
    assert (registration.sector, registration.country.code) == ("oem", "MX")
    assert registration.attendance_mode == Registration.AttendanceMode.ONLINE
    assert (registration.needs, registration.interpretation) == ("Step-free access", True)
    assert unexpected_console_errors(console_errors) == []
