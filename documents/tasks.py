"""The documents' tasks: reading an uploaded PDF's text, and the beat job that reads again
what stayed pending (also `manage.py index_documents --pending`)."""

from celery import shared_task

from taskforce.background.jobs import periodic_command

from . import text


@shared_task(name="documents.tasks.read_document_text")
def read_document_text(document_id):
    return text.read_text(document_id)


@shared_task(name="documents.tasks.read_pending_documents")
def read_pending_documents():
    return periodic_command("read-pending-documents", "index_documents", pending=True)
