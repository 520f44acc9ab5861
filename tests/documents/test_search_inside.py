"""Visitors find a passage inside a long report: words on any page of an uploaded PDF are
found by the site search (and the documents list's search), in both languages, with or
without accents, with the passage and its page number. Editors see in the admin when a
file's text cannot be searched (a scan, a damaged file)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from documents.models import Document, DocumentPage
from tests.documents.test_admin import add_document
from tests.support.pdf import pdf_with_pages

pytestmark = pytest.mark.django_db

FILLER = "The task force meets twice a year to review the road map."
PAGE_37 = (
    "Annex C. Las electrolineras bidireccionales necesitan baterías de segunda vida "
    "<script>alert(1)</script> en cada corredor."
)


def report_pdf():
    """A 40-page report whose word "electrolineras" is on page 37 only."""
    pages = [f"{FILLER} Page {number}." for number in range(1, 41)]
    pages[36] = PAGE_37
    return pdf_with_pages(pages)


@pytest.fixture
def uploaded(editor_client, django_capture_on_commit_callbacks):
    """The report uploaded by an editor in the admin; the worker reads it after the commit
    (in-process here, as without a broker)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = add_document(editor_client, SimpleUploadedFile("annex.pdf", report_pdf()))
    assert response.status_code == 302
    return Document.objects.get(slug="uploaded-report")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("query", ["electrolineras", "baterías electrolineras", "BATERIAS"])
def test_a_word_on_page_37_only_is_found_with_its_passage_and_page(
    uploaded, client, language, query
):
    response = client.get(f"/{language}/search/", {"q": query})

    page = response.content.decode()
    assert response.status_code == 200
    assert uploaded.title in page
    label = "Page 37 of the file" if language == "en" else "Página 37 del archivo"
    assert label in page
    assert f'href="/{language}/documents/uploaded-report/download/#page=37"' in page
    assert "<mark>bidireccionales</mark>" not in page  # only the words asked for are marked
    assert "<mark>bater" in page.lower() or "<mark>electrolineras</mark>" in page


def test_the_passage_is_escaped_before_its_words_are_marked(uploaded, client):
    page = client.get("/en/search/", {"q": "electrolineras"}).content.decode()

    assert "<mark>electrolineras</mark>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page


def test_the_documents_list_finds_the_report_by_a_word_inside_it(uploaded, client):
    found = client.get("/es/documents/", {"q": "electrolineras"})
    missing = client.get("/es/documents/", {"q": "hidrógeno"})

    assert uploaded.title_es in found.content.decode()
    assert uploaded.title_es not in missing.content.decode()


def test_the_admin_says_the_file_is_searchable_with_its_pages_of_text(uploaded, editor_client):
    page = editor_client.get(f"/admin/documents/document/{uploaded.pk}/change/")

    assert "Searchable: 40 pages of text." in page.content.decode()
    assert DocumentPage.objects.filter(document=uploaded).count() == 40


def test_a_scanned_pdf_says_in_the_admin_that_its_contents_cannot_be_searched(
    editor_client, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_document(editor_client, SimpleUploadedFile("scan.pdf", pdf_with_pages(["", "", ""])))
    document = Document.objects.get(slug="uploaded-report")

    page = editor_client.get(f"/admin/documents/document/{document.pk}/change/").content.decode()
    assert "No text found: a scanned PDF? Its contents cannot be searched." in page
    assert document.text_status == Document.TextStatus.NO_TEXT
    # Its title is still found.
    assert document.title in client.get("/en/search/", {"q": "corridors"}).content.decode()


def test_a_damaged_pdf_is_marked_with_the_reason_and_changes_nothing_else(
    editor_client, django_capture_on_commit_callbacks
):
    damaged = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = add_document(editor_client, SimpleUploadedFile("broken.pdf", damaged))

    assert response.status_code == 302
    document = Document.objects.get(slug="uploaded-report")
    assert document.text_status == Document.TextStatus.FAILED
    assert document.text_error
    page = editor_client.get(f"/admin/documents/document/{document.pk}/change/").content.decode()
    assert "Could not be read:" in page


def test_a_new_file_replaces_the_text_of_the_old_one(
    uploaded, editor_client, client, django_capture_on_commit_callbacks
):
    new_file = pdf_with_pages(["Hydrogen trucks on the northern corridor."])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/documents/document/{uploaded.pk}/change/",
            {
                **_form_of(uploaded),
                "file": SimpleUploadedFile("second.pdf", new_file),
            },
        )

    assert response.status_code == 302
    assert uploaded.title not in client.get("/en/search/", {"q": "electrolineras"}).content.decode()
    assert "Page 1 of the file" in client.get("/en/search/", {"q": "hydrogen"}).content.decode()


def test_other_file_types_are_not_read_and_are_still_found_by_their_title(
    editor_client, client, django_capture_on_commit_callbacks
):
    from tests.documents.test_admin import minimal_docx

    with django_capture_on_commit_callbacks(execute=True):
        add_document(editor_client, SimpleUploadedFile("notes.docx", minimal_docx()))

    document = Document.objects.get(slug="uploaded-report")
    assert document.text_status == Document.TextStatus.NOT_READ
    assert not DocumentPage.objects.exists()
    assert document.title in client.get("/en/search/", {"q": "corridors"}).content.decode()


def test_index_documents_reads_every_file_again(uploaded, client):
    DocumentPage.objects.all().delete()
    output = io.StringIO()

    call_command("index_documents", stdout=output)

    assert "1 Searchable" in output.getvalue()
    assert (
        "Page 37 of the file" in client.get("/en/search/", {"q": "electrolineras"}).content.decode()
    )


def test_a_reading_that_was_lost_is_done_by_the_pending_job_and_only_then(uploaded):
    DocumentPage.objects.all().delete()
    lost = timezone.now() - timezone.timedelta(minutes=11)
    Document.objects.filter(pk=uploaded.pk).update(text_status="pending", text_read_at=lost)
    output = io.StringIO()

    call_command("index_documents", pending=True, stdout=output)
    call_command("index_documents", pending=True, stdout=output)

    assert output.getvalue().splitlines() == [
        "Read 1 pending documents.",
        "Read 0 pending documents.",
    ]
    assert DocumentPage.objects.filter(document=uploaded).count() == 40


def _form_of(document):
    return {
        "title_en": document.title_en,
        "title_es": document.title_es,
        "summary_en": "",
        "summary_es": "",
        "publisher_en": document.publisher_en,
        "publisher_es": document.publisher_es,
        "slug": document.slug,
        "kind": document.kind,
        "language": document.language,
        "published_on": "2024-03-01",
        "date_precision": "day",
        "pages": "",
        "external_url": "",
        "other_language_version": "",
        "is_published": "on",
    }
