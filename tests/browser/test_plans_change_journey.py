"""Calling a meeting off and putting it back on, done in a real browser: an editor ticks and
unticks "called off" in the admin; each registrant is emailed in their language, and the
private link from the "back on" email opens a page (on a phone, in Spanish) where the
meeting takes place again, as does its public page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import EventFactory, RegistrationFactory

from .audit import Audit, submit
from .conftest import EDITOR_EMAIL, EDITOR_PASSWORD, PHONE

PRIVATE_LINK = re.compile(r"https?://\S+/(?:en|es)/registrations/[\w-]+/")


@pytest.fixture
def meeting(site):
    event = EventFactory(
        slug="corridor-meeting",
        title_en="Corridor meeting",
        title_es="Reunión del corredor",
        capacity=10,
    )
    RegistrationFactory(event=event, email="ana@example.mx", language="es")
    RegistrationFactory(event=event, email="bo@example.org", language="en")
    return event


def _save_with(page, meeting, called_off):
    page.goto(f"/admin/registrations/event/{meeting.pk}/change/")
    box = page.locator("#id_is_cancelled")
    box.check() if called_off else box.uncheck()
    submit(page, lambda: page.locator("input[name=_continue]").click())
    expect(page.locator(".messagelist")).to_contain_text("2 registrants are emailed")


def test_an_editor_calls_a_meeting_off_and_back_on_and_registrants_read_each_in_their_language(
    browser_page, console_errors, site, settings, editor_account, meeting
):
    settings.PORTAL_BASE_URL = f"{site}/"
    mail.outbox = []
    page = browser_page
    page.goto("/en/accounts/login/?next=/admin/")
    page.locator("input[name=login]").fill(EDITOR_EMAIL)
    page.locator("input[name=password]").fill(EDITOR_PASSWORD)
    submit(page, lambda: page.locator("input[name=password]").press("Enter"))

    _save_with(page, meeting, called_off=True)
    called_off = {message.to[0]: message.subject for message in mail.outbox}
    assert called_off == {
        "ana@example.mx": "Evento cancelado: Reunión del corredor",
        "bo@example.org": "Called off: Corridor meeting",
    }

    _save_with(page, meeting, called_off=False)
    back_on = {message.to[0]: message for message in mail.outbox[2:]}
    assert {to: message.subject for to, message in back_on.items()} == {
        "ana@example.mx": "Se realizará: Reunión del corredor",
        "bo@example.org": "Back on: Corridor meeting",
    }
    assert "sí se realizará" in back_on["ana@example.mx"].body

    # The Spanish registrant follows the link from that email, on a phone.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    audit = Audit(page, console_errors)
    audit.visit(PRIVATE_LINK.search(back_on["ana@example.mx"].body)[0])
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main")).to_contain_text("Reunión del corredor")
    expect(page.locator(".event-called-off")).to_have_count(0)
    audit.visit(f"/es/events/{meeting.slug}/")
    expect(page.locator(".event-called-off")).to_have_count(0)
    expect(page.get_by_role("link", name="Registrarse", exact=True)).to_be_visible()
    audit.assert_clean()
