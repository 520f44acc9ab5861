"""Data rights in practice: from the admin, a coordinator finds everything held about one
address, exports it as a file, or erases it while every count stays."""

import json
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from pytest_django.asserts import assertContains, assertNotContains

from registrations.models import Registration
from tests.factories import EventFactory, RegistrationFactory, account

pytestmark = pytest.mark.django_db

URL = "/admin/registrations/registration/data-rights/"
ERASE = {"action": "erase", "confirmed": "yes"}


@pytest.fixture
def held(event):
    """Ana registered for two events with two spellings of her address, and has an account;
    someone else registered for the first event too."""
    other_event = EventFactory(slug="charging-forum", title_en="Charging forum")
    return {
        "confirmed": RegistrationFactory(
            event=event, full_name="Ana García", email="Ana.Garcia@example.org"
        ),
        "waitlisted": RegistrationFactory(
            event=other_event,
            full_name="Ana García",
            email="ana.garcia@example.org",
            organization="Red de Transporte",
            sector="public_transport",
            country="US",
            status=Registration.Status.WAITLISTED,
        ),
        "stranger": RegistrationFactory(event=event, email="luis@example.org"),
        "account": account("ana.garcia@example.org"),
    }


def counts():
    return {
        field: Counter(Registration.objects.values_list("event__slug", field))
        for field in ("status", "sector", "country")
    }


def test_the_registration_list_links_to_the_data_rights_page(coordinator_client):
    response = coordinator_client.get("/admin/registrations/registration/")

    assertContains(response, f'href="{URL}"')


def test_finding_an_address_lists_its_registrations_and_accounts_whatever_the_case(
    coordinator_client, held
):
    response = coordinator_client.get(URL, {"email": "ANA.GARCIA@example.org"})

    assert response.status_code == 200
    assert set(response.context["registrations"]) == {held["confirmed"], held["waitlisted"]}
    assert list(response.context["accounts"]) == [held["account"]]
    assertContains(response, held["confirmed"].event.title)
    assertContains(response, "Charging forum")
    assertContains(response, "On the waiting list")
    assertContains(response, "Confirmed")
    assertNotContains(response, "luis@example.org")


def test_an_address_with_nothing_held_says_so(coordinator_client, held):
    response = coordinator_client.get(URL, {"email": "nobody@example.org"})

    assertContains(response, "Nothing is held about nobody@example.org")
    assertNotContains(response, "Export as a file")


