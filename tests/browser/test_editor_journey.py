"""An editor's journey in a real browser (issue 8): sign in through the portal's login page,
add a bilingual event for Tijuana at 10:00–12:00 in the admin, see that it starts
unpublished, publish it, and read 10:00 with the Pacific abbreviation on the public page
in English and in Spanish, each with its own way of writing the date."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from registrations.models import Event

from .audit import open_page, submit, unexpected_console_errors
from .conftest import DESKTOP, EDITOR_EMAIL, EDITOR_PASSWORD, PHONE

YEAR = datetime.date.today().year + 1
DAY = datetime.date(YEAR, 7, 20)  # Pacific daylight time in Tijuana
SPANISH_WEEKDAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
SHOTS = Path("/tmp/shots-admintime")


def test_an_editor_adds_a_tijuana_event_at_ten_and_the_public_page_says_ten(
    browser_page, editor_account, chromium, site, console_errors
):
    page = browser_page
    open_page(page, "/en/accounts/login/?next=/admin/")
    page.locator("input[name=login]").fill(EDITOR_EMAIL)
    page.locator("input[name=password]").fill(EDITOR_PASSWORD)
    submit(page, lambda: page.locator("input[name=password]").press("Enter"))
    assert page.url.endswith("/admin/"), page.url

    open_page(page, "/admin/registrations/event/add/")
    page.locator("#id_title_en").fill("Border charging meeting")
    page.locator("#id_title_es").fill("Reunión sobre recarga en la frontera")
    expect(page.locator("#id_slug")).to_have_value("border-charging-meeting")
    zone_notes = page.locator(".event-zone-name")
    expect(zone_notes.first).to_have_text("Central Mexico time (Mexico City)")
    page.locator("#id_timezone").select_option("America/Tijuana")
    # The note under each date and time box (start, end, registration, publication) follows
    # the zone chosen.
    expect(zone_notes).to_have_count(6)
    for index in range(6):
        expect(zone_notes.nth(index)).to_have_text("Pacific time (Tijuana, Baja California)")
    page.locator("#id_starts_at_0").fill(f"{DAY:%Y-%m-%d}")
    page.locator("#id_starts_at_1").fill("10:00")
    page.locator("#id_ends_at_0").fill(f"{DAY:%Y-%m-%d}")
    page.locator("#id_ends_at_1").fill("12:00")
    expect(page.locator("#id_is_published")).not_to_be_checked()
    submit(page, lambda: page.locator("input[name=_continue]").click())
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # Shown again as typed, in the event's zone.
    expect(page.locator("#id_starts_at_1")).to_have_value("10:00:00")
    expect(page.locator("#id_ends_at_1")).to_have_value("12:00:00")
    event = Event.objects.get(slug="border-charging-meeting")
    assert event.starts_at == datetime.datetime(YEAR, 7, 20, 17, tzinfo=datetime.UTC)
    assert not event.is_published

    visitor = chromium.new_context(base_url=site)
    try:
        public = visitor.new_page()
        open_page(public, "/en/events/border-charging-meeting/", status=404)

        page.locator("#id_is_published").check()
        submit(page, lambda: page.locator("input[name=_save]").click())
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

        open_page(public, "/en/events/border-charging-meeting/")
        times = public.locator(".event-times dd").first
        expect(public.locator(".event-times dt").first).to_have_text(
            "Pacific time (Tijuana, Baja California)"
        )
        expect(times).to_have_text(f"{DAY:%A}, July 20, {YEAR}, 10:00–12:00 PDT")

        open_page(public, "/es/events/border-charging-meeting/")
        expect(public.get_by_role("heading", level=1)).to_have_text(
            "Reunión sobre recarga en la frontera"
        )
        expect(public.locator(".event-times dt").first).to_have_text(
            "Hora del Pacífico (Tijuana, Baja California)"
        )
        weekday = SPANISH_WEEKDAYS[DAY.weekday()]
        expect(public.locator(".event-times dd").first).to_have_text(
            f"{weekday}, 20 de julio de {YEAR}, 10:00–12:00 PDT"
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        public.locator(".event-times").screenshot(path=SHOTS / "public-event-times-es.png")
    finally:
        visitor.close()
    assert unexpected_console_errors(console_errors) == []


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("laptop", DESKTOP)])
def test_the_event_form_fits_phones_and_laptops(chromium, site, editor_account, name, viewport):
    """Screenshots for a person to look at (/tmp/shots-admintime/), and no sideways scroll."""
    context = chromium.new_context(viewport=viewport, base_url=site)
    try:
        page = context.new_page()
        open_page(page, "/en/accounts/login/?next=/admin/registrations/event/add/")
        page.locator("input[name=login]").fill(EDITOR_EMAIL)
        page.locator("input[name=password]").fill(EDITOR_PASSWORD)
        submit(page, lambda: page.locator("input[name=password]").press("Enter"))
        expect(page.locator("#id_timezone")).to_be_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("#id_timezone").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"event-form-{name}.png", full_page=True)
        page.locator("fieldset:has(#id_timezone)").screenshot(
            path=SHOTS / f"event-form-{name}-when-and-where.png"
        )
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the form scrolls sideways by {overflow}px at {name} width"
    finally:
        context.close()
