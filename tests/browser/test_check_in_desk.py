"""The meeting in a real browser, on a phone: a coordinator checks people in at the desk (by
code, the same badge from two phones at once, and by name as one types) and sees the
summary change; the desk's camera reads a badge (Chromium's fake camera playing a QR code);
a registrant's join link refuses before its window and lets them in inside it.

Screenshots of the desk go to /tmp/shots-check-in/.
"""

import datetime
from pathlib import Path

import pytest
import segno
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from registrations.models import Event, Registration
from taskforce.core.roles import COORDINATORS
from tests.factories import RegistrationFactory, account

from .audit import describe, open_page, submit, unexpected_console_errors, violations
from .conftest import CHROMIUM_ARGS, PHONE, _chromium_path
from .test_layout import WIDTHS, _overflow_failure

SHOTS = Path("/tmp/shots-check-in")
EMAIL = "mesa@example.org"
PASSWORD = "a-long-desk-passphrase-2026"
COORDINATOR_PERMISSIONS = [
    "view_event",
    "view_registration",
    "change_registration",
    "export_registration",
    "check_in_registrant",
]

# What the coordinator reads and taps, in each language.
WORDS = {
    "en": {
        "check_in": "Check in",
        "code": "Or type the code under the QR code",
        "open": "Open",
        "find": "Find a name",
        "checked": "{name} is checked in.",
        "already": "{name} was already checked in.",
        "count": "3 of 4 confirmed checked in",
        "scan": "Scan a QR code",
    },
    "es": {
        "check_in": "Registrar llegada",
        "code": "O escriba el código que aparece bajo el código QR",
        "open": "Abrir",
        "find": "Buscar un nombre",
        "checked": "Se registró la llegada de {name}.",
        "already": "La llegada de {name} ya estaba registrada.",
        "count": "3 de 4 confirmados ya llegaron",
        "scan": "Escanear un código QR",
    },
}


@pytest.fixture
def viewport():
    return PHONE


@pytest.fixture
def desk_coordinator(site):
    """The live server's tests empty every table, the migrations' groups included."""
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
def people(site):
    event = Event.objects.get(slug="border-hybrid-meeting")
    names = ["Ana Torres", "Luis Pérez", "Bo Chen", "Cy Ortiz"]
    registrations = {name: RegistrationFactory(event=event, full_name=name) for name in names}
    RegistrationFactory(event=event, full_name="Di Wong", status=Registration.Status.WAITLISTED)
    return event, registrations


def sign_in(page):
    open_page(page, "/en/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, lambda: page.get_by_role("button", name="Sign in").click())


def new_phone(chromium, site):
    context = chromium.new_context(viewport=PHONE, base_url=site)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def status_text(page):
    return page.locator(".page-messages").inner_text().strip()


def presence(page, name):
    return page.locator(f".presence-{name}").inner_text().strip()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_coordinator_checks_people_in_by_code_twice_at_once_and_by_name_on_a_phone(
    chromium, site, browser_page, console_errors, desk_coordinator, people, language
):
    event, registrations = people
    words = WORDS[language]
    page = browser_page
    sign_in(page)
    summary = f"/{language}/events/{event.slug}/summary/"
    desk = f"/{language}/events/{event.slug}/check-in/"
    open_page(page, summary)
    assert presence(page, "attended") == "0"

    # Ana's badge, scanned on two phones: both show her, both tap at once.
    other_context, other = new_phone(chromium, site)
    try:
        sign_in(other)
        ana = registrations["Ana Torres"]
        badge = f"/{language}/check-in/{ana.attendance_code}/?event={event.slug}"
        for phone in (page, other):
            open_page(phone, badge)
            expect(phone.get_by_role("heading", level=1)).to_have_text("Ana Torres")
        with page.expect_navigation(), other.expect_navigation():
            # Both forms go without waiting for the other's answer.
            for phone in (page, other):
                phone.evaluate("() => document.querySelector('form[method=post]').submit()")
        outcomes = sorted(status_text(phone) for phone in (page, other))
        assert outcomes == sorted(
            [words["checked"].format(name="Ana Torres"), words["already"].format(name="Ana Torres")]
        )
    finally:
        other_context.close()

    # Luis by the code typed under his QR code.
    luis = registrations["Luis Pérez"]
    open_page(page, desk)
    page.get_by_label(words["code"]).fill(luis.attendance_code)
    submit(page, lambda: page.get_by_role("button", name=words["open"]).click())
    expect(page.get_by_role("heading", level=1)).to_have_text("Luis Pérez")
    submit(page, lambda: page.get_by_role("button", name=words["check_in"]).click())
    assert status_text(page) == words["checked"].format(name="Luis Pérez")

    # Bo by name, the results following the typing (no submit).
    page.get_by_label(words["find"]).press_sequentially("bo ch", delay=40)
    button = page.get_by_role("button", name=f"{words['check_in']}: Bo Chen")
    expect(button).to_be_visible()
    expect(page.get_by_text("Cy Ortiz")).to_have_count(0)
    submit(page, button.click)
    assert status_text(page) == words["checked"].format(name="Bo Chen")
    expect(page.locator("#check-in-count")).to_have_text(words["count"])
    checked_in = page.locator(".checked-in-list")
    for name in ("Ana Torres", "Luis Pérez", "Bo Chen"):
        expect(checked_in).to_contain_text(name)
    expect(checked_in).not_to_contain_text("Cy Ortiz")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the desk scrolls sideways on a phone"
    problems = violations(page)
    assert not problems, describe(problems)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"desk-{language}.png", full_page=True)

    assert event.registrations.checked_in().count() == 3
    open_page(page, summary)
    assert presence(page, "attended") == "3"
    assert unexpected_console_errors(console_errors) == []


