"""The documents' tasks: reading an uploaded PDF's text, and the beat job that reads again
what stayed pending (also `manage.py index_documents --pending`)."""

from io import StringIO

from celery import shared_task
from django.core.management import call_command

from taskforce.background.jobs import periodic_job

from . import text


@shared_task(name="documents.tasks.read_document_text")
def read_document_text(document_id):
    return text.read_text(document_id)


def _index_pending():
    output = StringIO()
    call_command("index_documents", pending=True, stdout=output)
    return output.getvalue().strip()


@shared_task(name="documents.tasks.read_pending_documents")
def read_pending_documents():
    return periodic_job("read-pending-documents", _index_pending)
