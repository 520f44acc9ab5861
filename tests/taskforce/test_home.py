import datetime

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

THEMES_EN = ["Innovation", "Human capital", "Supplier development", "Infrastructure", "Governance"]
THEMES_ES = [
    "Innovación",
    "Capital humano",
    "Desarrollo de proveedores",
    "Infraestructura",
    "Gobernanza",
]


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("es-MX,es;q=0.9,en;q=0.5", "/es/"), ("en-US,en;q=0.9", "/en/"), ("fr-FR", "/en/")],
)
def test_the_root_redirects_by_the_browsers_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assertRedirects(response, expected, fetch_redirect_response=False)


def test_an_unprefixed_page_redirects_to_its_language_version(client):
    response = client.get("/themes/", HTTP_ACCEPT_LANGUAGE="es")

    assertRedirects(response, "/es/themes/", fetch_redirect_response=False)


def test_the_home_page_shows_the_key_figures(client, content):
    english = client.get("/en/")
    spanish = client.get("/es/")

    for figure in ["7th", "6th", "Close to 10 million", "About 4%", "76 percent", "90 percent"]:
        assertContains(english, figure)
    for figure in ["7.º", "6.º", "Cerca de 10 millones", "Alrededor del 4 %", "76 %", "90 %"]:
        assertContains(spanish, figure)
    assertContains(english, "of light-duty vehicles are exported to the United States")
    # Every figure names its source, as facts.md asks: the task force's public page.
    assertContains(english, "Source: the task force&#x27;s public page", count=6)
    assertContains(spanish, "Fuente: la página pública del GTE", count=6)


@pytest.mark.parametrize(("language", "names"), [("en", THEMES_EN), ("es", THEMES_ES)])
def test_the_home_page_lists_the_five_themes_in_its_language(client, content, language, names):
    response = client.get(f"/{language}/")

    for slug, name in zip(content.themes, names, strict=True):
        assertContains(
            response,
            f'<a class="stretched-link" href="/{language}/themes/{slug}/">{name}</a>',
            html=True,
        )


@pytest.mark.parametrize(
    ("language", "names"),
    [
        (
            "en",
            ["Light-duty vehicles", "Medium and heavy-duty vehicles", "Public transport in cities"],
        ),
        (
            "es",
            [
                "Vehículos ligeros",
                "Vehículos medianos y pesados",
                "Transporte público en las ciudades",
            ],
        ),
    ],
)
def test_the_home_page_lists_the_three_working_groups(client, content, language, names):
    response = client.get(f"/{language}/")

    for slug, name in zip(content.groups, names, strict=True):
        assertContains(response, f'href="/{language}/working-groups/{slug}/">{name}</a>')


def test_the_home_page_shows_the_latest_reports_first(client, content):
    response = client.get("/en/")

    text = response.content.decode()
    road_map = text.index("Diagnosis and Recommendations for the Transition of Mexico")
    cop27 = text.index("Progress report presented at COP27")
    assert road_map < cop27
    assertContains(response, "Latest documents")


def test_newer_sample_documents_never_hide_the_real_ones_on_the_home_page(client, content):
    for number in range(3):
        DocumentFactory(
            title_en=f"Sample document {number}",
            is_demo=True,
            published_on=datetime.date(2030, 1, number + 1),
        )

    response = client.get("/en/")

    assertContains(response, "Diagnosis and Recommendations for the Transition of Mexico")
    assertContains(response, "Progress report presented at COP27")
    assertContains(response, "Concept note by UC Alianza MX on the task force")
    assertNotContains(response, "Sample document")


def test_a_themes_page_lists_its_real_documents_before_newer_samples(client, content):
    for number in range(10):
        DocumentFactory(
            title_en=f"Sample paper {number}",
            is_demo=True,
            published_on=datetime.date(2030, 1, number + 1),
            themes=[content.themes["human-capital"]],
        )

    response = client.get("/en/themes/human-capital/")

    assertContains(response, "Diagnosis and Recommendations for the Transition of Mexico")


def test_the_home_page_shows_at_most_three_reports_and_no_drafts(client, content):
    DocumentFactory(title_en="Draft that must stay hidden", is_published=False, published_on=None)
    newest = DocumentFactory(title_en="Newest report", published_on=datetime.date(2030, 1, 1))

    response = client.get("/en/")

    assertContains(response, newest.title_en)
    assertNotContains(response, "Draft that must stay hidden")
    assertContains(response, "document-card", count=3)


@pytest.mark.parametrize(
    ("language", "cop27", "road_map"),
    [
        ("en", "November 2022", "February 2023"),
        ("es", "noviembre de 2022", "febrero de 2023"),
    ],
)
def test_the_timeline_runs_from_the_launch_to_the_road_map(
    client, content, language, cop27, road_map
):
    response = client.get(f"/{language}/")

    assertContains(
        response, f'<time class="timeline-date" datetime="2022-11">{cop27}</time>', html=True
    )
    assertContains(
        response, f'<time class="timeline-date" datetime="2023-02">{road_map}</time>', html=True
    )
    assertContains(response, "COP27")
    assertContains(response, 'class="timeline-item"', count=4)


def test_the_timeline_shows_the_launch_to_the_day(client, content):
    response = client.get("/en/")

    assertContains(
        response,
        '<time class="timeline-date" datetime="2022-02-08">February 8, 2022</time>',
        html=True,
    )
    assertContains(response, "Launch of the task force")


def test_the_timeline_links_the_documents_it_mentions(client, content):
    response = client.get("/es/")

    assertContains(response, 'href="/es/documents/cop27-progress-report/"')
    assertContains(response, 'href="/es/documents/diagnosis-and-recommendations-2023/"')


def test_the_home_page_works_on_an_empty_database(client, db):
    response = client.get("/en/")

    assert response.status_code == 200
    assertNotContains(response, "Latest documents")


@pytest.mark.parametrize(
    ("language", "themes_button", "documents_heading"),
    [
        ("en", "The road map's five themes", "Latest documents"),
        ("es", "Los cinco temas de la hoja de ruta", "Documentos más recientes"),
    ],
)
def test_the_hero_offers_the_themes_without_promising_the_road_map_itself(
    client, content, language, themes_button, documents_heading
):
    response = client.get(f"/{language}/")

    assertContains(
        response,
        f'<a class="btn btn-light btn-lg" href="/{language}/themes/">{themes_button}</a>',
        html=True,
    )
    assertNotContains(response, "Read the road map")
    assertContains(response, f'<h2 id="latest-documents-title">{documents_heading}</h2>', html=True)
