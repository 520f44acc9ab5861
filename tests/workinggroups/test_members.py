"""The members directory: public organizations, their filters, and the matrix of which
organization takes part in which working group."""

from html.parser import HTMLParser

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import MembershipFactory, OrganizationFactory
from workinggroups.models import Sector

pytestmark = pytest.mark.django_db

REAL_ORGANIZATIONS = ["UC Alianza MX", "SRE", "AMIA", "ANPACT"]


class TableRows(HTMLParser):
    """The text of each cell of each body row of a page's tables."""

    def __init__(self, html):
        super().__init__()
        self.rows = []
        self._in_body = False
        self._cell = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("td", "th") and self._in_body:
            self._cell = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join(self._cell.split()))
            self._cell = None


def rows_of(response):
    return TableRows(response.content.decode()).rows


def listed(response):
    """The acronyms (or names) of the organizations in the directory's rows."""
    return [row[0] for row in rows_of(response)]


@pytest.mark.parametrize(("language", "heading"), [("en", "Members"), ("es", "Integrantes")])
def test_the_directory_lists_the_public_organizations(client, content, language, heading):
    response = client.get(f"/{language}/members/")

    assert response.status_code == 200
    assertContains(response, f"<h1>{heading}</h1>", html=True)
    for acronym in REAL_ORGANIZATIONS:
        assert any(acronym in name for name in listed(response))


def test_the_directory_never_lists_an_organization_that_is_not_public(client, content):
    OrganizationFactory(name_en="Unlisted Batteries", is_public=False)

    response = client.get("/en/members/")

    assertNotContains(response, "Unlisted Batteries")
    assertContains(response, "4 organizations")


def test_the_directory_names_sector_and_country_in_the_pages_language(client, content):
    english = rows_of(client.get("/en/members/?q=AMIA"))
    spanish = rows_of(client.get("/es/members/?q=AMIA"))

    assert english[0][1:3] == ["Industry association", "Mexico"]
    assert spanish[0][1:3] == ["Asociación industrial", "México"]


@pytest.mark.parametrize(("language", "unknown"), [("en", "Not stated"), ("es", "Sin especificar")])
def test_a_country_no_source_states_is_shown_as_not_stated(client, content, language, unknown):
    # The sources name ANPACT without saying which country it belongs to.
    rows = rows_of(client.get(f"/{language}/members/?q=ANPACT"))

    assert rows[0][2] == unknown


def test_the_directory_filters_by_sector(client, content):
    response = client.get("/en/members/?sector=industry_association")

    names = listed(response)
    assert len(names) == 2
    # The sources give the two associations no official name: each is named by its acronym.
    assert sorted(name.split()[0] for name in names) == ["AMIA", "ANPACT"]


def test_the_directory_filters_by_country(client, content):
    response = client.get("/en/members/?country=MX")

    assertContains(response, "(SRE)")
    assert any(name.startswith("AMIA") for name in listed(response))
    assertNotContains(response, "(UC Alianza MX)")
    assertNotContains(response, "ANPACT")
    assertContains(response, "2 organizations")


def test_the_country_filter_offers_only_countries_with_public_organizations(client, content):
    OrganizationFactory(country="CA", is_public=False)

    response = client.get("/en/members/")

    assertContains(response, '<option value="MX">Mexico</option>', html=True)
    assertContains(response, '<option value="US">United States</option>', html=True)
    assertNotContains(response, '<option value="CA">')


def test_the_directory_filters_by_working_group(client, content):
    bus_maker = OrganizationFactory(name_en="Bus Maker", acronym="BM")
    MembershipFactory(
        person__organization=bus_maker, working_group=content.groups["light-duty-vehicles"]
    )
    MembershipFactory(
        person__organization__name_en="Transit Agency",
        working_group=content.groups["public-transport"],
    )

    response = client.get("/en/members/?group=light-duty-vehicles")

    assert listed(response) == ["Bus Maker (BM)"]


def test_the_directory_filters_by_name_or_acronym(client, content):
    by_acronym = client.get("/en/members/?q=amia")
    by_spanish_name = client.get("/es/members/?q=relaciones exteriores")

    assert len(listed(by_acronym)) == 1
    assert listed(by_acronym)[0].startswith("AMIA")
    assertContains(by_spanish_name, "(SRE)")


def test_filters_combine(client, content):
    response = client.get("/en/members/?sector=oem&country=US")

    assertContains(response, "0 organizations")
    assertContains(response, "No organization matches these filters.")


@pytest.mark.parametrize(
    "query",
    [
        "sector=not-a-sector",
        "country=ZZ",
        "group=no-such-group",
        "q=" + "x" * 500,
        "sector=oem&country=ZZ",
        "group=%00",
    ],
)
def test_an_invalid_filter_shows_a_message_instead_of_an_error(client, content, query):
    response = client.get(f"/en/members/?{query}")

    assert response.status_code == 200
    assertContains(response, "Some filters are not valid; correct them to see results.")
    assertContains(response, "No organization matches these filters.")


