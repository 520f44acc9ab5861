"""The documents page offers only the types it has: no promise of presentations or minutes
that nobody has published."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_the_type_filter_lists_only_published_types(client):
    DocumentFactory(kind="report")
    DocumentFactory(kind="presentation", is_published=False)

    response = client.get("/en/documents/")

    assertContains(response, '<option value="report">Report</option>', html=True)
    assertNotContains(response, 'value="presentation"')
    assertNotContains(response, "presentations")


def test_asking_for_a_type_nobody_published_says_the_filter_is_not_valid(client):
    DocumentFactory(kind="report")

    response = client.get("/en/documents/?kind=presentation")

    assert response.status_code == 200
    assertContains(response, "Some filters are not valid")
