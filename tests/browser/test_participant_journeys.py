"""A participant's whole journey in a real browser, every form submitted as a person does:
register for the last seat, read the email, open the private link from it, change the
details, cancel with the confirmation button; the first on the waiting list is promoted and
emailed. A second participant does it in Spanish and is told their place on the waiting list.

The private pages' forms are posted by Chromium itself, with the Origin header it derives
from their referrer policy: this is what failed (403) under `no-referrer`."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from registrations.models import Event, Registration
from tests.factories import EventFactory, RegistrationFactory

from .audit import describe, open_page, submit, unexpected_console_errors, violations
from .conftest import DESKTOP, PHONE

PRIVATE_LINK = re.compile(r"(https?://\S+/(en|es)/registrations/([\w-]+)/)")


def _spanish(text):
    with translation.override("es"):
        translated = gettext(text)
    assert translated != text, f"no Spanish for {text!r}"
    return translated


@pytest.fixture
def emails_link_here(settings, site):
    """The emails' links lead to the live server, as they lead to the site in production."""
    settings.PORTAL_BASE_URL = f"{site}/"
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def plenary(site):
    """A hybrid event with one seat left and a waiting list of two."""
    event = EventFactory(
        slug="sample-plenary",
        title_en="Sample plenary",
        title_es="Plenaria de ejemplo",
        mode=Event.Mode.HYBRID,
        timezone="America/Tijuana",
        capacity=2,
    )
    RegistrationFactory(event=event, email="first.seat@example.org")
    return event


def waitlist(event, *emails):
    """Waitlisted registrations that came in after everyone else so far, in this order,
    and before anyone who registers from now on (their times are in the past, so that a
    registration the browser makes a moment later is behind them however fast it is)."""
    start = timezone.now() - datetime.timedelta(minutes=1)
    return [
        RegistrationFactory(
            event=event,
            email=email,
            status=Registration.Status.WAITLISTED,
            created_at=start + datetime.timedelta(seconds=number),
        )
        for number, email in enumerate(emails, start=1)
    ]


def private_link(message):
    match = PRIVATE_LINK.search(message.body)
    assert match, message.body
    return match[1]


def assert_accessible(page):
    found = violations(page)
    assert not found, describe(found)
    # The page's own content fits the width (the header's fit is tested with the layout).
    sideways = page.evaluate(
        "(main => main.scrollWidth - main.clientWidth)(document.querySelector('main'))"
    )
    assert sideways <= 0, f"{page.url}: the content is {sideways}px wider than the page"


