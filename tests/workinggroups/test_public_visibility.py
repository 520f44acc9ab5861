"""Who is shown publicly is one rule (`workinggroups.models.shown_publicly`): a person listed
publicly, whose organization is listed publicly or who has none. Every way of asking it
(people, memberships, a group's organizations, a group's counts) agrees with it, and no
public page names a person or organization it hides."""

import itertools

import pytest
from pytest_django.asserts import assertNotContains

from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory
from workinggroups.models import Membership, Organization, Person, WorkingGroup, shown_publicly

pytestmark = pytest.mark.django_db

# (person listed, organization: None, listed or not)
CASES = list(itertools.product([True, False], [None, True, False]))


def expected_public(person_listed, organization_listed):
    return person_listed and organization_listed is not False


@pytest.fixture
def people(content):
    """One chair of the light-duty vehicles group for each case, each with its own name."""
    group = content.groups["light-duty-vehicles"]
    made = {}
    for index, (person_listed, organization_listed) in enumerate(CASES):
        organization = (
            None
            if organization_listed is None
            else OrganizationFactory(
                name_en=f"Quillon Works {index}", acronym="", is_public=organization_listed
            )
        )
        person = PersonFactory(
            name=f"Zorvath Person {index}", is_public=person_listed, organization=organization
        )
        MembershipFactory(person=person, working_group=group, role=Membership.Role.CHAIR)
        made[person_listed, organization_listed] = person
    return group, made


def test_every_query_of_public_people_follows_the_one_rule(people):
    group, made = people
    public_people = set(Person.objects.public())
    public_memberships = {m.person for m in Membership.objects.public().filter(working_group=group)}
    in_group = set(Organization.objects.in_working_group(group))

    for (person_listed, organization_listed), person in made.items():
        shown = expected_public(person_listed, organization_listed)
        assert (person in public_people) is shown
        assert Person.objects.filter(shown_publicly(), pk=person.pk).exists() is shown
        assert (person in public_memberships) is shown
        if person.organization:
            assert (person.organization in in_group) is shown

    counted = WorkingGroup.objects.with_counts().get(pk=group.pk)
    assert counted.member_count == len(public_memberships)
    assert counted.organization_count == len(in_group)


def test_a_hidden_person_or_organization_appears_on_no_public_page(client, people):
    group, made = people
    pages = [
        "/en/",
        "/en/about/",
        "/en/working-groups/",
        f"/en/working-groups/{group.slug}/",
        "/en/members/",
        f"/en/members/?group={group.slug}",
        "/en/search/?q=Zorvath",
        "/en/search/?q=Quillon",
        "/sitemap.xml",
    ]
    hidden = [
        person
        for (person_listed, organization_listed), person in made.items()
        if not expected_public(person_listed, organization_listed)
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for person in hidden:
            assertNotContains(response, person.name)
            if person.organization and not person.organization.is_public:
                assertNotContains(response, person.organization.name)


def test_the_group_page_names_exactly_the_public_chairs(client, people):
    group, made = people

    page = client.get(f"/en/working-groups/{group.slug}/").content.decode()

    for (person_listed, organization_listed), person in made.items():
        assert (person.name in page) is expected_public(person_listed, organization_listed)
