"""The admin as an editor sees it: a staff member in the Editors group, not a superuser,
editing every content model in English and Spanish side by side."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from taskforce.roadmap.models import Theme
from tests.factories import MembershipFactory, PersonFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

# (admin URL, translated field shown side by side, a search term, text of the row it finds)
CONTENT_ADMINS = [
    ("taskforce/theme", "name", "Gobernanza", "Governance"),
    ("taskforce/recommendation", "title", "workers", "Map the human resources"),
    ("taskforce/milestone", "title", "COP27", "Progress report at COP27"),
    ("taskforce/keyfigure", "label", "light-duty", "of light-duty vehicles are exported"),
    ("workinggroups/workinggroup", "name", "Transporte", "Public transport in cities"),
    ("workinggroups/organization", "name", "ANPACT", "ANPACT"),
    ("workinggroups/person", "title", "Quintana", "Beatriz Quintana"),
    ("workinggroups/membership", None, "Quintana", "Beatriz Quintana"),
    ("documents/document", "title", "COP27", "Progress report presented at COP27"),
]


@pytest.fixture
def admin_content(content):
    """The real content, plus a person (the real content names no people)."""
    person = PersonFactory(name="Beatriz Quintana", organization=None)
    MembershipFactory(person=person, working_group=content.groups["public-transport"])
    MembershipFactory(person__name="Someone Else", working_group=content.groups["public-transport"])
    RecommendationFactory(theme=content.themes["innovation"], title_en="Fund battery research")
    return content


@pytest.mark.parametrize(("model", "field", "query", "found"), CONTENT_ADMINS)
def test_an_editor_can_open_every_content_list(
    editor_client, admin_content, model, field, query, found
):
    response = editor_client.get(f"/admin/{model}/")

    assert response.status_code == 200
    assertContains(response, found)


@pytest.mark.parametrize(("model", "field", "query", "found"), CONTENT_ADMINS)
def test_an_editor_sees_both_languages_side_by_side_in_every_add_form(
    editor_client, admin_content, model, field, query, found
):
    response = editor_client.get(f"/admin/{model}/add/")

    assert response.status_code == 200
    if field:
        assertContains(response, f'name="{field}_en"')
        assertContains(response, f'name="{field}_es"')


@pytest.mark.parametrize(("model", "field", "query", "found"), CONTENT_ADMINS)
def test_the_admin_search_finds_content(editor_client, admin_content, model, field, query, found):
    response = editor_client.get(f"/admin/{model}/", {"q": query})

    assert response.status_code == 200
    assertContains(response, found)
    assertContains(response, "1 result")


def test_an_editor_creates_a_theme_in_both_languages(editor_client, content):
    response = editor_client.post(
        "/admin/taskforce/theme/add/",
        {
            "name_en": "Critical minerals",
            "name_es": "Minerales críticos",
            "summary_en": "Lithium, nickel and the supply chain.",
            "summary_es": "Litio, níquel y la cadena de suministro.",
            "description_en": "",
            "description_es": "",
            "slug": "critical-minerals",
            "order": 6,
            "recommendations-TOTAL_FORMS": 0,
            "recommendations-INITIAL_FORMS": 0,
        },
    )

    assertRedirects(response, "/admin/taskforce/theme/", fetch_redirect_response=False)
    theme = Theme.objects.get(slug="critical-minerals")
    assert (theme.name_en, theme.name_es) == ("Critical minerals", "Minerales críticos")
    assertContains(
        editor_client.get("/es/themes/critical-minerals/"), "<h1>Minerales críticos</h1>", html=True
    )
    assertContains(editor_client.get("/en/themes/"), "Critical minerals")


def test_a_theme_without_its_spanish_name_is_refused(editor_client, content):
    response = editor_client.post(
        "/admin/taskforce/theme/add/",
        {
            "name_en": "Critical minerals",
            "name_es": "",
            "summary_en": "Lithium.",
            "summary_es": "Litio.",
            "slug": "critical-minerals",
            "order": 6,
            "recommendations-TOTAL_FORMS": 0,
            "recommendations-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assertContains(response, "This field is required.")
    assert not Theme.objects.filter(slug="critical-minerals").exists()


def test_an_editor_adds_a_recommendation_from_its_theme_page(editor_client, content):
    theme = content.themes["infrastructure"]
    group = content.groups["public-transport"]

    response = editor_client.post(
        f"/admin/taskforce/theme/{theme.pk}/change/",
        {
            "name_en": theme.name_en,
            "name_es": theme.name_es,
            "summary_en": theme.summary_en,
            "summary_es": theme.summary_es,
            "description_en": "",
            "description_es": "",
            "slug": theme.slug,
            "order": theme.order,
            "recommendations-TOTAL_FORMS": 1,
            "recommendations-INITIAL_FORMS": 0,
            "recommendations-0-title_en": "Build depot chargers for city buses",
            "recommendations-0-title_es": "Instalar cargadores en los patios de autobuses",
            "recommendations-0-description_en": "",
            "recommendations-0-description_es": "",
            "recommendations-0-status": "in_progress",
            "recommendations-0-order": 1,
            "recommendations-0-working_groups": [group.pk],
        },
    )

    assert response.status_code == 302
    page = editor_client.get("/es/themes/infrastructure/")
    assertContains(page, "Instalar cargadores en los patios de autobuses")
    assertContains(page, 'href="/es/working-groups/public-transport/"')


def test_editors_cannot_manage_user_accounts(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403


def test_the_admin_asks_visitors_to_log_in(client):
    response = client.get("/admin/taskforce/theme/")

    assertRedirects(
        response, "/admin/login/?next=/admin/taskforce/theme/", fetch_redirect_response=False
    )


def test_a_staff_member_outside_the_editors_group_cannot_edit_content(
    client, django_user_model, content
):
    outsider = django_user_model.objects.create_user(username="outsider", is_staff=True)
    client.force_login(outsider)

    assert client.get("/admin/taskforce/theme/").status_code == 403


def test_the_admin_index_lists_the_content_sections_for_an_editor(editor_client):
    response = editor_client.get("/admin/")

    for model in [
        "taskforce/theme",
        "taskforce/recommendation",
        "taskforce/milestone",
        "taskforce/keyfigure",
        "workinggroups/workinggroup",
        "workinggroups/organization",
        "workinggroups/person",
        "workinggroups/membership",
        "documents/document",
    ]:
        assertContains(response, f'href="/admin/{model}/"')
    assertNotContains(response, 'href="/admin/auth/user/"')