def fake_camera_file(path, text, size=480):
    """A Y4M video (one grey frame, which Chromium's fake camera loops) of the QR code of
    `text`, drawn from segno's matrix: no image library needed."""
    matrix = [list(row) for row in segno.make(text, error="m").matrix]
    modules = len(matrix) + 8  # the quiet zone
    scale = size // modules
    offset = (size - scale * modules) // 2 + 4 * scale
    luma = bytearray(b"\xff" * size * size)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = (offset + y * scale + dy) * size + offset + x * scale
                    luma[start : start + scale] = b"\x00" * scale
    chroma = b"\x80" * (size // 2) * (size // 2)
    header = f"YUV4MPEG2 W{size} H{size} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"FRAME\n" + bytes(luma) + chroma + chroma)
    return path


def test_the_desk_camera_reads_a_badge_and_opens_its_check_in_page(
    chromium, site, desk_coordinator, people, tmp_path, console_errors
):
    event, registrations = people
    ana = registrations["Ana Torres"]
    video = fake_camera_file(tmp_path / "badge.y4m", f"{site}/en/check-in/{ana.attendance_code}/")
    camera_browser = chromium.browser_type.launch(
        executable_path=_chromium_path(),
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(viewport=PHONE, base_url=site)
        context.set_default_timeout(15_000)
        context.grant_permissions(["camera"])
        page = context.new_page()
        page.on("pageerror", lambda error: console_errors.append(f"uncaught exception: {error}"))
        page.on(  # a CSP refusal (of the scanner's script, of the camera) is one of these
            "console",
            lambda message: (
                console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        sign_in(page)
        open_page(page, f"/en/events/{event.slug}/check-in/")

        with page.expect_navigation(url=f"**/en/check-in/{ana.attendance_code}/?event=*"):
            page.get_by_role("button", name=WORDS["en"]["scan"]).click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Ana Torres")
        submit(page, lambda: page.get_by_role("button", name="Check in").click())
        assert status_text(page) == "Ana Torres is checked in."
        # Headless Chromium on Linux has no BarcodeDetector: the vendored jsQR read it.
        assert console_errors == []
    finally:
        camera_browser.close()


def test_a_join_link_refuses_before_its_window_and_lets_the_registrant_in_inside_it(
    browser_page, site, console_errors
):
    starts_at = timezone.now() + datetime.timedelta(days=3)
    event = Event.objects.get(slug="border-hybrid-meeting")
    event.starts_at, event.ends_at = starts_at, starts_at + datetime.timedelta(hours=2)
    event.online_url = f"{site}/en/about/"  # the "meeting": a page that loads offline
    event.save()
    registration = RegistrationFactory(event=event, full_name="Ana Torres")
    page = browser_page

    for language, opens in [("en", "opens 30 minutes"), ("es", "se abre 30 minutos")]:
        open_page(page, f"/{language}/join/{registration.attendance_code}/")
        expect(page.locator(".join-not-yet")).to_contain_text(opens)
        expect(page.locator(".join-opens dt")).to_have_count(2)  # Tijuana and Mexico City
    registration.refresh_from_db()
    assert registration.joined_online_at is None

    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + datetime.timedelta(minutes=20),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    open_page(page, f"/es/join/{registration.attendance_code}/")

    assert page.url == f"{site}/en/about/"
    registration.refresh_from_db()
    assert registration.attended is True
    assert registration.joined_online_at is not None
    assert unexpected_console_errors(console_errors) == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_meeting_pages_never_scroll_sideways(
    chromium, site, desk_coordinator, people, language
):
    event, registrations = people
    Event.objects.filter(pk=event.pk).update(online_url="https://meet.example.org/room")
    long_name = RegistrationFactory(
        event=event,
        full_name="María Guadalupe Fernández-Villaseñor de la Concepción Hernández",
        organization="Asociación Mexicana de la Industria Automotriz Fronteriza",
        checked_in_at=timezone.now(),
        attended=True,
    )
    pages = [
        f"/{language}/registrations/{long_name.token}/",
        f"/{language}/join/{long_name.attendance_code}/",
        f"/{language}/check-in/{long_name.attendance_code}/?event={event.slug}",
        f"/{language}/events/{event.slug}/check-in/?q=mar",
        f"/{language}/events/{event.slug}/summary/",
    ]
    failures = []
    for width in WIDTHS:
        context = chromium.new_context(viewport={"width": width, "height": 900}, base_url=site)
        context.set_default_timeout(10_000)
        page = context.new_page()
        try:
            sign_in(page)
            for path in pages:
                open_page(page, path)
                failure = _overflow_failure(page, f"{path} at {width} px")
                if failure:
                    failures.append(failure)
        finally:
            context.close()
    assert not failures, "\n".join(failures)
