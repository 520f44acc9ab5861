"""Fixtures of the registrations tests: an open event, a coordinator and their clients."""

import pytest
from django.contrib.auth.models import Group

from taskforce.core.roles import COORDINATORS
from tests.factories import EventFactory


@pytest.fixture
def event(db):
    """Upcoming, published, in person, 30 seats, waiting list on, registration open."""
    return EventFactory(slug="border-meeting")


@pytest.fixture
def coordinator(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="coordinator", email="coordinator@example.org", is_staff=True
    )
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
