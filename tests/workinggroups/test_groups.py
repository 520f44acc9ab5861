import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import (
    DocumentFactory,
    MembershipFactory,
    OrganizationFactory,
    RecommendationFactory,
)
from workinggroups.models import Membership, Sector

pytestmark = pytest.mark.django_db

GROUPS = {
    "light-duty-vehicles": {
        "en": ("Light-duty vehicles", "economic impact", "parts producers"),
        "es": ("Vehículos ligeros", "impacto económico", "autopartes"),
    },
    "medium-heavy-duty-vehicles": {
        "en": ("Medium and heavy-duty vehicles", "Advanced Clean Fleets", "freight transporters"),
        "es": ("Vehículos medianos y pesados", "Advanced Clean Fleets", "transportistas de carga"),
    },
    "public-transport": {
        "en": ("Public transport in cities", "financing tools", None),
        "es": ("Transporte público en las ciudades", "instrumentos de financiamiento", None),
    },
}


def join(group, **organization_fields):
    """An organization (public, OEM, Mexican unless told) with one person in the group."""
    organization = OrganizationFactory(**organization_fields)
    MembershipFactory(person__organization=organization, working_group=group)
    return organization


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_working_groups_page_lists_the_three_groups(client, content, language):
    response = client.get(f"/{language}/working-groups/")

    for slug, texts in GROUPS.items():
        name = texts[language][0]
        assertContains(
            response, f'<a href="/{language}/working-groups/{slug}/">{name}</a>', html=True
        )


def test_the_working_groups_page_says_who_takes_part(client, content):
    response = client.get("/en/working-groups/")

    assertContains(response, "Who takes part:")
    assertContains(response, "freight transporters")


def test_the_working_groups_page_counts_public_organizations(client, content):
    group = content.groups["light-duty-vehicles"]
    join(group)
    join(group)
    join(group, is_public=False)

    response = client.get("/en/working-groups/")

    assertContains(response, "2 public organizations")


@pytest.mark.parametrize(
    ("language", "expected", "zero"),
    [
        ("en", "No organization is listed for this group yet.", "0 public organizations"),
        ("es", "Aún no figura ninguna organización en este grupo.", "0 organizaciones"),
    ],
)
def test_a_group_without_public_organizations_says_so_instead_of_counting_zero(
    client, content, language, expected, zero
):
    response = client.get(f"/{language}/working-groups/")

    assertContains(response, expected, count=3)
    assertNotContains(response, zero)


