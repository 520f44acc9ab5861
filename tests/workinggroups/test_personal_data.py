"""A person's email is kept for staff only: no public page may show it."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import MembershipFactory, OrganizationFactory
from workinggroups.models import Membership

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "ana.private-inbox@never-published.example"


@pytest.fixture
def chair(content):
    organization = OrganizationFactory(name_en="Metro Transit Authority", acronym="MTA")
    membership = MembershipFactory(
        person__name="Ana Quiroga",
        person__email=SECRET_EMAIL,
        person__organization=organization,
        working_group=content.groups["public-transport"],
        role=Membership.Role.CHAIR,
    )
    return membership.person


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "path",
    [
        "",
        "working-groups/",
        "working-groups/public-transport/",
        "members/",
        "members/?q=Metro",
        "members/?group=public-transport",
        "search/?q=Quiroga",
        "search/?q=Metro",
        "search/?q=never-published",
        "documents/",
    ],
)
def test_a_persons_email_never_appears_on_a_public_page(client, chair, language, path):
    response = client.get(f"/{language}/{path}")

    assert response.status_code == 200
    assertNotContains(response, SECRET_EMAIL)
    assertNotContains(response, "never-published.example")


def test_the_email_is_absent_even_where_the_person_is_named(client, chair):
    response = client.get("/en/working-groups/public-transport/")

    assertContains(response, "Ana Quiroga")
    assertNotContains(response, "private-inbox")


def test_searching_for_an_email_reveals_nobody(client, chair):
    response = client.get("/en/search/", {"q": SECRET_EMAIL})

    assertContains(response, "Nothing matches.")
    assertNotContains(response, "Ana Quiroga")


def test_the_sitemap_and_feed_do_not_carry_emails(client, chair):
    for url in ["/sitemap.xml", "/en/documents/feed/", "/es/documents/feed/"]:
        assertNotContains(client.get(url), "never-published")
