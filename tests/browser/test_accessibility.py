"""The public pages in a real browser: WCAG 2.1 A and AA (axe-core) and a clean console
(no error, no Content-Security-Policy violation) on every page type, in both languages; the
menu on a phone and the language switch.

The main page types, and the registration form with its errors, run at phone and desktop
widths: the header, the navigation and each layout change between the two. Their variants
(filtered and paged lists, each state of an event and of a registration, the refusals, the
account pages) reuse those layouts, so they run once, at phone width, where visitors mostly
are and where tables scroll and columns stack.

Each test walks through a group of pages in one browser page and reports every page that
fails (see audit.py): one test per page would spend most of its time emptying and loading
the database.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from registrations import views as registration_views
from registrations.models import Event

from .audit import Audit, open_page, submit, unexpected_console_errors
from .conftest import ACCOUNT_EMAIL, ACCOUNT_PASSWORD, DESKTOP, PHONE

NOT_FOUND = "no-such-page/"

# Paths under the language prefix. The search words are the content's own, so the results
# page has results to show in each language.
PAGES = {
    "home": "",
    "theme-list": "themes/",
    "theme": "themes/infrastructure/",
    "working-group-list": "working-groups/",
    "working-group": "working-groups/light-duty-vehicles/",
    "members": "members/",
    "document-list": "documents/",
    "document": "documents/diagnosis-and-recommendations-2023/",
    "search-results": {"en": "search/?q=charging", "es": "search/?q=carga"},
    "event-list": "events/",
    "event": "events/border-hybrid-meeting/",
    "registration-form": "events/border-hybrid-meeting/register/",
    "privacy": "privacy/",
    "not-found": NOT_FOUND,
}

LANGUAGES = ["en", "es"]

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
PHONE_ONLY = pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="phone")])

NAVIGATION = ["Themes", "Working groups", "Members", "Documents", "Events"]

SUBMIT = "main form [type=submit]"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_types_have_no_wcag_21_aa_violations_nor_console_errors(
    browser_page, console_errors, monkeypatch, language
):
    audit = Audit(browser_page, console_errors)

    for path in PAGES.values():
        path = path if isinstance(path, str) else path[language]
        audit.visit(f"/{language}/{path}", status=404 if path == NOT_FOUND else 200)
    # The registration form once more, sent empty: its errors and their summary.
    open_page(browser_page, f"/{language}/{PAGES['registration-form']}")
    submit(browser_page, browser_page.locator(SUBMIT).click)
    expect(browser_page.locator("#form-errors")).to_be_visible()
    audit.check("the registration form with errors")
    # The error page, as visitors see it when a page fails (the live server runs in this
    # process: the form's view now raises, and the form is no longer in the page cache).
    monkeypatch.setattr(registration_views, "RegistrationForm", _fail)
    cache.clear()
    audit.visit(f"/{language}/{PAGES['registration-form']}", status=500)

    audit.assert_clean()


def _fail(*args, **kwargs):
    raise RuntimeError("a failure, for the error page")


@PHONE_ONLY
@pytest.mark.parametrize("language", LANGUAGES)
def test_lists_and_search_variants_have_no_wcag_21_aa_violations(
    browser_page, console_errors, sample, language
):
    """With sample data: badges, member matrix, group tables, event cards, pagination,
    filters applied, filters with errors, nothing found."""
    audit = Audit(browser_page, console_errors)
    for path, shows in [
        ("", ".event-card"),
        ("working-groups/light-duty-vehicles/", ".organization-names"),
        ("members/?sector=oem&country=MX", ".member-matrix"),
        ("members/?group=medium-heavy-duty-vehicles", ".member-matrix"),
        ("members/?q=no-such-organization", "#filters"),
        ("members/?sector=no-such-sector", ".invalid-feedback"),
        ("documents/?kind=report&language=en", ".document-list"),
        ("documents/?page=2", ".pagination [aria-current=page]"),
        ("documents/?q=no-such-document", "#filters"),
        ("documents/?year=1800", ".invalid-feedback"),
        ("documents/road-map-summary/", ".document-actions .btn"),
        ("events/", ".past-events"),
        ("search/", "#search-q"),
        ("search/?q=no-such-words", "main [role=status]"),
    ]:
        audit.visit(f"/{language}/{path}", shows=shows)

    audit.assert_clean()


# Each event of `sample`, and what its page shows in the registration box.
EVENT_STATES = {
    "online": ".seat-status",
    "full-waitlist": ".seat-status .text-bg-warning",
    "full": ".seat-status .text-bg-danger",
    "closed": ".registration-box .alert",
    "not-yet": ".registration-box .alert-info",
    "past": ".registration-box .alert",
}


@PHONE_ONLY
@pytest.mark.parametrize("language", LANGUAGES)
def test_event_states_have_no_wcag_21_aa_violations(browser_page, console_errors, sample, language):
    """Each state of an event's page and form: unlimited online, full with and without a
    waiting list, registration closed or not yet open, past."""
    audit = Audit(browser_page, console_errors)
    for key, shows in EVENT_STATES.items():
        audit.visit(f"/{language}/events/sample-{key}/", shows=shows)
    for key, shows in [
        ("online", "form.registration-form"),
        ("full-waitlist", "main .alert-info"),
        ("full", "main .alert-secondary"),
        ("closed", "main .alert-secondary"),
    ]:
        audit.visit(f"/{language}/events/sample-{key}/register/", shows=shows)

    audit.assert_clean()


@PHONE_ONLY
@pytest.mark.parametrize("language", LANGUAGES)
def test_registrant_pages_have_no_wcag_21_aa_violations(
    browser_page, console_errors, sample, settings, language
):
    """The pages a registrant meets: 'check your email', their private page in each
    status, the cancel page, and the refusals (registration closed meanwhile, too many
    attempts)."""
    page = browser_page
    audit = Audit(page, console_errors)
    audit.visit(f"/{language}/events/sample-open/register/done/")
    for registration in sample.registrations.values():
        audit.visit(
            f"/{language}/registrations/{registration.token}/",
            shows=f".registration-status.status-{registration.status}",
        )
    token = sample.registrations["confirmed"].token
    audit.visit(f"/{language}/registrations/{token}/cancel/", shows="main .btn-danger")

    # Registration closes while the visitor fills the form in.
    audit.visit(f"/{language}/events/sample-online/register/")
    page.locator("#id_full_name").fill("Elena Cruz")
    page.locator("#id_email").fill("elena.cruz@example.org")
    page.locator("#id_organization").fill("Sonora Transit")
    page.locator("#id_sector").select_option("public_transport")
    page.locator("#id_country").select_option("MX")
    page.locator("#id_consent").check()
    Event.objects.filter(slug="sample-online").update(registration_closes_at=timezone.now())
    submit(page, page.locator(SUBMIT).click, status=403)
    audit.check("the refusal of a closed registration", status=403)

    settings.REGISTRATION_RATE_LIMIT = "0/m"
    audit.visit(f"/{language}/events/sample-full-waitlist/register/")
    submit(page, page.locator(SUBMIT).click, status=429)
    audit.check("the too-many-attempts page", status=429)

    audit.assert_clean()


@PHONE_ONLY
@pytest.mark.parametrize("language", LANGUAGES)
def test_account_pages_have_no_wcag_21_aa_violations(
    browser_page, console_errors, sample, site, language
):
    """allauth's pages, signed out (with their errors) and signed in."""
    page = browser_page
    audit = Audit(page, console_errors)

    audit.visit(f"/{language}/accounts/signup/")
    submit(page, page.locator(SUBMIT).click)
    audit.check("sign-up with errors")
    page.locator("#id_email").fill("new.participant@example.org")
    page.locator("#id_password1").fill(ACCOUNT_PASSWORD)
    page.locator("#id_password2").fill(ACCOUNT_PASSWORD)
    submit(page, page.locator(SUBMIT).click)
    expect(page).to_have_url(f"{site}/{language}/accounts/confirm-email/")
    audit.check("sign-up done: verify your email")

    audit.visit(f"/{language}/accounts/password/reset/")
    submit(page, page.locator(SUBMIT).click)
    audit.check("password reset with errors")
    page.locator("#id_email").fill(ACCOUNT_EMAIL)
    submit(page, page.locator(SUBMIT).click)
    audit.check("password reset sent")
    [reset_link] = re.findall(r"https?://\S+/password/reset/key/\S+", mail.outbox[-1].body)
    audit.visit(urlsplit(reset_link).path, shows="#id_password1")

    audit.visit(f"/{language}/accounts/login/")
    page.locator("#id_login").fill(ACCOUNT_EMAIL)
    page.locator("#id_password").fill("not-the-password")
    submit(page, page.locator(SUBMIT).click)
    audit.check("login with errors")
    page.locator("#id_password").fill(ACCOUNT_PASSWORD)
    submit(page, page.locator(SUBMIT).click)
    expect(page).to_have_url(f"{site}/{language}/accounts/registrations/")
    expect(page.locator(".my-registrations .registration-status")).to_have_count(2)
    audit.check("my registrations")

    for path in ["email/", "password/change/", "2fa/"]:
        audit.visit(f"/{language}/accounts/{path}")
    # Setting up two-factor authentication asks for the password again first.
    audit.visit(f"/{language}/accounts/2fa/totp/activate/", shows="#id_password")
    page.locator("#id_password").fill(ACCOUNT_PASSWORD)
    submit(page, page.locator(SUBMIT).click)
    expect(page).to_have_url(f"{site}/{language}/accounts/2fa/totp/activate/")
    expect(page.locator("main img")).to_be_visible()
    audit.check("two-factor setup")
    audit.visit(f"/{language}/accounts/logout/")

    audit.assert_clean()


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="phone")])
def test_menu_button_shows_the_navigation_on_a_phone(browser_page, console_errors):
    open_page(browser_page, "/en/")
    header = browser_page.get_by_role("banner")
    for name in NAVIGATION:
        expect(header.get_by_role("link", name=name, exact=True)).to_be_hidden()

    header.get_by_role("button", name="Menu", exact=True).click()

    for name in NAVIGATION:
        expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()
    assert unexpected_console_errors(console_errors) == []


def test_espanol_link_opens_the_same_page_in_spanish(browser_page, console_errors, site):
    open_page(browser_page, "/en/working-groups/light-duty-vehicles/")

    browser_page.get_by_role("link", name="Español", exact=True).click()

    expect(browser_page).to_have_url(f"{site}/es/working-groups/light-duty-vehicles/")
    expect(browser_page.locator("html")).to_have_attribute("lang", "es")
    header = browser_page.get_by_role("banner")
    expect(header.get_by_role("link", name="Grupos de trabajo", exact=True)).to_be_visible()
    assert unexpected_console_errors(console_errors) == []
