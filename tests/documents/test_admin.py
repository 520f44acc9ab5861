"""Editors upload documents' files and publish them from the admin."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertContains

from documents.models import Document
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def minimal_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def add_document(editor_client, upload, slug="uploaded-report"):
    return editor_client.post(
        "/admin/documents/document/add/",
        {
            "title_en": "Charging corridors",
            "title_es": "Corredores de carga",
            "summary_en": "",
            "summary_es": "",
            "publisher_en": "UC Alianza MX",
            "publisher_es": "UC Alianza MX",
            "slug": slug,
            "kind": "report",
            "language": "bilingual",
            "published_on": "2024-03-01",
            "date_precision": "day",
            "pages": "",
            "file": upload,
            "external_url": "",
            "other_language_version": "",
            "is_published": "on",
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            b"MZ\x90\x00 an executable in disguise",
            "The file&#x27;s content is not a valid PDF file.",
        ),
        ("report.docx", PDF, "The file&#x27;s content is not a valid DOCX file."),
        (
            "report.exe",
            b"MZ\x90\x00",
            "Upload a PDF, Word (.docx), PowerPoint (.pptx) or Excel (.xlsx) file.",
        ),
    ],
)
def test_a_disguised_or_unsupported_file_is_refused_with_a_message(
    editor_client, name, content, message
):
    response = add_document(editor_client, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assertContains(response, message)
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"), [("Report Final.PDF", PDF), ("minutes.docx", minimal_docx())]
)
def test_a_real_pdf_or_docx_is_accepted_and_downloadable(editor_client, client, name, content):
    response = add_document(editor_client, SimpleUploadedFile(name, content))

    assert response.status_code == 302
    document = Document.objects.get(slug="uploaded-report")
    extension = name.rsplit(".", 1)[1].lower()
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith(f".{extension}")
    download = client.get("/en/documents/uploaded-report/download/")
    assert download["Content-Disposition"] == f'attachment; filename="uploaded-report.{extension}"'
    assert b"".join(download.streaming_content) == content
    download.close()


def test_an_uploaded_document_is_shown_in_both_languages(editor_client, client):
    add_document(editor_client, SimpleUploadedFile("report.pdf", PDF))

    assertContains(
        client.get("/es/documents/uploaded-report/"), "<h1>Corredores de carga</h1>", html=True
    )
    assertContains(
        client.get("/en/documents/uploaded-report/"), "<h1>Charging corridors</h1>", html=True
    )


def test_the_publish_action_publishes_the_selected_drafts(editor_client, client):
    drafts = DocumentFactory.create_batch(2, is_published=False)
    untouched = DocumentFactory(is_published=False, title_en="Still a draft")

    response = editor_client.post(
        "/admin/documents/document/",
        {"action": "publish", "_selected_action": [draft.pk for draft in drafts]},
        follow=True,
    )

    assertContains(response, "2 documents published.")
    assert set(Document.objects.published()) == set(drafts)
    assert client.get(untouched.get_absolute_url()).status_code == 404
    assert client.get(drafts[0].get_absolute_url()).status_code == 200


def test_the_unpublish_action_returns_documents_to_draft(editor_client, client):
    document = DocumentFactory(title_en="Withdrawn report")

    response = editor_client.post(
        "/admin/documents/document/",
        {"action": "unpublish", "_selected_action": [document.pk]},
        follow=True,
    )

    assertContains(response, "1 document returned to draft.")
    assert client.get(document.get_absolute_url()).status_code == 404
    assert "Withdrawn report" not in client.get("/en/documents/").content.decode()


def test_the_document_list_in_the_admin_shows_drafts(editor_client):
    DocumentFactory(title_en="Draft only editors see", is_published=False)

    response = editor_client.get("/admin/documents/document/?is_published__exact=0")

    assertContains(response, "Draft only editors see")
