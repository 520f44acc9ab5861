import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.validators import MAX_DOCUMENT_SIZE, validate_document_file

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def office_file(folder, extra=None):
    """A minimal Office Open XML package: a ZIP with [Content_Types].xml and its part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(f"{folder}document.xml", "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


class LargeUpload(io.BytesIO):
    """A file that says it is bigger than it is, as an upload's .size would."""

    def __init__(self, name, size, content=PDF):
        super().__init__(content)
        self.name = name
        self.size = size


def refusal(upload):
    with pytest.raises(ValidationError) as error:
        validate_document_file(upload)
    return error.value


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", PDF),
        ("REPORT.PDF", PDF),
        ("minutes.docx", office_file("word/")),
        ("slides.pptx", office_file("ppt/")),
        ("figures.xlsx", office_file("xl/")),
    ],
)
def test_real_documents_are_accepted(name, content):
    validate_document_file(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name", ["setup.exe", "page.html", "picture.png", "notes.txt", "noextension", "report.pdf.exe"]
)
def test_other_file_types_are_refused(name):
    error = refusal(SimpleUploadedFile(name, PDF))

    assert error.code == "file_type"
    assert "Upload a PDF, Word (.docx), PowerPoint (.pptx) or Excel (.xlsx) file." in error.messages


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00 this is an executable"),
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
        ("report.pdf", b""),
        ("minutes.docx", PDF),
        ("minutes.docx", b"PK\x03\x04 but not really a zip"),
        ("minutes.docx", office_file("ppt/")),
        ("slides.pptx", office_file("word/")),
    ],
)
def test_a_file_whose_content_does_not_match_its_name_is_refused(name, content):
    error = refusal(SimpleUploadedFile(name, content))

    assert error.code == "file_content"


def test_a_zip_without_content_types_is_not_an_office_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")

    assert refusal(SimpleUploadedFile("minutes.docx", buffer.getvalue())).code == "file_content"


def test_the_refusal_names_the_expected_type():
    error = refusal(SimpleUploadedFile("report.pdf", b"not a pdf"))

    assert error.messages == ["The file's content is not a valid PDF file."]


def test_a_file_over_25_mb_is_refused_naming_the_limit():
    error = refusal(LargeUpload("big.pdf", 30 * 1024 * 1024))

    assert error.code == "file_size"
    assert error.messages == ["The file is larger than the limit of 25.0\xa0MB."]


def test_one_byte_over_the_limit_is_too_much():
    assert refusal(LargeUpload("big.pdf", MAX_DOCUMENT_SIZE + 1)).code == "file_size"


def test_a_file_of_exactly_25_mb_is_accepted():
    validate_document_file(LargeUpload("big.pdf", MAX_DOCUMENT_SIZE))


def test_checking_a_file_leaves_it_readable_from_the_start():
    upload = SimpleUploadedFile("minutes.docx", office_file("word/"))

    validate_document_file(upload)

    assert upload.read(4) == b"PK\x03\x04"
