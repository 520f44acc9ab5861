"""Queries per public page: at most twelve, and the same with ten times the data.

Each page is measured with the real content plus one unit of sample data, then again after
adding nine more units: a page whose count grew would be running a query per row (N+1).
The counts are pinned, so a change that adds a query shows up here as a decision to make.
"""

import datetime

import pytest

from documents.models import Document
from taskforce.roadmap.models import Recommendation, Theme
from workinggroups.models import Membership, Organization, Person, Sector, WorkingGroup

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12

SECTORS = [Sector.OEM, Sector.SUPPLIER, Sector.UTILITY, Sector.FREIGHT, Sector.ACADEMIA, Sector.OEM]
COUNTRIES = ["MX", "US", "MX", "CA", "US", "MX"]


def grow(unit):
    """Add one unit of sample data: six organizations (one private) with two people each in
    the working groups, a chair per group, four documents (one draft) with themes and groups,
    and three recommendations. Bulk inserts keep ten units fast."""
    themes = list(Theme.objects.all())
    groups = list(WorkingGroup.objects.all())
    organizations = Organization.objects.bulk_create(
        Organization(
            name_en=f"Sample organization {unit}-{index}",
            name_es=f"Organización de muestra {unit}-{index}",
            acronym=f"S{unit}{index}",
            sector=sector,
            country=country,
            is_public=index != 5,
        )
        for index, (sector, country) in enumerate(zip(SECTORS, COUNTRIES, strict=True))
    )
    people = Person.objects.bulk_create(
        Person(
            name=f"Person {unit}-{index}",
            email=f"p{unit}-{index}@example.org",
            organization=organization,
        )
        for index, organization in enumerate(organizations * 2)
    )
    Membership.objects.bulk_create(
        Membership(
            person=person,
            working_group=groups[index % len(groups)],
            role=Membership.Role.CHAIR if index < len(groups) else Membership.Role.MEMBER,
        )
        for index, person in enumerate(people)
    )
    documents = Document.objects.bulk_create(
        Document(
            title_en=f"Sample report {unit}-{index}",
            title_es=f"Informe de muestra {unit}-{index}",
            slug=f"sample-report-{unit}-{index}",
            kind=Document.Kind.REPORT,
            language=Document.Language.ENGLISH,
            published_on=datetime.date(2021, 1 + index, 1),
            publisher_en="Sample publisher",
            is_published=index != 3,
        )
        for index in range(4)
    )
    for index, document in enumerate(documents):
        document.themes.set([themes[index % len(themes)], themes[-1]])
        document.working_groups.set([groups[index % len(groups)]])
    for index in range(3):
        recommendation = Recommendation.objects.create(
            theme=themes[index % 2],
            title_en=f"Sample recommendation {unit}-{index}",
            title_es=f"Recomendación de muestra {unit}-{index}",
            description_en="Sample.",
            description_es="Muestra.",
        )
        recommendation.working_groups.set(groups[: index + 1])


# Each page and the queries it runs, the same on SQLite and PostgreSQL. For example the
# home page: key figures, themes, working groups, latest documents, milestones.
PAGES = [
    ("/en/", 6),
    ("/es/themes/", 1),
    ("/en/themes/human-capital/", 5),
    ("/en/themes/governance/", 4),
    ("/en/working-groups/", 1),
    ("/es/working-groups/light-duty-vehicles/", 8),
    ("/en/members/", 7),
    ("/en/members/?sector=oem", 7),
    ("/en/members/?page=2", 7),
    ("/es/members/?group=public-transport&country=MX", 8),
    ("/en/documents/", 7),
    ("/es/documents/?theme=governance&page=2", 8),
    ("/en/documents/diagnosis-and-recommendations-2023/", 3),
    ("/en/documents/sample-report-1-0/", 3),
    ("/en/documents/feed/", 1),
    ("/en/search/?q=sample", 6),
    ("/es/search/?q=transporte", 6),
    ("/sitemap.xml", 4),
]


def test_no_page_runs_more_than_twelve_queries():
    assert max(expected for _url, expected in PAGES) <= MAX_QUERIES


@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_pages_run_a_fixed_number_of_queries_whatever_the_data_size(
    client, content, django_assert_num_queries, url, expected
):
    grow(1)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    for unit in range(2, 11):
        grow(unit)

    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_the_sample_data_reaches_past_the_first_page_at_ten_times(client, content):
    """Guards the test above: at ten units the lists paginate, so page 2 is measured."""
    for unit in range(1, 11):
        grow(unit)

    assert client.get("/en/members/?page=2").context["page_obj"].number == 2
    assert client.get("/es/documents/?theme=governance&page=2").context["page_obj"].number == 2
