import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from taskforce import content as real_content
from taskforce.roadmap.models import Recommendation
from tests.factories import DocumentFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

THEME_NAMES = {
    "innovation": ("Innovation", "Innovación"),
    "human-capital": ("Human capital", "Capital humano"),
    "supplier-development": ("Supplier development", "Desarrollo de proveedores"),
    "infrastructure": ("Infrastructure", "Infraestructura"),
    "governance": ("Governance", "Gobernanza"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_themes_page_lists_the_five_themes_in_order(client, content, language):
    response = client.get(f"/{language}/themes/")

    text = response.content.decode()
    names = [english if language == "en" else spanish for english, spanish in THEME_NAMES.values()]
    positions = [text.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)


def test_the_themes_page_counts_each_themes_recommendations(client, content):
    RecommendationFactory.create_batch(2, theme=content.themes["governance"])

    response = client.get("/en/themes/")

    assertContains(response, "1 recommendation<", count=1)
    assertContains(response, "2 recommendations<", count=1)
    assertContains(response, "0 recommendations<", count=3)


def test_the_themes_page_counts_sample_recommendations_apart_under_the_sample_badge(
    client, content
):
    RecommendationFactory(theme=content.themes["governance"])
    RecommendationFactory.create_batch(2, theme=content.themes["governance"], is_demo=True)

    response = client.get("/en/themes/")

    text = response.content.decode()
    governance = text[
        text.index(">Governance</a>") : text.index("</li>", text.index(">Governance"))
    ]
    assert "1 recommendation ·" in " ".join(governance.split())
    assert (
        '<span class="badge text-bg-warning">Sample</span> 2 sample recommendations' in governance
    )
    assert "3 recommendations" not in governance


@pytest.mark.parametrize("slug", THEME_NAMES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_theme_has_its_page_in_both_languages(client, content, slug, language):
    english, spanish = THEME_NAMES[slug]
    theme = content.themes[slug]

    response = client.get(f"/{language}/themes/{slug}/")

    assert response.status_code == 200
    assertContains(response, f"<h1>{english if language == 'en' else spanish}</h1>", html=True)
    assertContains(response, theme.summary_en if language == "en" else theme.summary_es)


@pytest.mark.parametrize(("language", "status"), [("en", "Status:"), ("es", "Estado:")])
def test_a_theme_page_shows_the_real_recommendation_without_an_unsourced_status(
    client, content, language, status
):
    """No source says where the road map's recommendation stands, so no status is shown."""
    recommendation = real_content.RECOMMENDATIONS[0]

    response = client.get(f"/{language}/themes/{recommendation['theme']}/")

    assertContains(response, recommendation[f"title_{language}"])
    assertNotContains(response, status)


def test_a_theme_page_shows_each_status_by_name(client, content):
    theme = content.themes["infrastructure"]
    group = content.groups["public-transport"]
    for status in Recommendation.Status:
        RecommendationFactory(
            theme=theme, status=status, title_en=f"Do {status.label}", working_groups=[group]
        )

    response = client.get("/en/themes/infrastructure/")

    for label in ["Proposed", "In progress", "Adopted", "Implemented"]:
        assertContains(response, f"Status: {label}")
    assertContains(
        response,
        '<a href="/en/working-groups/public-transport/">Public transport in cities</a>',
        count=4,
        html=True,
    )


def test_a_theme_without_recommendations_says_so(client, content):
    response = client.get("/en/themes/innovation/")

    assertContains(response, "No recommendations have been published for this theme yet.")


def test_a_theme_page_lists_its_published_documents_only(client, content):
    theme = content.themes["governance"]
    DocumentFactory(title_en="Governance brief", themes=[theme])
    DocumentFactory(title_en="Unfinished governance draft", themes=[theme], is_published=False)
    DocumentFactory(title_en="Brief on another theme", themes=[content.themes["innovation"]])

    response = client.get("/en/themes/governance/")

    assertContains(response, "Governance brief")
    assertContains(response, "Diagnosis and Recommendations for the Transition")
    assertNotContains(response, "Unfinished governance draft")
    assertNotContains(response, "Brief on another theme")
    assertContains(response, 'href="/en/documents/?theme=governance"')


def test_a_theme_page_links_the_other_four_themes(client, content):
    response = client.get("/es/themes/governance/")

    for slug in ["innovation", "human-capital", "supplier-development", "infrastructure"]:
        assertContains(response, f'href="/es/themes/{slug}/"')


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Page not found"), ("es", "Página no encontrada")]
)
def test_an_unknown_theme_shows_the_portals_404_page_in_the_pages_language(
    client, content, language, heading
):
    response = client.get(f"/{language}/themes/no-such-theme/")

    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")
    assertContains(response, f'<html lang="{language}">', status_code=404)
    assertContains(response, f"<h1>{heading}</h1>", html=True, status_code=404)
    assertContains(response, f'href="/{language}/documents/"', status_code=404)
    assertContains(response, '<meta name="robots" content="noindex">', status_code=404)
