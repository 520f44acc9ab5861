"""A coordinator's journey in a real browser: signs in on the portal's login page, opens
the public event page, follows its link to the registrations summary, and downloads the
registrant list as CSV and as XLSX, whose rows are checked as a spreadsheet would read them.

Screenshots of the summary at phone and desktop widths go to /tmp/shots-coordinator/.
"""

import csv
import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from registrations.models import Event, Registration
from taskforce.core.roles import COORDINATORS
from tests.factories import RegistrationFactory, account

from .audit import describe, open_page, submit, unexpected_console_errors, violations
from .conftest import DESKTOP, PHONE

SHOTS = Path("/tmp/shots-coordinator")
EMAIL = "coordinadora@example.org"
PASSWORD = "a-long-coordinator-passphrase-26"


# The Coordinators group as its data migration makes it (contract: view events and
# registrations, change registrations, export registrant lists).
COORDINATOR_PERMISSIONS = [
    "view_event",
    "view_registration",
    "change_registration",
    "export_registration",
]


@pytest.fixture
def coordinator(site):
    """A coordinator with a verified address. The live server's tests empty every table
    after each test, the migrations' groups included: the group is made again if gone."""
    group, _created = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="registrations", codename__in=COORDINATOR_PERMISSIONS
        )
    )
    user = account(EMAIL, password=PASSWORD)
    user.groups.add(group)
    return user


@pytest.fixture
def registrants(site):
    """The hybrid Tijuana event of `site`, with registrations in each status, one of them
    typed to run as a formula in a spreadsheet whose separator is ';'."""
    event = Event.objects.get(slug="border-hybrid-meeting")
    registered_at = datetime.datetime(2026, 7, 15, 18, 0, 1, tzinfo=datetime.UTC)
    people = [
        ("Ana Torres", "Transportes del Norte", Registration.Status.CONFIRMED, "in_person"),
        ("Luis Pérez", "Org;=1+1", Registration.Status.CONFIRMED, "online"),
        ("Bo Chen", '=HYPERLINK("http://evil.example")', Registration.Status.WAITLISTED, ""),
        ("Cy Ortiz", "Academia", Registration.Status.CANCELLED, "online"),
    ]
    for number, (name, organization, status, mode) in enumerate(people):
        RegistrationFactory(
            event=event,
            full_name=name,
            organization=organization,
            status=status,
            attendance_mode=mode,
            created_at=registered_at + datetime.timedelta(minutes=number),
        )
    return event


