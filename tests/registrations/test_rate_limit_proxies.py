"""The registration rate limit counts the visitor's address, also behind trusted proxies."""

import pytest
from django.core.cache import cache

from tests.factories import EventFactory
from tests.support.forms import registration_form_data


@pytest.fixture
def limited(settings):
    settings.REGISTRATION_RATE_LIMIT = "2/10m"
    settings.TRUSTED_PROXIES = 1
    cache.clear()
    yield
    cache.clear()


def post(client, event, number, forwarded_for):
    return client.post(
        f"/en/events/{event.slug}/register/",
        registration_form_data(email=f"person{number}@example.org"),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
def test_behind_a_proxy_each_visitor_has_their_own_limit(client, limited):
    event = EventFactory()

    answers = [post(client, event, number, "203.0.113.5").status_code for number in range(3)]
    other_visitor = post(client, event, 9, "198.51.100.7").status_code

    assert answers == [303, 303, 429]
    assert other_visitor == 303


@pytest.mark.django_db
def test_an_address_forged_by_the_client_does_not_escape_the_limit(client, limited):
    event = EventFactory()

    answers = [
        post(client, event, number, f"192.0.2.{number}, 203.0.113.5").status_code
        for number in range(3)
    ]

    assert answers == [303, 303, 429]
