"""The search inside documents: the text of each page of an uploaded PDF, read by pypdf in
the worker after the upload commits, stored with full-text vectors in the document's
language (both when it is bilingual or not known), and found by the site's one search.

A PDF without a text layer (a scanned report) is marked so, and the admin says its
contents cannot be searched; a file pypdf cannot read is marked failed with the reason.
Other formats (DOCX, PPTX, XLSX) are not read: their title and summary are still found.
"""

import logging
from datetime import timedelta

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from taskforce.core.background import queue_after_commit
from taskforce.core.pagecache import content_changed
from taskforce.core.textsearch import SEARCH_CONFIGS

from .models import Document, DocumentPage

logger = logging.getLogger(__name__)

# A document still pending this long after it was queued is read again by the beat job.
PENDING_TOO_LONG = timedelta(minutes=10)
Status = Document.TextStatus


def is_pdf(document):
    return bool(document.file) and document.file.name.lower().endswith(".pdf")


def request_reading(document):
    """The file changed: its text is read by the worker once this transaction commits."""
    from .tasks import read_document_text

    status = Status.PENDING if is_pdf(document) else Status.NOT_READ
    Document.objects.filter(pk=document.pk).update(
        text_status=status, text_error="", text_read_at=timezone.now()
    )
    if status == Status.PENDING:
        queue_after_commit(read_document_text, document.pk)
    else:
        DocumentPage.objects.filter(document=document).delete()


def _pages_of(document):
    """(number, text) of each page that has text; raises PyPdfError or OSError."""
    with document.file.open("rb") as file:
        reader = PdfReader(file)
        if reader.is_encrypted:
            reader.decrypt("")  # many reports are "protected" with an empty password
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            # PostgreSQL refuses NUL characters in text; runs of spaces say nothing.
            text = " ".join((page.extract_text() or "").replace("\x00", " ").split())
            if text:
                pages.append((number, text))
        return pages


def _vector_configs(document):
    """The text-search configurations of the document's language; both when bilingual or
    not known, so that a passage is found in whichever language it is written."""
    if document.language in SEARCH_CONFIGS:
        return {document.language: SEARCH_CONFIGS[document.language]}
    return SEARCH_CONFIGS


def read_text(document_id) -> str:
    """Read a document's PDF into its pages of text (replacing those it had); the new
    status. Run by the worker, by `index_documents` and by the beat job."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    if not is_pdf(document):
        request_reading(document)  # marks it not read, drops old pages
        return Status.NOT_READ
    error = ""
    try:
        pages = _pages_of(document)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        # pypdf raises more than its own errors on damaged files.
        logger.warning("Could not read the text of document %s: %r", document.pk, exc)
        pages, error = [], f"{type(exc).__name__}: {exc}"[:1000]
    status = Status.FAILED if error else (Status.INDEXED if pages else Status.NO_TEXT)
    with transaction.atomic():
        DocumentPage.objects.filter(document=document).delete()
        DocumentPage.objects.bulk_create(
            DocumentPage(document=document, number=number, text=text) for number, text in pages
        )
        if pages and connection.vendor == "postgresql":
            vectors = {
                f"search_{language}": SearchVector("text", config=config)
                for language, config in _vector_configs(document).items()
            }
            DocumentPage.objects.filter(document=document).update(**vectors)
        Document.objects.filter(pk=document.pk).update(
            text_status=status, text_error=error, text_read_at=timezone.now()
        )
        # What the search finds has changed (update() and bulk_create() send no signal).
        content_changed()
    return status


def read_pending(now=None) -> int:
    """Read again the documents left pending (a worker that died, a broker that was down)."""
    now = now or timezone.now()
    stale = Document.objects.filter(
        text_status=Status.PENDING, text_read_at__lt=now - PENDING_TOO_LONG
    ).values_list("pk", flat=True)
    count = 0
    for pk in stale:
        read_text(pk)
        count += 1
    return count
