import pytest

from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    WorkingGroupFactory,
)
from workinggroups.models import Membership, Organization, Person, WorkingGroup

pytestmark = pytest.mark.django_db


def test_a_person_is_public_only_with_a_public_organization_or_none():
    listed = PersonFactory(name="Listed")
    PersonFactory(name="Private", is_public=False)
    PersonFactory(name="At a private organization", organization__is_public=False)
    independent = PersonFactory(name="Independent", organization=None)

    assert set(Person.objects.public()) == {listed, independent}


def test_public_memberships_follow_the_same_rule():
    group = WorkingGroupFactory()
    shown = MembershipFactory(working_group=group)
    MembershipFactory(working_group=group, person__is_public=False)
    MembershipFactory(working_group=group, person__organization__is_public=False)

    assert list(Membership.objects.public()) == [shown]


def test_an_organization_is_in_a_group_once_however_many_people_it_sends():
    group = WorkingGroupFactory()
    organization = OrganizationFactory()
    MembershipFactory.create_batch(3, working_group=group, person__organization=organization)

    assert list(Organization.objects.in_working_group(group)) == [organization]


def test_groups_count_their_public_members_and_organizations():
    group = WorkingGroupFactory()
    organization = OrganizationFactory()
    MembershipFactory.create_batch(2, working_group=group, person__organization=organization)
    MembershipFactory(
        working_group=group, person__is_public=False, person__organization=organization
    )
    MembershipFactory(working_group=group, person__organization__is_public=False)

    counted = WorkingGroup.objects.with_counts().get()

    assert (counted.member_count, counted.organization_count) == (2, 1)


def test_a_person_sits_in_a_group_only_once():
    membership = MembershipFactory()

    with pytest.raises(Exception, match="(?i)unique"):
        MembershipFactory(person=membership.person, working_group=membership.working_group)


def test_an_organization_reads_with_its_acronym():
    assert (
        str(OrganizationFactory.build(name_en="Asociación Mexicana", acronym="AMIA"))
        == "Asociación Mexicana (AMIA)"
    )
    assert (
        str(OrganizationFactory.build(name_en="City of Tijuana", acronym="")) == "City of Tijuana"
    )


def test_an_organization_named_by_its_acronym_shows_it_once():
    """The sources give AMIA and ANPACT no official name: the name is the acronym alone."""
    assert str(OrganizationFactory.build(name_en="AMIA", name_es="AMIA", acronym="AMIA")) == "AMIA"
    assert str(OrganizationFactory.build(name_en="anpact", acronym="ANPACT")) == "anpact"
