"""A coordinator on a phone writes to an event's confirmed registrants in English and
Spanish: previews the email as a Spanish-speaking registrant reads it, sends a test to
themselves, sends, and sees each recipient's delivery in the messages list (one address
refused by the mail server). The mail really goes out, to a local SMTP server.

Screenshots at phone width go to /tmp/shots-messages/.
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from registrations.models import Event, Registration
from taskforce.core.roles import COORDINATORS
from tests.factories import RegistrationFactory, account

from .audit import describe, open_page, submit, unexpected_console_errors, violations
from .conftest import PHONE

SHOTS = Path("/tmp/shots-messages")
EMAIL = "coordinadora@example.org"
PASSWORD = "a-long-coordinator-passphrase-26"
PERMISSIONS = ["view_event", "view_registration", "export_registration", "message_registrants"]
WIDTHS = [320, 390, 1920]


@pytest.fixture
def viewport():
    return PHONE


@pytest.fixture
def coordinator(site):
    """The live server's tests empty every table after each test, the migrations' groups
    included: the group is made again if gone."""
    group, _created = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="registrations", codename__in=PERMISSIONS
        )
    )
    user = account(EMAIL, password=PASSWORD)
    user.groups.add(group)
    return user


@pytest.fixture
def event(site):
    event = Event.objects.get(slug="border-hybrid-meeting")
    people = [
        ("Ana Torres", "ana@example.mx", "es", Registration.Status.CONFIRMED),
        ("Bo Chen", "bo@example.org", "en", Registration.Status.CONFIRMED),
        ("Dee Brown", "dee@refused.example", "en", Registration.Status.CONFIRMED),
        ("Cy Ortiz", "cy@example.org", "en", Registration.Status.WAITLISTED),
    ]
    for name, email, language, status in people:
        RegistrationFactory(
            event=event, full_name=name, email=email, language=language, status=status
        )
    return event


def _no_sideways_scroll(page, name):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at {width} px"
    page.set_viewport_size(PHONE)


def test_a_coordinator_writes_to_the_confirmed_in_both_languages_and_sees_each_delivery(
    browser_page, console_errors, smtp, coordinator, event
):
    smtp.refuse_recipient("dee@refused.example")
    page = browser_page
    open_page(page, "/en/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, lambda: page.get_by_role("button", name="Sign in").click())

    open_page(page, event.get_absolute_url())
    coordinators = page.get_by_role("region", name="For coordinators")
    submit(page, lambda: coordinators.get_by_role("link", name="Messages to registrants").click())
    expect(page.get_by_text("No message has been sent for this event yet.")).to_be_visible()
    submit(page, lambda: page.get_by_role("link", name="Write to registrants").click())

    expect(page.get_by_label("Confirmed registrants (3)")).to_be_checked()
    expect(page.get_by_label("The waiting list (1)")).to_be_visible()
    page.get_by_label("Subject in English").fill("Room change for {event}")
    page.get_by_label("Message in English").fill("Dear {name},\nWe meet in room 4.\n{link}")
    page.get_by_label("Subject in Spanish").fill("Cambio de sala: {event}")
    page.get_by_label("Message in Spanish").fill("Hola, {name}:\nNos vemos en la sala 4.\n{link}")
    page.get_by_label("Preview as").select_option(label="Ana Torres (Spanish)")
    submit(page, lambda: page.get_by_role("button", name="Preview").click())

    preview = page.get_by_role("region", name="Preview: as Ana Torres reads it")
    expect(preview).to_contain_text(f"Cambio de sala: {event.title_es}")
    expect(preview).to_contain_text("Hola, Ana Torres:")
    expect(preview).to_contain_text("/es/registrations/private-link/")
    # The form keeps what was typed.
    expect(page.get_by_label("Message in Spanish")).to_have_value(
        "Hola, {name}:\nNos vemos en la sala 4.\n{link}"
    )
    problems = violations(page)
    assert not problems, describe(problems)
    _no_sideways_scroll(page, "the message form")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "preview-390.png", full_page=True)

    submit(page, lambda: page.get_by_role("button", name="Send a test to me").click())
    expect(page.get_by_role("status")).to_contain_text(f"A test was sent to {EMAIL}")
    (test,) = smtp.messages
    assert test["To"] == EMAIL
    # Python's header folding may put an encoded subject on its own line (a leading space).
    assert test["Subject"].strip() == f"[Prueba] Cambio de sala: {event.title_es}"

    submit(page, lambda: page.get_by_role("button", name="Send to the audience").click())

    assert page.url.endswith(f"/en/events/{event.slug}/messages/")
    expect(page.get_by_role("status")).to_contain_text(
        "Your message is on its way to 3 registrants."
    )
    sent = page.get_by_role("region", name="Room change for {event}")
    expect(sent).to_contain_text(f"by {EMAIL}")
    expect(sent).to_contain_text("3 recipients")
    expect(sent).to_contain_text("Sent: 2 · Failed: 1")
    deliveries = sent.get_by_role("listitem")
    expect(deliveries.filter(has_text="Ana Torres")).to_contain_text("Sent")
    expect(deliveries.filter(has_text="Bo Chen")).to_contain_text("Sent")
    expect(deliveries.filter(has_text="Dee Brown")).to_contain_text(
        "Failed: 550 5.1.1 No such user here"
    )
    expect(page.get_by_text("Cy Ortiz")).to_have_count(0)
    problems = violations(page)
    assert not problems, describe(problems)
    _no_sideways_scroll(page, "the messages list")
    page.screenshot(path=SHOTS / "list-390.png", full_page=True)

    by_address = {message["To"]: message for message in smtp.messages[1:]}
    assert set(by_address) == {"ana@example.mx", "bo@example.org"}
    assert by_address["ana@example.mx"]["Subject"].strip() == f"Cambio de sala: {event.title_es}"
    assert by_address["bo@example.org"]["Subject"] == f"Room change for {event.title_en}"
    assert by_address["ana@example.mx"]["Reply-To"] == EMAIL
    ana_text = by_address["ana@example.mx"].get_body(("plain",)).get_content()
    ana = Registration.objects.get(email="ana@example.mx")
    assert f"/es/registrations/{ana.token}/" in ana_text

    page.get_by_role("link", name="Español").click()
    page.wait_for_url(f"**/es/events/{event.slug}/messages/")
    expect(page.get_by_role("region", name="Room change for {event}")).to_contain_text(
        "Enviado: 2 · Fallido: 1"
    )
    _no_sideways_scroll(page, "the Spanish messages list")
    open_page(page, f"/es/events/{event.slug}/messages/new/")
    _no_sideways_scroll(page, "the Spanish message form")
    assert unexpected_console_errors(console_errors) == []
