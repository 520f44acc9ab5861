"""load_demo_data: clearly labelled, deterministic sample data on top of the real content."""

import io

import pytest
from django.core.management import CommandError, call_command

from documents.models import Document
from taskforce.models import Recommendation
from workinggroups.models import Membership, Organization, Person


def load(**options):
    output = io.StringIO()
    call_command("load_demo_data", stdout=output, **options)
    return output.getvalue()


@pytest.mark.django_db
def test_counts_are_totals_with_about_one_organization_per_five_people(content):
    load(members=50, documents=20, seed=1)

    assert Person.objects.filter(is_demo=True).count() == 50
    assert Organization.objects.filter(is_demo=True).count() == 10
    assert Document.objects.filter(is_demo=True).count() == 20
    assert Membership.objects.filter(person__is_demo=True).count() >= 50
    assert Recommendation.objects.filter(is_demo=True).count() == 15


@pytest.mark.django_db
def test_running_again_replaces_the_sample_data_and_keeps_the_real_content(content):
    load(members=40, documents=10)
    load(members=40, documents=10)
    load(members=20, documents=5)

    assert Person.objects.filter(is_demo=True).count() == 20
    assert Document.objects.filter(is_demo=True).count() == 5
    assert Document.objects.filter(is_demo=False).count() == 3
    assert Organization.objects.filter(is_demo=False).count() == 4
    assert Recommendation.objects.filter(is_demo=False).count() == 1


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(content):
    def snapshot():
        return (
            list(Person.objects.filter(is_demo=True).order_by("pk").values_list("name", flat=True)),
            list(Document.objects.filter(is_demo=True).values_list("title_en", "published_on")),
        )

    load(members=30, documents=10, seed=7)
    first = snapshot()
    load(members=30, documents=10, seed=7)
    assert snapshot() == first
    load(members=30, documents=10, seed=8)
    assert snapshot() != first


@pytest.mark.django_db
def test_sample_rows_say_so_on_the_public_pages(client, content):
    load(members=50, documents=5, seed=3)
    document = Document.objects.filter(is_demo=True, is_published=True).first()
    assert Organization.objects.filter(is_demo=True, is_public=True).exists()

    page = client.get(document.get_absolute_url()).content.decode()
    members = client.get("/es/members/").content.decode()

    assert "Sample" in page
    assert "Ejemplo" in members


@pytest.mark.django_db
def test_sample_people_keep_their_email_private(client, content):
    load(members=10, documents=0, seed=3)
    email = Person.objects.filter(is_demo=True).first().email

    for url in ["/en/members/", "/en/working-groups/light-duty-vehicles/"]:
        assert email not in client.get(url).content.decode()


@pytest.mark.django_db
def test_zero_members_makes_no_organizations(content):
    load(members=0, documents=0)

    assert not Organization.objects.filter(is_demo=True).exists()
    assert not Document.objects.filter(is_demo=True).exists()


@pytest.mark.django_db
def test_a_negative_count_is_refused_and_changes_nothing(content):
    with pytest.raises(CommandError, match="--members must be zero or more"):
        load(members=-1)
    assert not Person.objects.filter(is_demo=True).exists()


@pytest.mark.django_db
def test_it_needs_the_real_content_first():
    with pytest.raises(CommandError, match="load_portal_content"):
        load()
