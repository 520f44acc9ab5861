"""A data-rights request covers subscriptions too: the admin's data-rights page lists an
address's subscription, exports it and erases it."""

import json

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from subscriptions.models import Subscriber
from taskforce.core.roles import COORDINATORS

pytestmark = pytest.mark.django_db

URL = "/admin/registrations/registration/data-rights/"


@pytest.fixture
def coordinator_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="coordinator", email="coordinator@example.org", is_staff=True
    )
    user.groups.add(Group.objects.get(name=COORDINATORS))
    client.force_login(user)
    return client


@pytest.fixture
def subscribed():
    now = timezone.now()
    Subscriber.objects.create(
        email="luis@example.org", topics=["events"], language="en", consent_at=now
    )
    return Subscriber.objects.create(
        email="Ana.Garcia@example.org",
        topics=["reports", "group-freight"],
        language="es",
        consent_at=now,
        confirmed_at=now,
    )


def test_the_page_lists_the_subscription_of_an_address_held_nowhere_else(
    coordinator_client, subscribed
):
    page = coordinator_client.get(URL, {"email": "ana.garcia@example.org"}).content.decode()

    assert "Email subscriptions" in page
    assert "reports, group-freight (es)" in page
    assert "No registration uses this address." in page
    assert "luis@example.org" not in page


def test_the_export_holds_the_subscription(coordinator_client, subscribed):
    response = coordinator_client.post(URL, {"email": "ana.garcia@example.org", "action": "export"})

    data = json.loads(response.content)
    [row] = data["subscriptions"]
    assert row["email"] == "Ana.Garcia@example.org" and row["topics"] == [
        "reports",
        "group-freight",
    ]
    assert "luis@example.org" not in response.content.decode()


def test_erasing_deletes_the_subscription_and_no_other(coordinator_client, subscribed):
    response = coordinator_client.post(
        URL, {"email": "ana.garcia@example.org", "action": "erase", "confirmed": "yes"}
    )

    assert response.status_code == 303
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["luis@example.org"]