def test_the_export_is_a_json_file_of_that_address_only(coordinator_client, held, caplog):
    response = coordinator_client.post(URL, {"email": "ana.garcia@EXAMPLE.org", "action": "export"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    data = json.loads(response.content)
    assert data["email"] == "ana.garcia@EXAMPLE.org"
    exported = {(row["event"]["slug"], row["status"]) for row in data["registrations"]}
    assert exported == {("border-meeting", "confirmed"), ("charging-forum", "waitlisted")}
    assert {row["organization"] for row in data["registrations"]} == {
        "Sample Motors",
        "Red de Transporte",
    }
    assert [account["email"] for account in data["accounts"]] == ["ana.garcia@example.org"]
    assert data["accounts"][0]["addresses"] == [
        {"email": "ana.garcia@example.org", "verified": True, "primary": True}
    ]
    content = response.content.decode()
    assert "luis@example.org" not in content
    # The private link's token and the password hash are keys, not data about the person.
    assert held["confirmed"].token not in content
    assert "pbkdf2" not in content and "argon2" not in content
    assert "Data-rights export by coordinator" in caplog.text
    assert "ana.garcia" not in caplog.text.lower()


def test_erasing_asks_first_and_changes_nothing_until_confirmed(coordinator_client, held):
    response = coordinator_client.post(URL, {"email": "ana.garcia@example.org", "action": "erase"})

    assertContains(response, "Erase this address's data?")
    assertContains(response, 'name="confirmed" value="yes"')
    assert Registration.objects.for_email("ana.garcia@example.org").count() == 2
    assert get_user_model().objects.filter(pk=held["account"].pk).exists()


def test_erasing_anonymises_the_registrations_and_keeps_every_count(
    coordinator_client, coordinator, held, caplog
):
    before = counts()

    response = coordinator_client.post(
        URL, {"email": "Ana.Garcia@example.org", "action": "erase", "confirmed": "yes"}
    )

    assert response.status_code == 303
    assert counts() == before
    assert not Registration.objects.filter(full_name="Ana García").exists()
    assert Registration.objects.for_email("ana.garcia@example.org").count() == 0
    for key in ("confirmed", "waitlisted"):
        registration = Registration.objects.get(pk=held[key].pk)
        assert registration.is_anonymised
        assert registration.email == f"anonymised-{registration.pk}@invalid"
        assert (registration.organization, registration.job_title) == ("", "")
        assert registration.token != held[key].token
    stranger = Registration.objects.get(pk=held["stranger"].pk)
    assert (stranger.email, stranger.is_anonymised) == ("luis@example.org", False)
    assert not get_user_model().objects.filter(pk=held["account"].pk).exists()
    assert not EmailAddress.objects.filter(email__iexact="ana.garcia@example.org").exists()
    # Logged with who and when, in the admin's history and the server log.
    entries = LogEntry.objects.filter(action_flag=CHANGE, user=coordinator)
    assert {int(entry.object_id) for entry in entries} == {
        held["confirmed"].pk,
        held["waitlisted"].pk,
    }
    assert all("García" not in entry.object_repr for entry in LogEntry.objects.all())
    assert "Data-rights erasure by coordinator: 2 registrations anonymised" in caplog.text
    page = coordinator_client.get(response.url)
    assertContains(page, "2 registrations anonymized; their counts are kept.")
    assertContains(page, "Nothing is held about Ana.Garcia@example.org")


def test_erasing_keeps_a_staff_account_and_says_so(coordinator_client, coordinator):
    RegistrationFactory(email="coordinator@example.org")

    response = coordinator_client.post(
        URL,
        {"email": "coordinator@example.org", "action": "erase", "confirmed": "yes"},
        follow=True,
    )

    assert get_user_model().objects.filter(pk=coordinator.pk).exists()
    assertContains(response, "belongs to a staff account, which was kept")


def test_finding_by_get_never_changes_anything(coordinator_client, held):
    coordinator_client.get(URL, {"email": "ana.garcia@example.org", **ERASE})

    assert Registration.objects.for_email("ana.garcia@example.org").count() == 2


def test_the_erase_needs_the_csrf_token(held, coordinator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(URL, {"email": "ana.garcia@example.org", **ERASE})

    assert response.status_code == 403
    assert Registration.objects.for_email("ana.garcia@example.org").count() == 2


def test_staff_without_the_registration_permissions_are_refused(client, django_user_model, held):
    editor = django_user_model.objects.create_user(username="editor", is_staff=True)
    client.force_login(editor)

    assert client.get(URL, {"email": "ana.garcia@example.org"}).status_code == 403
    response = client.post(URL, {"email": "ana.garcia@example.org", **ERASE})
    assert response.status_code == 403
    assert Registration.objects.for_email("ana.garcia@example.org").count() == 2


def test_who_may_only_view_registrations_may_export_but_not_erase(client, django_user_model, held):
    viewer = django_user_model.objects.create_user(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(viewer)

    page = client.get(URL, {"email": "ana.garcia@example.org"})
    assertContains(page, "Export as a file")
    assertNotContains(page, 'value="erase"')
    export = client.post(URL, {"email": "ana.garcia@example.org", "action": "export"})
    assert export.status_code == 200
    erase = client.post(URL, {"email": "ana.garcia@example.org", **ERASE})
    assert erase.status_code == 403
    assert Registration.objects.for_email("ana.garcia@example.org").count() == 2


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_admin_login(client, held):
    response = client.get(URL, {"email": "ana.garcia@example.org"})

    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "This field is required."),
        ("ana\x00@example.org", "Null characters are not allowed."),
        ("a" * 250 + "@example.org", "Ensure this value has at most 254 characters"),
        ("not an address", "Enter a valid email address."),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_input_gets_a_message_and_changes_nothing(
    coordinator_client, held, email, message, method
):
    data = {"email": email}
    if method == "post":
        data.update(action="erase", confirmed="yes")

    response = getattr(coordinator_client, method)(URL, data)

    assert response.status_code == 200
    assertContains(response, message)
    assert Registration.objects.filter(is_anonymised=True).count() == 0
