"""The portal states only what its two sources say (seed/task-force-page.txt, seed/facts.md),
under the task force's real name, and never lets sample data pass for real.

The crawl covers every public page type in both languages, with the real content and the
labelled sample data of load_demo_data on top."""

import io
import re

import pytest
from django.core.management import call_command
from modeltranslation.translator import translator
from pytest_django.asserts import assertContains, assertNotContains

from documents.models import Document
from registrations.models import Event
from taskforce import content as real_content
from taskforce.roadmap.models import KeyFigure, Milestone, Recommendation, Theme
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory
from workinggroups.models import Membership, Organization, Sector, WorkingGroup

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "es"]
INVENTED_NAME = re.compile(r"ZEV\s+task\s+force", re.IGNORECASE)
SAMPLE_BADGE = '<span class="badge text-bg-warning">{}</span>'
REAL_CONTENT_MODELS = [KeyFigure, Theme, Recommendation, Milestone, WorkingGroup, Organization]


@pytest.fixture
def site(content):
    call_command(
        "load_demo_data",
        "--members=40",
        "--documents=6",
        "--events=4",
        "--registrations=6",
        stdout=io.StringIO(),
    )
    return content


def public_paths(language):
    """One address of every public page type, in the language, for the data in the database."""
    prefix = f"/{language}"
    paths = [
        f"{prefix}/",
        f"{prefix}/about/",
        f"{prefix}/themes/",
        f"{prefix}/working-groups/",
        f"{prefix}/members/",
        f"{prefix}/members/?sector=industry_association",
        f"{prefix}/documents/",
        f"{prefix}/documents/feed/",
        f"{prefix}/events/",
        f"{prefix}/events/calendar.ics",
        f"{prefix}/privacy/",
        f"{prefix}/search/?q=transport",
        f"{prefix}/search/?q=sample",
        f"{prefix}/accounts/login/",
    ]
    paths += [f"{prefix}/themes/{slug}/" for slug in Theme.objects.values_list("slug", flat=True)]
    for slug in WorkingGroup.objects.values_list("slug", flat=True):
        paths.append(f"{prefix}/working-groups/{slug}/")
    paths += [document.get_absolute_url() for document in Document.objects.published()]
    for event in Event.objects.published():
        paths += [
            f"{prefix}/events/{event.slug}/",
            f"{prefix}/events/{event.slug}/register/",
            f"{prefix}/events/{event.slug}/calendar.ics",
        ]
    return [path if path.startswith(prefix) else prefix + path[3:] for path in paths]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_uses_an_invented_name_or_an_approximation_sign(client, site, language):
    checked = 0
    for path in public_paths(language):
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert not INVENTED_NAME.search(text), f"{path} uses the invented name"
        assert "≈" not in text, f"{path} shows '≈'"
        assert ">ZEV<" not in text, f"{path} shows the ZEV wordmark"
        checked += 1
    assert checked > 30
    assert client.get("/sitemap.xml").content.decode().count("/about/") >= 2


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "US–Mexico Transportation Electrification Task Force"),
        ("es", "Grupo de Trabajo para la Electrificación del Transporte"),
    ],
)
def test_every_page_carries_the_real_name_and_the_conveners(client, content, language, name):
    for path in [f"/{language}/", f"/{language}/about/", f"/{language}/members/"]:
        response = client.get(path)

        assertContains(response, f'<span class="brand-name">{name}</span>', html=True)
        assertContains(response, f"· {name}</title>")
        assertContains(response, "UC Alianza MX", count=None)
        assertContains(response, "SRE")