def test_an_invalid_filter_is_explained_in_spanish_on_spanish_pages(client, content):
    response = client.get("/es/members/?sector=nope")

    assertContains(response, "Algunos filtros no son válidos; corríjalos para ver resultados.")


@pytest.fixture
def many_organizations(content):
    """Enough organizations for two pages of fifty."""
    return OrganizationFactory.create_batch(60, sector=Sector.SUPPLIER)


def test_the_directory_is_paginated(client, many_organizations):
    first = client.get("/en/members/")
    second = client.get("/en/members/?page=2")

    assert len(listed(first)) == 50
    assert len(listed(second)) == 14
    assertContains(first, "Page 1 of 2 (64 items)")
    assertContains(first, 'rel="next"')


@pytest.mark.parametrize(
    ("page", "shown"),
    [("999", "Page 2 of 2"), ("abc", "Page 1 of 2"), ("-1", "Page 2 of 2"), ("", "Page 1 of 2")],
)
def test_any_page_number_answers_with_the_nearest_page(client, many_organizations, page, shown):
    response = client.get(f"/en/members/?page={page}")

    assert response.status_code == 200
    assertContains(response, shown)


def test_the_next_page_keeps_the_filters(client, many_organizations):
    response = client.get("/en/members/?sector=supplier")

    assertContains(response, "Page 1 of 2")
    assertContains(response, 'href="?sector=supplier&amp;page=2"')


def test_the_matrix_marks_which_organization_sits_in_which_group(client, content):
    light, heavy, transport = content.groups.values()
    both = OrganizationFactory(name_en="Both Groups Inc", acronym="")
    one = OrganizationFactory(name_en="One Group Inc", acronym="")
    MembershipFactory(person__organization=both, working_group=light)
    MembershipFactory(person__organization=both, working_group=transport)
    MembershipFactory(person__organization=one, working_group=heavy)

    rows = rows_of(client.get("/en/members/"))

    def seats(organization):
        """Which of the three group columns of the organization's row are marked."""
        (row,) = [row for row in rows if organization in row[0]]
        return [cell.startswith("●") for cell in row[3:]]

    assert seats("Both Groups Inc") == [True, False, True]
    assert seats("One Group Inc") == [False, True, False]
    assert seats("AMIA") == [False, False, False]


def test_the_matrix_says_in_words_what_the_mark_means(client, content):
    MembershipFactory(
        person__organization__name_en="Transit Agency",
        working_group=content.groups["public-transport"],
    )

    response = client.get("/en/members/")

    assertContains(
        response,
        '<span class="visually-hidden">Takes part in Public transport in cities</span>',
        html=True,
    )


def test_the_matrix_heads_each_group_column_with_a_link_to_the_group(client, content):
    response = client.get("/es/members/")

    assertContains(
        response,
        '<a href="/es/working-groups/public-transport/">Transporte público en las ciudades</a>',
        html=True,
    )


def test_an_organization_links_to_its_website(client, content):
    OrganizationFactory(name_en="Charging Co", acronym="", website="https://charging.example.org/")

    response = client.get("/en/members/")

    assertContains(
        response,
        '<a href="https://charging.example.org/" rel="noopener external">Charging Co</a>',
        html=True,
    )


def test_the_matrix_says_no_people_are_listed_rather_than_that_an_organization_stays_out(
    client, content
):
    response = client.get("/en/members/")

    assertContains(
        response,
        '<span class="visually-hidden">No people listed in Light-duty vehicles</span>',
        html=True,
    )
    assertNotContains(response, "Does not take part")
    assertContains(
        client.get("/es/members/"),
        '<span class="visually-hidden">Ninguna persona de la organización figura en el grupo '
        "Vehículos ligeros</span>",
        html=True,
    )


def test_an_organization_whose_name_holds_its_acronym_shows_the_acronym_once(client, content):
    response = client.get("/en/members/")

    names = [row[0] for row in rows_of(response)]
    assert any(name.startswith("UC Alianza MX, University of California") for name in names)
    assert not any("(UC Alianza MX)" in name for name in names)
    assert any(
        name.startswith("Mexico's Foreign Ministry, Secretaría de Relaciones Exteriores (SRE)")
        for name in names
    )
    assert not any("(SRE)" in name.split("(SRE)", 1)[1] for name in names if "(SRE)" in name)


def test_the_amia_is_described_not_given_a_name_the_sources_do_not_give(client, content):
    for language in ("en", "es"):
        response = client.get(f"/{language}/members/")

        assertNotContains(response, "Asociación Mexicana de la Industria Automotriz")
    english = client.get("/en/members/")
    assertContains(
        english, "Mexican automotive industry association; collaborated on the road map."
    )
    assertNotContains(english, "AMIA (AMIA)")
    spanish = client.get("/es/members/")
    assertContains(spanish, "Asociación de la industria automotriz mexicana; colaboró en la hoja")
    assertNotContains(spanish, "AMIA (AMIA)")
