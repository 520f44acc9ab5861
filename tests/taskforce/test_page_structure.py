"""What every public page must have, checked on each content page of the contract in both
languages: one <h1>, a skip link to <main id="main">, a meta description, <html lang> of
the page's language, the language switch, and no inline script (the Content-Security-Policy
allows scripts from the site's own files only)."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db

CONTENT_PATHS = [
    "",
    "themes/",
    "themes/innovation/",
    "themes/human-capital/",
    "themes/supplier-development/",
    "themes/infrastructure/",
    "themes/governance/",
    "working-groups/",
    "working-groups/light-duty-vehicles/",
    "working-groups/medium-heavy-duty-vehicles/",
    "working-groups/public-transport/",
    "members/",
    "documents/",
    "documents/cop27-progress-report/",
    "documents/diagnosis-and-recommendations-2023/",
    "documents/task-force-concept-note/",
    "search/?q=transport",
    "privacy/",
]

OTHER = {"en": "es", "es": "en"}


class PageOutline(HTMLParser):
    """The parts of a page these tests look at."""

    def __init__(self, html):
        super().__init__()
        self.html_lang = None
        self.h1_count = 0
        self.main_ids = []
        self.skip_links = 0
        self.meta_description = None
        self.inline_scripts = 0
        self.event_handlers = []
        self.language_links = []  # (text, hreflang, href)
        self._open_language_link = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.event_handlers += [name for name in attributes if name.startswith("on")]
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "main":
            self.main_ids.append(attributes.get("id"))
        elif tag == "meta" and attributes.get("name") == "description":
            self.meta_description = attributes.get("content")
        elif tag == "script" and not attributes.get("src"):
            self.inline_scripts += 1
        elif tag == "a":
            if attributes.get("href") == "#main":
                self.skip_links += 1
            if "hreflang" in attributes:
                self._open_language_link = [attributes["hreflang"], attributes.get("href"), ""]

    def handle_data(self, data):
        if self._open_language_link:
            self._open_language_link[2] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open_language_link:
            hreflang, href, text = self._open_language_link
            self.language_links.append((text.strip(), hreflang, href))
            self._open_language_link = None


def outline(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return PageOutline(response.content.decode())


@pytest.fixture(params=["en", "es"])
def language(request):
    return request.param


@pytest.mark.parametrize("path", CONTENT_PATHS)
def test_every_page_has_one_h1_a_skip_link_to_main_and_a_description(
    client, content, language, path
):
    page = outline(client, f"/{language}/{path}")

    assert page.h1_count == 1
    assert page.skip_links == 1
    assert page.main_ids == ["main"]
    assert page.meta_description and page.meta_description.strip()


@pytest.mark.parametrize("path", CONTENT_PATHS)
def test_every_page_declares_its_language(client, content, language, path):
    page = outline(client, f"/{language}/{path}")

    assert page.html_lang == language


@pytest.mark.parametrize("path", CONTENT_PATHS)
def test_no_page_has_inline_scripts_or_event_handlers(client, content, language, path):
    page = outline(client, f"/{language}/{path}")

    assert page.inline_scripts == 0
    assert page.event_handlers == []


@pytest.mark.parametrize("path", CONTENT_PATHS)
def test_every_page_links_to_itself_in_english_and_in_spanish(client, content, language, path):
    page = outline(client, f"/{language}/{path}")

    assert ("English", "en", f"/en/{path}") in page.language_links
    assert ("Español", "es", f"/es/{path}") in page.language_links


def test_the_not_found_page_has_the_same_structure_and_links_to_its_twin(client, content, language):
    page = outline(client, f"/{language}/themes/missing/", status=404)

    assert page.html_lang == language
    assert page.h1_count == 1
    assert page.main_ids == ["main"]
    assert page.inline_scripts == 0
    assert ("English", "en", "/en/themes/missing/") in page.language_links
    assert ("Español", "es", "/es/themes/missing/") in page.language_links


def test_the_language_switch_keeps_the_query_string(client, content):
    response = client.get("/en/working-groups/public-transport/?tab=reports&page=2")

    assertContains(
        response,
        '<a class="nav-link" href="/es/working-groups/public-transport/?tab=reports&amp;page=2" '
        'hreflang="es" lang="es">Español</a>',
        html=True,
    )


def test_the_language_switch_keeps_document_filters(client, content):
    response = client.get("/es/documents/?theme=governance&kind=report")

    assert ("English", "en", "/en/documents/?theme=governance&kind=report") in PageOutline(
        response.content.decode()
    ).language_links


def test_the_current_language_is_marked_in_the_switch(client, content):
    response = client.get("/es/themes/")

    assertContains(
        response,
        '<a class="nav-link active" href="/es/themes/" hreflang="es" lang="es" '
        'aria-current="true">Español</a>',
        html=True,
    )


def test_every_page_names_its_alternates_for_search_engines(client, content):
    response = client.get("/en/themes/governance/")

    assertContains(
        response,
        '<link rel="alternate" hreflang="es" href="http://testserver/es/themes/governance/">',
        html=True,
    )
    assertContains(
        response,
        '<link rel="alternate" hreflang="en" href="http://testserver/en/themes/governance/">',
        html=True,
    )


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Themes", "Working groups", "Members", "Documents"]),
        ("es", ["Temas", "Grupos de trabajo", "Integrantes", "Documentos"]),
    ],
)
def test_the_navigation_is_named_in_the_pages_language(client, content, language, labels):
    response = client.get(f"/{language}/")

    for label, path in zip(
        labels, ["themes/", "working-groups/", "members/", "documents/"], strict=True
    ):
        assertContains(
            response, f'<a class="nav-link" href="/{language}/{path}">{label}</a>', html=True
        )


def test_the_navigation_marks_the_current_section(client, content):
    response = client.get("/en/themes/governance/")

    assertContains(
        response,
        '<a class="nav-link active" href="/en/themes/" aria-current="true">Themes</a>',
        html=True,
    )


def test_the_menu_collapses_behind_a_button_on_a_phone(client, content):
    response = client.get("/en/")

    assertContains(response, 'data-bs-toggle="collapse" data-bs-target="#site-nav"')
    assertContains(response, '<div class="collapse navbar-collapse" id="site-nav">')


def test_scripts_come_from_the_sites_own_static_files(client, content):
    response = client.get("/en/")

    assertContains(
        response,
        '<script src="/static/vendor/bootstrap/js/bootstrap.bundle.min.js" defer></script>',
        html=True,
    )
    assert "cdn" not in response.content.decode().lower()


TEMPLATE_LINE_LIMIT = 160


def test_no_template_line_is_over_160_characters():
    """Every file under templates/ reads without a horizontal scroll: long sentences go in
    `{% blocktranslate trimmed %}` over several lines (the same message), markup one
    element a line."""
    templates = Path(settings.BASE_DIR) / "templates"
    too_long = [
        f"{path.relative_to(templates)}:{number} ({len(line)})"
        for path in sorted(templates.rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if len(line) > TEMPLATE_LINE_LIMIT
    ]
    assert not too_long, "\n".join(too_long)