def _sign_in(page):
    open_page(page, "/en/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, lambda: page.get_by_role("button", name="Sign in").click())


def test_a_coordinator_opens_the_summary_from_the_event_page_and_downloads_both_lists(
    browser_page, console_errors, coordinator, registrants, tmp_path
):
    page = browser_page
    _sign_in(page)

    open_page(page, registrants.get_absolute_url())
    links = page.get_by_role("region", name="For coordinators")
    submit(page, lambda: links.get_by_role("link", name="Registrations summary").click())

    assert page.url.endswith(f"/en/events/{registrants.slug}/summary/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Registrations:")
    status_chart = page.get_by_role("img", name="Registrations by status")
    expect(status_chart).to_contain_text("Confirmed: 2 (50.0 %)")
    expect(status_chart).to_contain_text("Cancelled: 1 (25.0 %)")
    # Half the registrations fill half the chart's width.
    confirmed_bar = status_chart.locator("rect[fill='#0b5d3b']").first.bounding_box()
    track = status_chart.locator("rect[fill='#e3e7eb']").first.bounding_box()
    assert confirmed_bar["width"] == pytest.approx(track["width"] / 2, abs=1)
    problems = violations(page)
    assert not problems, describe(problems)

    SHOTS.mkdir(exist_ok=True)
    for width, viewport in ((390, PHONE), (1280, DESKTOP)):
        page.set_viewport_size(viewport)
        # The summary itself fits (the header is the layout test's, tests/browser/test_layout.py).
        overflow = page.evaluate(
            "() => { const main = document.querySelector('main');"
            " return main.scrollWidth - main.clientWidth; }"
        )
        assert overflow <= 0, f"the summary scrolls sideways at {width} px"
        page.screenshot(path=SHOTS / f"summary-{width}.png", full_page=True)

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download the registrant list (CSV)").click()
    csv_path = tmp_path / csv_download.value.suggested_filename
    csv_download.value.save_as(csv_path)
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Download the registrant list (Excel)").click()
    xlsx_path = tmp_path / xlsx_download.value.suggested_filename
    xlsx_download.value.save_as(xlsx_path)

    assert csv_path.name.startswith("border-hybrid-meeting-registrants-")
    assert csv_path.suffix == ".csv" and xlsx_path.suffix == ".xlsx"
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that tells Excel it is UTF-8
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert header[:3] == ["Registered at (America/Tijuana)", "Status", "Full name"]
    assert [(row[1], row[2], row[4]) for row in rows] == [
        ("Confirmed", "Ana Torres", "Transportes del Norte"),
        ("Confirmed", "Luis Pérez", "Org;'=1+1"),
        ("On the waiting list", "Bo Chen", '\'=HYPERLINK("http://evil.example")'),
        ("Cancelled", "Cy Ortiz", "Academia"),
    ]
    assert rows[0][0] == "2026-07-15T11:00:01-07:00"

    sheet = openpyxl.load_workbook(xlsx_path).worksheets[0]
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][:3] == ("Registered at (America/Tijuana)", "Status", "Full name")
    assert [(row[1], row[2], row[4]) for row in cells[1:]] == [
        ("Confirmed", "Ana Torres", "Transportes del Norte"),
        ("Confirmed", "Luis Pérez", "Org;=1+1"),
        ("On the waiting list", "Bo Chen", '\'=HYPERLINK("http://evil.example")'),
        ("Cancelled", "Cy Ortiz", "Academia"),
    ]
    assert cells[1][0] == datetime.datetime(2026, 7, 15, 11, 0, 1)  # a date cell, local time
    assert sheet.auto_filter.ref == "A1:S5"
    assert sheet.freeze_panes == "A2"
    assert unexpected_console_errors(console_errors) == []


def test_the_public_never_sees_the_coordinators_links(
    chromium, browser_page, site, coordinator, registrants
):
    page = browser_page
    _sign_in(page)
    open_page(page, registrants.get_absolute_url())
    expect(page.get_by_role("region", name="For coordinators")).to_be_visible()

    visitor = chromium.new_context(base_url=site)
    try:
        public = visitor.new_page()
        for _visit in range(2):  # rendered, then from the page cache
            open_page(public, registrants.get_absolute_url())
            expect(public.get_by_role("link", name="Register")).to_be_visible()
            expect(public.get_by_role("region", name="For coordinators")).to_have_count(0)
            expect(public.get_by_text("Download the registrant list")).to_have_count(0)
    finally:
        visitor.close()


def test_with_two_factor_required_the_summary_waits_for_the_second_factor(
    browser_page, settings, coordinator, registrants
):
    settings.ADMIN_REQUIRE_2FA = True
    page = browser_page
    _sign_in(page)
    open_page(page, registrants.get_absolute_url())

    summary_link = page.get_by_role("region", name="For coordinators").get_by_role(
        "link", name="Registrations summary"
    )
    submit(page, summary_link.click)

    # A password alone shows no registrant: first, set up a second factor.
    assert page.url.endswith("/en/accounts/2fa/")
    expect(page.get_by_role("status")).to_contain_text(
        "Set up two-factor authentication to see registrants' data."
    )

    # Set up (as the authenticator app page would), then signed in again with a code.
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    open_page(page, registrants.get_absolute_url())
    submit(page, summary_link.click)
    assert "/en/accounts/login/?next=" in page.url
    expect(page.get_by_role("status")).to_contain_text("Sign in again with your second factor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Email").fill(EMAIL)
    submit(page, lambda: page.get_by_role("button", name="Sign in").click())
    page.get_by_label("Code").fill(
        format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    )
    submit(page, lambda: page.get_by_role("button", name="Sign in").click())

    assert page.url.endswith(f"/en/events/{registrants.slug}/summary/")
    expect(page.get_by_role("img", name="Registrations by status")).to_contain_text(
        "Confirmed: 2 (50.0 %)"
    )
