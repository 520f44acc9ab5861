"""An editor's first sign-in goes straight to the admin.

Staff accounts are made with `createsuperuser` or by a superuser in the admin; whoever
makes them vouches for the address, so allauth's "Verify your email address" step, which
mails a link and stops the sign-in, never meets them.
"""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from taskforce.core.roles import EDITORS
from tests.factories import account

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-passphrase-17"


def _sign_in_to_admin(email, password=PASSWORD):
    """The portal's login with the admin as the next page, as /admin/ sends staff there."""
    client = Client()
    response = client.post(
        "/en/accounts/login/?next=/admin/", {"login": email, "password": password}
    )
    return client, response


def test_a_superuser_made_with_createsuperuser_signs_in_straight_to_the_admin(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser",
        "--noinput",
        "--username=lucia",
        "--email=Lucia.Admin@example.org",
        stdout=io.StringIO(),
    )

    client, response = _sign_in_to_admin("lucia.admin@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "Content and registrations" in client.get("/admin/").content.decode()
    assert mail.outbox == []  # no verification link mailed
    address = EmailAddress.objects.get(user__username="lucia")
    assert (address.email, address.verified, address.primary) == (
        "lucia.admin@example.org",
        True,
        True,
    )


def test_createsuperuser_refuses_an_account_without_an_email_address(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    monkeypatch.delenv("DJANGO_SUPERUSER_EMAIL", raising=False)

    with pytest.raises(CommandError, match="Staff sign in with their email address"):
        call_command("createsuperuser", "--noinput", "--username=nomail", stdout=io.StringIO())

    assert not get_user_model().objects.filter(username="nomail").exists()


class Terminal(io.StringIO):
    """A standard input that says it is a terminal, as createsuperuser's prompts need."""

    def isatty(self):
        return True


def test_createsuperuser_asks_again_for_an_empty_email_address(monkeypatch):
    answers = iter(["", "marta@example.org"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSWORD)
    errors = io.StringIO()

    call_command(
        "createsuperuser",
        "--username=marta",
        stdin=Terminal(),
        stdout=io.StringIO(),
        stderr=errors,
    )

    assert "Staff sign in with their email address: enter one." in errors.getvalue()
    assert EmailAddress.objects.get(user__username="marta", verified=True)


def test_an_editor_made_in_the_admin_signs_in_straight_to_the_admin():
    superuser = account("chief@example.org", password=PASSWORD, is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(superuser)

    added = admin.post(
        "/admin/auth/user/add/",
        {
            "username": "rosa",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        },
    )
    assert added.status_code == 302
    rosa = get_user_model().objects.get(username="rosa")
    editors = Group.objects.get(name=EDITORS)
    changed = admin.post(
        f"/admin/auth/user/{rosa.pk}/change/",
        {
            "username": "rosa",
            "email": "rosa.editor@example.org",
            "is_active": "on",
            "is_staff": "on",
            "groups": [editors.pk],
            "date_joined_0": "2026-12-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert changed.status_code == 302, changed.context["adminform"].form.errors

    client, response = _sign_in_to_admin("rosa.editor@example.org")

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert mail.outbox == []


def test_an_address_verified_by_another_account_is_not_taken_and_the_admin_says_so():
    superuser = account("chief@example.org", password=PASSWORD, is_staff=True, is_superuser=True)
    account("taken@example.org")
    staff = get_user_model().objects.create_user(username="sam", password=PASSWORD)
    admin = Client()
    admin.force_login(superuser)

    response = admin.post(
        f"/admin/auth/user/{staff.pk}/change/",
        {
            "username": "sam",
            "email": "taken@example.org",
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "2026-12-01",
            "date_joined_1": "09:00:00",
        },
        follow=True,
    )

    assert "is already the verified address of another account" in response.content.decode()
    assert not EmailAddress.objects.filter(user=staff, verified=True).exists()


def test_a_participant_account_made_in_the_admin_is_not_verified_for_them():
    """Only staff: a participant verifies their own address, by the link allauth mails."""
    superuser = account("chief@example.org", password=PASSWORD, is_staff=True, is_superuser=True)
    participant = get_user_model().objects.create_user(username="pat", password=PASSWORD)
    admin = Client()
    admin.force_login(superuser)

    admin.post(
        f"/admin/auth/user/{participant.pk}/change/",
        {
            "username": "pat",
            "email": "pat@example.org",
            "is_active": "on",
            "date_joined_0": "2026-12-01",
            "date_joined_1": "09:00:00",
        },
    )

    assert not EmailAddress.objects.filter(user=participant, verified=True).exists()