def test_the_real_content_module_gives_every_text_in_both_languages():
    """Each English text has its Spanish one and the other way round; where a fact is not
    known, both stay empty."""
    collections = [
        real_content.KEY_FIGURES,
        real_content.THEMES,
        real_content.RECOMMENDATIONS,
        real_content.WORKING_GROUPS,
        real_content.ORGANIZATIONS,
        real_content.DOCUMENTS,
        real_content.MILESTONES,
    ]
    for items in collections:
        for item in items:
            for key, english in item.items():
                if key.endswith("_en"):
                    spanish = item[key[:-3] + "_es"]
                    assert bool(english) == bool(spanish), (key, english, spanish)
                    assert "≈" not in english + spanish
                    assert not INVENTED_NAME.search(english + spanish)


def test_every_real_content_field_in_the_database_has_both_languages(content):
    for model in [*REAL_CONTENT_MODELS, Document]:
        fields = translator.get_options_for_model(model).fields
        rows = model.objects.all()
        if any(field.name == "is_demo" for field in model._meta.fields):
            rows = rows.filter(is_demo=False)
        assert rows.exists(), model
        for row in rows:
            for field in fields:
                english, spanish = getattr(row, f"{field}_en"), getattr(row, f"{field}_es")
                assert bool(english) == bool(spanish), (model.__name__, row.pk, field)


def test_what_no_source_gives_stays_empty(content):
    cop27 = content.documents["cop27-progress-report"]
    concept_note = content.documents["task-force-concept-note"]
    road_map = content.documents["diagnosis-and-recommendations-2023"]

    for document in [cop27, concept_note]:
        assert (document.publisher, document.language, document.pages) == ("", "", None)
        assert not document.themes.exists()
    assert cop27.display_date == "November 2022"
    assert (road_map.pages, road_map.pages_are_approximate) == (180, True)
    assert list(Recommendation.objects.filter(is_demo=False).values_list("status", flat=True)) == [
        ""
    ]
    associations = Organization.objects.filter(acronym__in=["AMIA", "ANPACT"])
    assert {organization.sector for organization in associations} == {Sector.INDUSTRY_ASSOCIATION}


@pytest.mark.parametrize(
    ("language", "unknown", "length"),
    [("en", "Language", "about 180 pages"), ("es", "Idioma", "unas 180 páginas")],
)
def test_a_document_page_says_only_what_is_known(client, content, language, unknown, length):
    cop27 = client.get(f"/{language}/documents/cop27-progress-report/")
    road_map = client.get(f"/{language}/documents/diagnosis-and-recommendations-2023/")

    assertNotContains(cop27, f"<dt>{unknown}</dt>", html=True)
    assertNotContains(
        cop27, "<dt>Publisher</dt>" if language == "en" else "<dt>Entidad editora</dt>"
    )
    assertContains(road_map, length)


@pytest.mark.parametrize(
    ("language", "value", "label", "source"),
    [
        (
            "en",
            "76 percent",
            "of light-duty vehicles are exported to the United States",
            "Source: the task force&#x27;s public page",
        ),
        (
            "es",
            "76 %",
            "de los vehículos ligeros se exportan a Estados Unidos",
            "Fuente: la página pública del GTE",
        ),
    ],
)
def test_each_key_figure_shows_its_source(client, content, language, value, label, source):
    response = client.get(f"/{language}/")

    assertContains(response, f'<span class="key-figure-value">{value}</span>', html=True)
    assertContains(response, label)
    assertContains(response, source, count=KeyFigure.objects.count())
    assertNotContains(response, "made in Mexico")


