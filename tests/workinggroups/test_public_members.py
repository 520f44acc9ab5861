"""Who counts as a public member is one rule (`Membership.objects.public()`), and every page
that lists or counts members follows it: the group page, the members directory and the
admin's list of groups. A person listed publicly without an organization is a member like
any other: named where members are named, and counted."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import MembershipFactory, OrganizationFactory
from workinggroups.models import Membership, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(content):
    """Public transport, with a chair who has no organization, a member from a public
    organization, and two members who are not shown (private person; private organization)."""
    group = content.groups["public-transport"]
    MembershipFactory(
        person__name="Independent Chair",
        person__organization=None,
        working_group=group,
        role=Membership.Role.CHAIR,
    )
    MembershipFactory(
        person__name="Agency Member",
        person__organization=OrganizationFactory(name_en="Transit Agency", acronym=""),
        working_group=group,
    )
    MembershipFactory(person__name="Private Person", person__is_public=False, working_group=group)
    MembershipFactory(
        person__name="Hidden Member",
        person__organization=OrganizationFactory(name_en="Hidden Agency", is_public=False),
        working_group=group,
    )
    return group


def test_a_member_without_organization_is_listed_and_counted_on_the_group_page(client, group):
    response = client.get("/en/working-groups/public-transport/")

    assertContains(response, "Independent Chair, chair")
    assertContains(response, "2 members listed publicly")
    assertContains(response, "See the 1 organization in the members directory")
    assertNotContains(response, "Hidden Agency")


def test_the_admin_counts_a_member_without_organization(editor_client, group):
    response = editor_client.get("/admin/workinggroups/workinggroup/")

    (row,) = [
        line
        for line in response.content.decode().split("<tr")
        if f"/admin/workinggroups/workinggroup/{group.pk}/change/" in line
    ]
    assert '<td class="field-member_count">2</td>' in row


def test_every_count_of_members_agrees_with_the_public_list(group):
    counted = WorkingGroup.objects.with_counts().get(pk=group.pk)

    assert counted.member_count == Membership.objects.public().filter(working_group=group).count()
    assert counted.organization_count == 1


def test_the_directory_marks_a_group_only_for_its_public_members(client, content):
    organization = OrganizationFactory(name_en="Quiet Motors", acronym="")
    MembershipFactory(
        person__organization=organization,
        person__is_public=False,
        working_group=content.groups["light-duty-vehicles"],
    )

    response = client.get("/en/members/")

    assertContains(response, "Quiet Motors")
    assertNotContains(response, "Takes part in Light-duty vehicles")
