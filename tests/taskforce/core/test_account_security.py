"""Signing in safely: throttled guessing, two-factor authentication, and the admin behind it.

Everything runs through the real pages with the test client: the password form, allauth's
two-factor pages, and the admin. Codes are computed the way an authenticator app does.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.test import Client
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import account

pytestmark = pytest.mark.django_db

PASSWORD = "green-corridor-2026"
THROTTLED = "Too many failed login attempts. Try again later."


@pytest.fixture
def ana(db):
    return account("ana@example.org", password=PASSWORD)


@pytest.fixture
def staff(db):
    return account("staff@example.org", password=PASSWORD, is_staff=True, is_superuser=True)


def _log_in(client, email, password=PASSWORD, address="192.0.2.10", lang="en"):
    return client.post(
        f"/{lang}/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=address,
    )


def _current_code(secret):
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter))


def _with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def _is_signed_in(client):
    return "_auth_user_id" in client.session


# --- Throttling ------------------------------------------------------------------------


def test_after_five_wrong_passwords_an_account_refuses_even_the_right_one(client, ana):
    for attempt in range(5):
        response = _log_in(client, ana.email, "wrong-password", address=f"192.0.2.{attempt}")
        assertContains(response, "The email address and/or password you specified")

    response = _log_in(client, ana.email, address="198.51.100.7")

    assertContains(response, THROTTLED)
    assert not _is_signed_in(client)


def test_the_throttle_is_kept_in_the_shared_cache(client, ana):
    for attempt in range(5):
        _log_in(client, ana.email, "wrong-password", address=f"192.0.2.{attempt}")

    # What an operator does to lift it at once; otherwise it lifts after five minutes.
    cache.clear()
    response = _log_in(client, ana.email)

    assertRedirects(response, "/en/accounts/registrations/", fetch_redirect_response=False)


def test_one_address_guessing_many_accounts_is_throttled(client, ana):
    for number in range(10):
        _log_in(client, f"someone{number}@example.org", "wrong-password", address="203.0.113.9")

    refused = _log_in(client, ana.email, "wrong-password", address="203.0.113.9")
    elsewhere = _log_in(Client(), ana.email, address="192.0.2.50")

    assertContains(refused, THROTTLED)
    assert elsewhere.status_code == 302


def test_the_throttle_counts_the_visitor_behind_the_proxy(client, ana, settings):
    settings.TRUSTED_PROXIES = 1
    for number in range(10):
        client.post(
            "/en/accounts/login/",
            {"login": f"someone{number}@example.org", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )

    # Another visitor behind the same proxy is not locked out with the guesser.
    response = Client().post(
        "/en/accounts/login/",
        {"login": ana.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.77",
    )

    assert response.status_code == 302


def test_the_throttle_speaks_spanish(client, ana):
    for attempt in range(5):
        _log_in(client, ana.email, "wrong-password", address=f"192.0.2.{attempt}", lang="es")

    response = _log_in(client, ana.email, lang="es")

    assertContains(response, "Demasiados intentos")


# --- Two-factor authentication ---------------------------------------------------------


def test_every_account_is_offered_two_factor_authentication(client, ana):
    _log_in(client, ana.email)

    page = client.get("/en/accounts/2fa/")
    spanish = client.get("/es/accounts/2fa/")

    assertContains(page, "Authenticator app")
    assertContains(page, 'href="/en/accounts/2fa/"')  # in the account's menu
    assertContains(spanish, "Verificación en dos pasos")


def test_setting_up_an_authenticator_app_then_signing_in_with_it(client, ana):
    _log_in(client, ana.email)
    # Changing how one signs in asks for the password again.
    asked = client.get("/en/accounts/2fa/totp/activate/")
    assert asked["Location"].startswith("/en/accounts/reauthenticate/")
    client.post(asked["Location"], {"password": PASSWORD})
    setup = client.get("/en/accounts/2fa/totp/activate/")
    secret = setup.context["form"].secret
    assert 'src="data:image/svg+xml;base64,' in setup.content.decode()  # the QR code

    wrong = client.post("/en/accounts/2fa/totp/activate/", {"code": "000000"})
    assertContains(wrong, "Incorrect code")
    done = client.post("/en/accounts/2fa/totp/activate/", {"code": _current_code(secret)})

    # Recovery codes are made at once, and shown.
    assertRedirects(done, "/en/accounts/2fa/recovery-codes/", fetch_redirect_response=False)
    assert Authenticator.objects.filter(user=ana, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get("/en/accounts/2fa/recovery-codes/")
    assert len(re.findall(r"\b[0-9a-f]{8}\b", codes_page.content.decode())) >= 10

    client.post("/en/accounts/logout/")
    fresh = Client()
    password_step = _log_in(fresh, ana.email)

    assertRedirects(password_step, "/en/accounts/2fa/authenticate/", fetch_redirect_response=False)
    assert not _is_signed_in(fresh)


def test_the_second_step_wants_a_current_code(client, ana):
    secret = _with_totp(ana)
    _log_in(client, ana.email)

    wrong = client.post("/en/accounts/2fa/authenticate/", {"code": "123456"})
    assert not _is_signed_in(client)
    assertContains(wrong, "Incorrect code")

    right = client.post("/en/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert right.status_code == 302
    assert _is_signed_in(client)


def test_a_recovery_code_works_once(client, ana):
    _with_totp(ana)
    code = RecoveryCodes(
        Authenticator.objects.get(user=ana, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[0]

    _log_in(client, ana.email)
    client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert _is_signed_in(client)

    again = Client()
    _log_in(again, ana.email)
    refused = again.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert not _is_signed_in(again)
    assertContains(refused, "Incorrect code")


# --- The admin -------------------------------------------------------------------------


def test_the_admin_signs_people_in_through_the_portals_login(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_the_admin_login_refuses_signed_in_people_who_are_not_staff(client, ana):
    client.force_login(ana)

    assert client.get("/admin/login/").status_code == 403


def test_admin_needs_two_factor_when_required(client, staff, settings):
    settings.ADMIN_REQUIRE_2FA = True
    _log_in(client, staff.email)

    response = client.get("/admin/")

    assertRedirects(response, "/en/accounts/2fa/", fetch_redirect_response=False)
    assertContains(
        client.get("/en/accounts/2fa/"),
        "Set up two-factor authentication to use the administration site.",
    )


def test_admin_opens_once_two_factor_is_set_up(client, staff, settings):
    settings.ADMIN_REQUIRE_2FA = True
    secret = _with_totp(staff)
    _log_in(client, staff.email)
    client.post("/en/accounts/2fa/authenticate/", {"code": _current_code(secret)})

    assert client.get("/admin/").status_code == 200


def test_without_the_requirement_staff_reach_the_admin_with_a_password(client, staff):
    _log_in(client, staff.email)

    assert client.get("/admin/").status_code == 200


def test_a_session_without_the_second_factor_is_signed_out_of_the_admin(client, staff, settings):
    settings.ADMIN_REQUIRE_2FA = True
    # Signed in with the password before two-factor was set up (or by someone who knows it).
    _log_in(client, staff.email)
    secret = _with_totp(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=%2Fadmin%2F"
    assert not _is_signed_in(client)
    again = client.get(response["Location"])
    assertContains(again, "Sign in again with your second factor")
    _log_in(client, staff.email)
    client.post("/en/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert client.get("/admin/").status_code == 200


def test_reset_and_confirmation_keys_are_not_written_to_the_log(client, caplog):
    caplog.set_level("INFO", logger="taskforce.requests")

    client.get("/en/accounts/password/reset/key/1a-c3x9k2-0123abcd/")
    client.get("/en/accounts/confirm-email/MQ:1v9secretkey/")

    assert "c3x9k2-0123abcd" not in caplog.text
    assert "/en/accounts/password/reset/key/<secret>/" in caplog.text
    assert "MQ:1v9secretkey" not in caplog.text
    assert "/en/accounts/confirm-email/<secret>/" in caplog.text
