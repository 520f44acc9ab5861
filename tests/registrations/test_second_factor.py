"""With ADMIN_REQUIRE_2FA on, registrants' personal data needs a session that used a second
factor: the exports and the summary, not only /admin/.

Coordinators sign in through the portal's real login page; codes are computed the way an
authenticator app does (as in tests/taskforce/test_account_security.py).
"""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group
from pytest_django.asserts import assertContains

from taskforce.core.roles import COORDINATORS
from tests.factories import ACCOUNT_PASSWORD, RegistrationFactory, account

pytestmark = pytest.mark.django_db

PAGES = ["registrants.csv", "registrants.xlsx", "summary/"]


@pytest.fixture
def coordinator_account(db):
    """A coordinator as the portal has them: not staff, in the Coordinators group."""
    user = account("coordinator@example.org")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.fixture
def registrant(event):
    return RegistrationFactory(event=event, full_name="Ana Privada", email="ana@example.mx")


def _log_in(client, user, next_url=None):
    data = {"login": user.email, "password": ACCOUNT_PASSWORD}
    if next_url:
        data["next"] = next_url  # as the login form posts it back
    response = client.post("/en/accounts/login/", data)
    assert response.status_code == 302
    return response


def _with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def _current_code(secret):
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter))


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("page", PAGES)
def test_a_coordinator_without_a_second_factor_is_sent_to_set_one_up(
    client, settings, coordinator_account, event, registrant, page
):
    settings.ADMIN_REQUIRE_2FA = True
    _log_in(client, coordinator_account)

    response = client.get(f"/en/events/{event.slug}/{page}")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/"
    assert b"Ana Privada" not in _body(response)
    assertContains(
        client.get(response["Location"]),
        "Set up two-factor authentication to see registrants&#x27; data.",
    )


@pytest.mark.parametrize("page", PAGES)
def test_a_password_alone_session_is_signed_out_and_asked_for_the_second_factor(
    client, settings, coordinator_account, event, registrant, page
):
    settings.ADMIN_REQUIRE_2FA = True
    secret = _with_totp(coordinator_account)
    # Signed in with the password before the second factor was set up (or by someone
    # who knows the password): the session never used it.
    client.force_login(coordinator_account)
    url = f"/en/events/{event.slug}/{page}"

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert "_auth_user_id" not in client.session
    assertContains(client.get(response["Location"]), "Sign in again with your second factor")
    # Signing in again, second step included, brings the coordinator back to the page.
    _log_in(client, coordinator_account, next_url=url)
    done = client.post(
        "/en/accounts/2fa/authenticate/", {"code": _current_code(secret)}, follow=False
    )
    assert done["Location"] == url
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_a_coordinator_who_used_the_second_factor_gets_the_page(
    client, settings, coordinator_account, event, registrant, page
):
    settings.ADMIN_REQUIRE_2FA = True
    secret = _with_totp(coordinator_account)
    _log_in(client, coordinator_account)
    client.post("/en/accounts/2fa/authenticate/", {"code": _current_code(secret)})

    response = client.get(f"/en/events/{event.slug}/{page}")

    assert response.status_code == 200
    if page == "registrants.csv":
        assert "Ana Privada" in _body(response).decode("utf-8-sig")


@pytest.mark.parametrize("page", PAGES)
def test_without_the_requirement_a_password_is_enough(
    client, coordinator_account, event, registrant, page
):
    _log_in(client, coordinator_account)

    response = client.get(f"/en/events/{event.slug}/{page}")

    assert response.status_code == 200


def test_the_requirement_does_not_change_who_is_refused(client, settings, django_user_model, event):
    settings.ADMIN_REQUIRE_2FA = True
    client.force_login(django_user_model.objects.create_user("visitor"))

    assert client.get(f"/en/events/{event.slug}/registrants.csv").status_code == 403
    assert "_auth_user_id" in client.session


def test_the_request_to_set_up_a_second_factor_speaks_spanish(
    client, settings, coordinator_account, event
):
    settings.ADMIN_REQUIRE_2FA = True
    _log_in(client, coordinator_account)

    response = client.get(f"/es/events/{event.slug}/summary/", follow=True)

    assert response.redirect_chain[0][0] == "/es/accounts/2fa/"
    assertContains(
        response,
        "Active la verificación en dos pasos para ver los datos de las personas registradas.",
    )