@pytest.mark.parametrize(
    "viewport", [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
)
def test_a_participant_registers_edits_and_cancels_and_the_first_waitlisted_is_promoted(
    browser_page, console_errors, site, plenary, emails_link_here
):
    page = browser_page
    open_page(page, f"/en/events/{plenary.slug}/")
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page).to_have_url(f"{site}/en/events/{plenary.slug}/register/")
    expect(page.locator("main")).to_contain_text("1 seat")

    page.get_by_label("Full name").fill("Ana García")
    page.get_by_label("Email").fill("Ana.Garcia@example.org")
    page.get_by_label("Organization").fill("Sample Motors")
    page.get_by_label("Sector").select_option(label="Vehicle manufacturer (OEM)")
    page.get_by_label("Country").select_option(label="Mexico")
    page.get_by_role("group", name="Attendance").get_by_label("In person").check()
    page.get_by_label("I agree").check()
    submit(page, page.get_by_role("button", name="Register", exact=True).click)

    # "Check your email" shows the event and its calendar file.
    expect(page).to_have_url(f"{site}/en/events/{plenary.slug}/register/done/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    main = page.locator("main")
    expect(main).to_contain_text("Sample plenary")
    expect(main).to_contain_text("Mexico City")  # the venue
    expect(main).not_to_contain_text("Ana García")
    calendar_link = main.get_by_role("link", name="Add to your calendar (.ics)")
    calendar = page.request.get(calendar_link.get_attribute("href"))
    assert calendar.status == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in calendar.text() and "Sample plenary" in calendar.text()
    assert_accessible(page)

    registration = Registration.objects.get(event=plenary, email__iexact="ana.garcia@example.org")
    assert registration.status == Registration.Status.CONFIRMED  # the last seat
    waitlisted = waitlist(plenary, "first.waiting@example.org", "second.waiting@example.org")

    # The email's private link opens the registrant's page.
    [confirmation] = emails_link_here
    assert confirmation.to == ["Ana.Garcia@example.org"]
    link = private_link(confirmation)
    assert link == f"{site}/en/registrations/{registration.token}/"
    open_page(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your registration")
    expect(main).to_contain_text("your registration is confirmed")

    # Changing the details: needs, interpretation and how to attend.
    page.get_by_role("link", name="Change my details").click()
    expect(page).to_have_url(f"{site}/en/registrations/{registration.token}/edit/")
    expect(page.get_by_label("Organization")).to_have_value("Sample Motors")
    assert_accessible(page)
    page.get_by_label("Accessibility or dietary needs").fill("Step-free access")
    page.get_by_label("I need English–Spanish interpretation").check()
    page.get_by_role("group", name="Attendance").get_by_label("Online").check()
    submit(page, page.get_by_role("button", name="Save changes").click)

    expect(page).to_have_url(link)
    expect(main).to_contain_text("Your changes are saved.")
    expect(main).to_contain_text("Step-free access")
    expect(main).to_contain_text("English–Spanish interpretation requested")
    registration.refresh_from_db()
    assert (registration.needs, registration.interpretation) == ("Step-free access", True)
    assert registration.attendance_mode == Registration.AttendanceMode.ONLINE
    assert registration.status == Registration.Status.CONFIRMED

    # Cancelling, with the confirmation button.
    page.get_by_role("link", name="Cancel my registration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your registration?")
    submit(page, page.get_by_role("button", name="Yes, cancel my registration").click)

    expect(page).to_have_url(link)
    expect(main).to_contain_text("This registration is cancelled.")
    expect(main.get_by_role("link", name="Change my details")).to_have_count(0)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED

    # The freed seat goes to the first on the waiting list, who is emailed.
    first, second = waitlisted
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    recipients = [message.to for message in emails_link_here[1:]]
    assert sorted(recipients) == [["Ana.Garcia@example.org"], ["first.waiting@example.org"]]
    promoted = next(m for m in emails_link_here if m.to == ["first.waiting@example.org"])
    assert private_link(promoted) == f"{site}/en/registrations/{first.token}/"
    assert any(name.endswith(".ics") for name, _content, _type in promoted.attachments)
    assert unexpected_console_errors(console_errors) == []


def test_a_participant_registers_in_spanish_and_reads_everything_in_spanish(
    browser_page, console_errors, site, plenary, emails_link_here
):
    page = browser_page
    RegistrationFactory(event=plenary)  # the event is full now
    [ahead] = waitlist(plenary, "ahead@example.org")

    open_page(page, f"/es/events/{plenary.slug}/register/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(_spanish("Register"))
    page.get_by_label(_spanish("Full name")).fill("Luis Pérez")
    page.get_by_label(_spanish("Email")).fill("luis.perez@example.org")
    page.get_by_label(_spanish("Organization")).fill("Transportes del Norte")
    page.get_by_label("Sector").select_option(value="freight")  # the same word
    country = page.get_by_label(_spanish("Country"))
    # Countries in Spanish, Mexico and the United States first.
    assert country.locator("option").all_inner_texts()[1:3] == ["México", "Estados Unidos"]
    country.select_option(label="México")
    page.get_by_role("group", name=_spanish("Attendance")).get_by_label(_spanish("Online")).check()
    page.get_by_label(_spanish("I need English–Spanish interpretation")).check()
    page.get_by_label("Acepto").check()
    submit(page, page.get_by_role("button", name=_spanish("Register"), exact=True).click)

    expect(page).to_have_url(f"{site}/es/events/{plenary.slug}/register/done/")
    expect(page.get_by_role("heading", level=1)).to_have_text(_spanish("Check your email"))
    expect(page.locator("main")).to_contain_text("Plenaria de ejemplo")

    registration = Registration.objects.get(event=plenary, email="luis.perez@example.org")
    assert (registration.status, registration.language) == ("waitlisted", "es")
    [notice] = emails_link_here
    assert notice.to == ["luis.perez@example.org"]
    assert "Plenaria de ejemplo" in notice.body
    assert "lista de espera" in notice.body
    link = private_link(notice)
    assert link == f"{site}/es/registrations/{registration.token}/"

    open_page(page, link)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(_spanish("Your registration"))
    expect(page.locator("main")).to_contain_text("Ocupa la posición 2 en la lista de espera.")
    assert ahead.waiting_list_place() == 1
    assert_accessible(page)
    assert unexpected_console_errors(console_errors) == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_form_sent_without_its_cookie_gets_a_page_that_explains_and_leads_back(
    browser_page, console_errors, site, plenary, language
):
    page = browser_page
    registration = RegistrationFactory(event=plenary)
    cancel_path = f"/{language}/registrations/{registration.token}/cancel/"
    open_page(page, cancel_path)
    page.context.clear_cookies()  # as when the browser refuses or has lost them

    with translation.override(language):
        confirm, heading, back = (
            gettext("Yes, cancel my registration"),
            gettext("Your form could not be sent"),
            gettext("Open the form again"),
        )
    submit(page, page.get_by_role("button", name=confirm).click, status=403)

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    submit(page, page.get_by_role("link", name=back).click)
    expect(page).to_have_url(f"{site}{cancel_path}")
    assert unexpected_console_errors(console_errors, error_pages={f"{site}{cancel_path}"}) == []