ABOUT = {
    "en": {
        "heading": "About the task force",
        "name": "US–Mexico Transportation Electrification Task Force",
        "conveners": "convened by UC Alianza MX, the University of California's initiative",
        "take_part": "events page",
    },
    "es": {
        "heading": "Acerca del GTE",
        "name": "Grupo de Trabajo para la Electrificación del Transporte",
        "conveners": "UC Alianza MX",
        "take_part": "página de eventos",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_about_page_says_what_the_task_force_is_who_convenes_it_and_how_to_take_part(
    client, content, language
):
    words = ABOUT[language]

    response = client.get(f"/{language}/about/")

    assert response.status_code == 200
    assertContains(response, f"<h1>{words['heading']}</h1>", html=True)
    assertContains(response, words["name"])
    assertContains(response, words["conveners"])
    for theme in Theme.objects.all():
        assertContains(response, f'href="/{language}/themes/{theme.slug}/"')
    for group in WorkingGroup.objects.all():
        assertContains(response, f'href="/{language}/working-groups/{group.slug}/"')
    assertContains(response, f'href="/{language}/events/"')
    assertContains(response, words["take_part"])
    assertContains(response, 'href="mailto:jail.cruzgarcia@ucr.edu"')
    assertContains(response, f'href="/{language}/about/"')  # footer link


def test_the_about_page_is_in_the_sitemap_with_its_spanish_twin(client, content):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "http://testserver/en/about/" in sitemap
    assert 'hreflang="es" href="http://testserver/es/about/"' in sitemap


@pytest.fixture
def mixed_group(content):
    """A real group with one real member and, from the sample data, a chair and a member."""
    group = content.groups["light-duty-vehicles"]
    real = OrganizationFactory(name_en="Real Parts Co", sector=Sector.SUPPLIER, country="MX")
    MembershipFactory(person__organization=real, working_group=group)
    sample = OrganizationFactory(
        name_en="Sample Motors", sector=Sector.OEM, country="US", is_demo=True
    )
    chair = PersonFactory(name="Sample Chair Person", organization=sample, is_demo=True)
    MembershipFactory(person=chair, working_group=group, role=Membership.Role.CHAIR)
    MembershipFactory(person__organization=sample, person__is_demo=True, working_group=group)
    return group


def test_a_sample_chair_on_a_real_group_carries_the_sample_badge(client, mixed_group):
    response = client.get(mixed_group.get_absolute_url())

    text = response.content.decode()
    chair_line = text[text.index("Sample Chair Person") :].split("</li>")[0]
    assert SAMPLE_BADGE.format("Sample") in chair_line


def test_a_real_groups_figures_count_real_organizations_and_sample_ones_apart(client, mixed_group):
    response = client.get(mixed_group.get_absolute_url())

    assertContains(response, "1 member listed publicly")
    assertContains(response, "See the 1 organization in the members directory")
    assertContains(
        response, '<tr><td>Parts supplier</td><td class="text-end">1</td></tr>', html=True
    )
    assertNotContains(response, "<td>Vehicle manufacturer (OEM)</td>", html=True)
    assertContains(response, "2 sample members")
    assertContains(response, "1 sample organization")

    groups = client.get("/en/working-groups/")
    assertContains(groups, "1 public organization")
    assertContains(groups, "1 sample organization")


def test_the_members_directory_counts_sample_organizations_apart(client, mixed_group):
    response = client.get("/en/members/")

    assertContains(response, "5 organizations")
    assertContains(response, "1 sample organization")
    rows = response.content.decode().split("<tr>")
    (sample_row,) = [row for row in rows if "Sample Motors" in row]
    assert SAMPLE_BADGE.format("Sample") in sample_row


@pytest.mark.parametrize("language", LANGUAGES)
def test_sample_data_carries_its_badge_wherever_it_shows(client, site, language):
    badge = SAMPLE_BADGE.format("Sample" if language == "en" else "Ejemplo")
    sample_people = Membership.objects.public().filter(
        person__is_demo=True, role=Membership.Role.CHAIR
    )
    assert sample_people.exists()

    for group in WorkingGroup.objects.all():
        response = client.get(f"/{language}{group.get_absolute_url()[3:]}")
        text = response.content.decode()
        for membership in sample_people.filter(working_group=group):
            line = text[text.index(membership.person.name) :].split("</li>")[0]
            assert badge in line
    for path in ["/", "/members/", "/documents/", "/events/", "/search/?q=sample"]:
        assertContains(client.get(f"/{language}{path}"), badge)
