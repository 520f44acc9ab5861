"""The documents list (filters, pagination), a document's page and its download."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertContains, assertNotContains

from documents.models import Document
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

COP27 = "cop27-progress-report"
ROAD_MAP = "diagnosis-and-recommendations-2023"
CONCEPT_NOTE = "task-force-concept-note"
PDF = b"%PDF-1.4\n% a tiny test file\n%%EOF\n"


def listed_slugs(response):
    return [document.slug for document in response.context["object_list"]]


@pytest.mark.parametrize(
    ("language", "heading", "title"),
    [
        ("en", "Reports and documents", "Progress report presented at COP27"),
        ("es", "Informes y documentos", "Diagnóstico y Recomendaciones para la Transición"),
    ],
)
def test_the_documents_page_lists_the_reports_in_its_language(
    client, content, language, heading, title
):
    response = client.get(f"/{language}/documents/")

    assert response.status_code == 200
    assertContains(response, f"<h1>{heading}</h1>", html=True)
    assertContains(response, title)
    assert listed_slugs(response) == [ROAD_MAP, COP27, CONCEPT_NOTE]


def test_the_documents_page_shows_type_date_and_language(client, content):
    response = client.get("/en/documents/")

    assertContains(response, '<time datetime="2022-11">November 2022</time>', html=True)
    assertContains(response, "3 documents")
    assertContains(response, "Road map · ")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=roadmap", [ROAD_MAP]),
        ("kind=concept_note", [CONCEPT_NOTE]),
        ("theme=governance", [ROAD_MAP]),
        ("year=2022", [COP27]),
        ("year=2023", [ROAD_MAP]),
        # No source says which languages any of the three is written in.
        ("language=es", []),
        ("language=en", []),
        ("q=COP27", [COP27]),
        ("q=diagnóstico", [ROAD_MAP]),
        ("q=UC Alianza", [ROAD_MAP, CONCEPT_NOTE]),
        ("kind=report&year=2023", []),
        ("kind=&theme=&group=&year=&language=&q=", [ROAD_MAP, COP27, CONCEPT_NOTE]),
    ],
)
def test_the_documents_page_filters(client, content, query, expected):
    response = client.get(f"/en/documents/?{query}")

    assert response.status_code == 200
    assert listed_slugs(response) == expected


def test_the_documents_page_filters_by_working_group(client, content):
    DocumentFactory(slug="bus-financing", working_groups=[content.groups["public-transport"]])
    DocumentFactory(
        slug="truck-charging", working_groups=[content.groups["medium-heavy-duty-vehicles"]]
    )

    response = client.get("/en/documents/?group=public-transport")

    assert listed_slugs(response) == ["bus-financing"]


def test_the_year_filter_offers_the_years_of_published_documents(client, content):
    DocumentFactory(published_on=datetime.date(2019, 5, 1), is_published=False)

    response = client.get("/en/documents/")

    assertContains(response, '<option value="2023">2023</option>', html=True)
    assertContains(response, '<option value="2022">2022</option>', html=True)
    assertNotContains(response, '<option value="2019">')


@pytest.mark.parametrize(
    "query",
    [
        "kind=novel",
        "theme=no-such-theme",
        "group=nope",
        "year=1999",
        "year=abc",
        "language=fr",
        "q=" + "x" * 200,
    ],
)
def test_an_invalid_filter_shows_a_message_instead_of_an_error(client, content, query):
    response = client.get(f"/en/documents/?{query}")

    assert response.status_code == 200
    assertContains(response, "Some filters are not valid; correct them to see results.")
    assertContains(response, "No document matches these filters.")


@pytest.fixture
def many_documents(content):
    """Two pages of twenty, with the three real documents."""
    return DocumentFactory.create_batch(22, kind=Document.Kind.MINUTES)


def test_the_documents_page_is_paginated(client, many_documents):
    first = client.get("/en/documents/")
    second = client.get("/en/documents/?page=2")

    assert len(listed_slugs(first)) == 20
    assert len(listed_slugs(second)) == 5
    assertContains(first, "Page 1 of 2 (25 items)")


@pytest.mark.parametrize(("page", "number"), [("999", 2), ("abc", 1), ("0", 2), ("2.5", 1)])
def test_any_page_number_answers_with_the_nearest_page(client, many_documents, page, number):
    response = client.get(f"/en/documents/?page={page}")

    assert response.status_code == 200
    assert response.context["page_obj"].number == number


def test_the_next_page_keeps_the_filters(client, many_documents):
    response = client.get("/en/documents/?kind=minutes")

    assertContains(response, 'href="?kind=minutes&amp;page=2"')


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("slug", [COP27, ROAD_MAP, CONCEPT_NOTE])
def test_every_document_has_its_page_in_both_languages(client, content, language, slug):
    document = content.documents[slug]

    response = client.get(f"/{language}/documents/{slug}/")

    assert response.status_code == 200
    assertContains(response, f"<h1>{getattr(document, f'title_{language}')}</h1>", html=True)


@pytest.mark.parametrize(("language", "label"), [("en", "Language"), ("es", "Idioma")])
def test_a_document_whose_language_no_source_gives_states_none(client, content, language, label):
    # facts.md gives the road map's Spanish title, not the languages it is written in.
    response = client.get(f"/{language}/documents/{ROAD_MAP}/")

    assertContains(response, "<dt>")
    assertNotContains(response, f"<dt>{label}</dt>", html=True)


@pytest.mark.parametrize(
    ("language", "citation"),
    [
        (
            "en",
            "Mexico's Foreign Ministry (SRE), Dirección General de Impulso Económico Global, "
            "with UC Alianza MX. Diagnosis and Recommendations for the Transition of Mexico's "
            "Automotive Industry, February 2023. Road map, about 180 pages.",
        ),
        (
            "es",
            "Secretaría de Relaciones Exteriores, Dirección General de Impulso Económico Global, "
            "con UC Alianza MX. Grupo de Trabajo para la Electrificación del Transporte: "
            "Diagnóstico y Recomendaciones para la Transición de la Industria Automotriz en "
            "México, febrero de 2023. Hoja de ruta, unas 180 páginas.",
        ),
    ],
)
def test_a_document_page_shows_how_to_cite_it(client, content, language, citation):
    response = client.get(f"/{language}/documents/{ROAD_MAP}/")

    text = response.content.decode().replace("&#x27;", "'")
    assert 'class="citation-text"' in text
    assert citation in text


def test_a_document_page_links_its_themes_and_groups(client, content):
    DocumentFactory(
        slug="bus-brief",
        themes=[content.themes["infrastructure"]],
        working_groups=[content.groups["public-transport"]],
    )

    response = client.get("/es/documents/bus-brief/")

    assertContains(response, '<a href="/es/themes/infrastructure/">Infraestructura</a>', html=True)
    assertContains(
        response,
        '<a href="/es/working-groups/public-transport/">Transporte público en las ciudades</a>',
        html=True,
    )


def test_a_document_without_a_file_says_whom_to_write_to(client, content):
    response = client.get(f"/en/documents/{CONCEPT_NOTE}/")

    assertContains(response, "This portal has no copy of this document.")
    assertContains(response, 'href="mailto:jail.cruzgarcia@ucr.edu"')


def test_a_document_links_to_its_version_in_the_other_language(client, content):
    spanish = DocumentFactory(slug="informe-es", language=Document.Language.SPANISH)
    DocumentFactory(slug="report-en", other_language_version=spanish)

    response = client.get("/en/documents/report-en/")

    assertContains(
        response,
        '<a href="/en/documents/informe-es/" hreflang="es">Read this document in Spanish</a>',
        html=True,
    )


def test_an_external_document_links_to_the_publisher(client, content):
    DocumentFactory(slug="external", external_url="https://www.gob.mx/sre/report")

    response = client.get("/en/documents/external/")

    assertContains(response, 'href="https://www.gob.mx/sre/report" rel="noopener external"')


@pytest.fixture
def uploaded(content):
    return DocumentFactory(slug="tiny-report", file=SimpleUploadedFile("Tiny Report.pdf", PDF))


def test_a_document_with_a_file_offers_the_download_with_type_and_size(client, uploaded):
    response = client.get("/en/documents/tiny-report/")

    assertContains(response, 'href="/en/documents/tiny-report/download/"')
    assertContains(response, f"Download (PDF, {len(PDF)}\xa0bytes)")


def test_the_download_is_served_as_an_attachment_under_a_readable_name(client, uploaded):
    response = client.get("/en/documents/tiny-report/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tiny-report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    response.close()


def test_a_document_without_a_file_has_no_download(client, content):
    assert client.get(f"/en/documents/{CONCEPT_NOTE}/download/").status_code == 404


def test_a_file_missing_from_storage_answers_404(client, uploaded):
    uploaded.file.storage.delete(uploaded.file.name)

    assert client.get("/en/documents/tiny-report/download/").status_code == 404


def test_a_draft_can_be_neither_read_nor_downloaded(client, uploaded):
    Document.objects.filter(pk=uploaded.pk).update(is_published=False)

    assert client.get("/en/documents/tiny-report/").status_code == 404
    assert client.get("/en/documents/tiny-report/download/").status_code == 404


def test_a_draft_appears_nowhere_public(client, content):
    DocumentFactory(
        slug="secret-draft",
        title_en="Secret draft on batteries",
        title_es="Borrador secreto",
        is_published=False,
    )

    for url in [
        "/en/",
        "/en/documents/",
        "/en/documents/?q=secret",
        "/en/documents/feed/",
        "/es/documents/feed/",
        "/sitemap.xml",
        "/en/search/?q=secret",
        "/en/themes/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assertNotContains(response, "secret-draft")
        assertNotContains(response, "Secret draft")
    response = client.get("/es/documents/secret-draft/")
    assert response.status_code == 404
    assertContains(response, '<html lang="es">', status_code=404)


@pytest.mark.parametrize(
    ("language", "citation"),
    [
        ("en", "Progress report presented at COP27, November 2022."),
        ("es", "Informe de avances presentado en la COP27, noviembre de 2022."),
    ],
)
def test_a_citation_does_not_repeat_the_type_the_title_already_gives(
    client, content, language, citation
):
    response = client.get(f"/{language}/documents/cop27-progress-report/")

    assertContains(response, f'<p class="citation-text">{citation}</p>', html=True)


def test_a_sample_document_sends_no_one_to_the_real_contact(client, content):
    DocumentFactory(slug="sample-7", is_demo=True)

    response = client.get("/en/documents/sample-7/")

    assertContains(response, "This is a sample document, made up for trying the site")
    assertNotContains(response, "This portal has no copy of this document.")
    main = response.content.decode().split('<footer class="site-footer">')[0]
    assert "jail.cruzgarcia@ucr.edu" not in main


@pytest.mark.parametrize(
    ("slug", "machine_date"),
    [("cop27-progress-report", "2022-11"), ("diagnosis-and-recommendations-2023", "2023-02")],
)
def test_a_date_known_only_to_the_month_states_no_day_even_to_machines(
    client, content, slug, machine_date
):
    for page in (f"/en/documents/{slug}/", "/en/documents/", "/en/"):
        text = client.get(page).content.decode()

        assert f'datetime="{machine_date}"' in text
        assert f'datetime="{machine_date}-01"' not in text