@pytest.mark.parametrize("slug", GROUPS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_group_page_shows_its_focus_and_participants_in_its_language(
    client, content, slug, language
):
    name, focus, participants = GROUPS[slug][language]

    response = client.get(f"/{language}/working-groups/{slug}/")

    assert response.status_code == 200
    assertContains(response, f"<h1>{name}</h1>", html=True)
    assertContains(response, focus)
    if participants:
        assertContains(response, participants)


@pytest.mark.parametrize("slug", GROUPS)
def test_every_group_page_gives_the_public_contact_email(client, content, slug):
    response = client.get(f"/es/working-groups/{slug}/")

    assertContains(
        response,
        '<a href="mailto:jail.cruzgarcia@ucr.edu">jail.cruzgarcia@ucr.edu</a>',
        html=True,
        count=2,  # the group's contact box and the footer
    )


def test_a_group_page_lists_its_published_reports(client, content):
    group = content.groups["public-transport"]
    DocumentFactory(title_en="Bus financing in Monterrey", working_groups=[group])
    DocumentFactory(
        title_en="Unreleased draft on buses", working_groups=[group], is_published=False
    )
    DocumentFactory(
        title_en="Truck charging at the border",
        working_groups=[content.groups["medium-heavy-duty-vehicles"]],
    )

    response = client.get("/en/working-groups/public-transport/")

    assertContains(response, "Bus financing in Monterrey")
    assertNotContains(response, "Unreleased draft on buses")
    assertNotContains(response, "Truck charging at the border")
    assertContains(response, 'href="/en/documents/?group=public-transport"')


def test_a_group_without_reports_says_so(client, content):
    response = client.get("/en/working-groups/light-duty-vehicles/")

    assertContains(response, "No documents yet.")


def test_a_group_without_published_members_says_so(client, content):
    response = client.get("/en/working-groups/light-duty-vehicles/")

    assertContains(response, "No organization is listed for this group yet.")


def test_a_group_page_counts_its_organizations_by_sector_and_by_country(client, content):
    group = content.groups["medium-heavy-duty-vehicles"]
    join(group, sector=Sector.OEM, country="MX")
    join(group, sector=Sector.OEM, country="MX")
    join(group, sector=Sector.UTILITY, country="US")
    join(group, sector=Sector.FREIGHT, country="US", is_public=False)
    join(content.groups["public-transport"], sector=Sector.PUBLIC_TRANSPORT, country="MX")

    response = client.get("/en/working-groups/medium-heavy-duty-vehicles/")

    assertContains(response, "Organizations by sector")
    assertContains(
        response,
        '<tr><td>Vehicle manufacturer (OEM)</td><td class="text-end">2</td></tr>',
        html=True,
    )
    assertContains(
        response, '<tr><td>Electric utility</td><td class="text-end">1</td></tr>', html=True
    )
    assertNotContains(response, "Freight transport</td>")
    assertNotContains(response, "Public transport</td>")
    assertContains(response, "Organizations by country")
    assertContains(response, '<tr><td>Mexico</td><td class="text-end">2</td></tr>', html=True)
    assertContains(
        response, '<tr><td>United States</td><td class="text-end">1</td></tr>', html=True
    )


def test_a_group_page_names_sectors_and_countries_in_spanish(client, content):
    group = content.groups["public-transport"]
    join(group, sector=Sector.PUBLIC_TRANSPORT, country="MX")

    response = client.get("/es/working-groups/public-transport/")

    assertContains(response, "<td>México</td>", html=True)
    assertContains(response, "Organizaciones por sector")


def test_a_group_page_names_its_public_organizations_only(client, content):
    group = content.groups["light-duty-vehicles"]
    join(group, name_en="Listed Motors")
    join(group, name_en="Unlisted Motors", is_public=False)

    response = client.get("/en/working-groups/light-duty-vehicles/")

    assertContains(response, "Listed Motors")
    assertNotContains(response, "Unlisted Motors")
    assertContains(response, 'href="/en/members/?group=light-duty-vehicles"')


def test_a_group_page_names_its_chairs(client, content):
    group = content.groups["public-transport"]
    organization = OrganizationFactory(name_en="City of Guadalajara", acronym="")
    MembershipFactory(
        person__name="Ana Pérez",
        person__organization=organization,
        working_group=group,
        role=Membership.Role.CHAIR,
    )
    MembershipFactory(
        person__name="Hidden Chair",
        person__is_public=False,
        working_group=group,
        role=Membership.Role.CO_CHAIR,
    )

    response = client.get("/en/working-groups/public-transport/")

    assertContains(response, "Ana Pérez, chair — City of Guadalajara")
    assertNotContains(response, "Hidden Chair")


def test_a_group_page_lists_the_recommendations_it_works_on(client, content):
    group = content.groups["public-transport"]
    RecommendationFactory(
        theme=content.themes["infrastructure"],
        title_en="Build depot chargers",
        working_groups=[group],
    )

    response = client.get("/en/working-groups/public-transport/")

    assertContains(response, "Build depot chargers")
    assertContains(response, "(Infrastructure · Proposed)")


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_unknown_group_is_not_found_in_the_pages_language(client, content, language):
    response = client.get(f"/{language}/working-groups/no-such-group/")

    assert response.status_code == 404
    assertContains(response, f'<html lang="{language}">', status_code=404)


@pytest.mark.parametrize(("language", "heading"), [("en", "Documents"), ("es", "Documentos")])
def test_a_group_page_heads_its_list_of_every_kind_of_document_documents(
    client, content, language, heading
):
    response = client.get(f"/{language}/working-groups/public-transport/")

    assertContains(response, f'<h2 id="group-documents-title" class="h5">{heading}</h2>', html=True)


def test_a_sample_chair_shows_only_inside_the_sample_block_never_under_chairs(client, content):
    group = content.groups["light-duty-vehicles"]
    MembershipFactory(
        person__name="Sample Chair Person",
        person__is_demo=True,
        person__organization=OrganizationFactory(name_en="Sample Motors", is_demo=True),
        working_group=group,
        role=Membership.Role.CHAIR,
    )

    response = client.get("/en/working-groups/light-duty-vehicles/")

    text = response.content.decode()
    assertNotContains(response, '<h3 class="h5">Chairs</h3>', html=True)
    sample_block = text[text.index('class="sample-block') :]
    assert "Sample Chair Person, chair" in sample_block
    assert text.index("Sample Chair Person") > text.index('class="sample-block')


def test_a_real_chair_stays_under_chairs_beside_a_sample_one(client, content):
    group = content.groups["light-duty-vehicles"]
    MembershipFactory(person__name="Real Chair", working_group=group, role=Membership.Role.CHAIR)
    MembershipFactory(
        person__name="Sample Co-chair",
        person__is_demo=True,
        working_group=group,
        role=Membership.Role.CO_CHAIR,
    )

    text = client.get("/en/working-groups/light-duty-vehicles/").content.decode()

    chairs = text[text.index(">Chairs</h3>") : text.index("</ul>", text.index(">Chairs</h3>"))]
    assert "Real Chair, chair" in chairs
    assert "Sample Co-chair" not in chairs
    assert "Sample Co-chair, co-chair" in text[text.index('class="sample-block') :]
