import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from documents.models import Document, document_upload_to
from taskforce.core.fields import DatePrecision
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_the_citation_names_publisher_date_title_type_and_length():
    document = DocumentFactory.build(
        publisher_en="Mexican Foreign Ministry (SRE)",
        published_on=datetime.date(2023, 2, 1),
        date_precision=DatePrecision.MONTH,
        title_en="Diagnosis and Recommendations",
        kind=Document.Kind.ROADMAP,
        pages=180,
    )

    with translation.override("en"):
        assert document.citation == (
            "Mexican Foreign Ministry (SRE). Diagnosis and Recommendations, February 2023. "
            "Road map, 180 pages."
        )


def test_a_citation_leaves_out_what_is_not_known():
    document = DocumentFactory.build(
        publisher_en="",
        publisher_es="",
        published_on=None,
        title_en="Concept note",
        kind=Document.Kind.CONCEPT_NOTE,
    )

    with translation.override("en"):
        assert document.citation == "Concept note."


def test_published_hides_drafts():
    published = DocumentFactory()
    DocumentFactory(is_published=False)

    assert list(Document.objects.published()) == [published]


def test_latest_first_puts_undated_documents_last():
    undated = DocumentFactory(published_on=None)
    old = DocumentFactory(published_on=datetime.date(2020, 1, 1))
    new = DocumentFactory(published_on=datetime.date(2024, 1, 1))

    assert list(Document.objects.latest_first()) == [new, old, undated]


def test_years_lists_each_publication_year_once_newest_first():
    DocumentFactory(published_on=datetime.date(2022, 11, 1))
    DocumentFactory(published_on=datetime.date(2022, 3, 1))
    DocumentFactory(published_on=datetime.date(2023, 2, 1))
    DocumentFactory(published_on=None)

    assert list(Document.objects.years()) == [2023, 2022]


def test_uploads_get_a_random_name_that_keeps_the_extension():
    first = document_upload_to(None, "Informe Final.PDF")
    second = document_upload_to(None, "Informe Final.PDF")

    assert first.startswith("documents/") and first.endswith(".pdf")
    assert first != second
    assert "Informe" not in first


def test_the_file_extension_is_shown_in_capitals():
    document = DocumentFactory(file=SimpleUploadedFile("brief.pdf", b"%PDF-1.4\n"))

    assert document.file_extension == "PDF"
    assert DocumentFactory.build(file="").file_extension == ""
