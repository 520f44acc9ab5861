import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_DOCUMENT_SIZE = 25 * 1024 * 1024

# Office Open XML files are ZIP archives; the folder inside tells one kind from another.
OOXML_FOLDERS = {".docx": "word/", ".pptx": "ppt/", ".xlsx": "xl/"}
ALLOWED_EXTENSIONS = [".pdf", *OOXML_FOLDERS]


def _extension(name):
    dot = name.rfind(".")
    return name[dot:].lower() if dot != -1 else ""


def _looks_like(extension, upload):
    """Check the file's content, not only its name: a renamed executable is refused."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if extension == ".pdf":
        return head == b"%PDF-"
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(
        name.startswith(OOXML_FOLDERS[extension]) for name in names
    )


def validate_document_file(upload):
    extension = _extension(upload.name)
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Upload a PDF, Word (.docx), PowerPoint (.pptx) or Excel (.xlsx) file."),
            code="file_type",
        )
    if upload.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s.")
            % {"limit": filesizeformat(MAX_DOCUMENT_SIZE)},
            code="file_size",
        )
    if not _looks_like(extension, upload):
        raise ValidationError(
            _("The file's content is not a valid %(extension)s file.")
            % {"extension": extension.lstrip(".").upper()},
            code="file_content",
        )
