"""Registrant lists too long for a request (more than EXPORT_BACKGROUND_ROWS rows), built
by the worker into the private storage (registrations.Export).

The request counts the rows, writes an Export row and queues the build after the commit, so
it answers at once whatever the size. The task writes the same table as the direct download
(exports.registrant_table and exports.write_xlsx) into a temporary file, then stores it.
Only the coordinator who asked may download it, for Export.VALID_FOR; then
delete_expired_exports (beat, every 10 minutes) removes the file and the row.

A task may be delivered twice (a worker that died mid-build): each run claims the export by
stamping `started_at`, and only the run holding the latest stamp may finish it; a run that
lost its claim, or whose row was deleted meanwhile, deletes its own file.
"""

import logging
import tempfile
from datetime import datetime

from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone, translation

from taskforce.core.background import queue_after_commit

from . import exports
from .models import Event, Export

logger = logging.getLogger(__name__)

FOLDER = "exports"


def private_storage():
    """settings.STORAGES["private"]: a folder outside MEDIA_ROOT, or a private prefix of
    the bucket; looked up on each use, so that tests can point it elsewhere."""
    return storages["private"]


def export_start(*, event: Event, user, row_count: int, language: str) -> Export:
    """The XLSX export of the event's registrants for `user`, queued for the worker. One
    this person is already waiting for (same event and language) is reused: a second click
    adds no work."""
    from .tasks import build_export  # the task module imports this one

    recent = timezone.now() - Export.STUCK_AFTER
    with transaction.atomic():
        export = (
            Export.objects.unfinished()
            .filter(event=event, requested_by=user, language=language, created_at__gte=recent)
            .first()
        )
        if export is None:
            export = Export.objects.create(
                event=event, requested_by=user, row_count=row_count, language=language
            )
            queue_after_commit(build_export, str(export.pk))
    return export


def export_build(export_id: str) -> None:
    """Write the export's file and mark it ready (or failed, with the cause logged)."""
    claim = timezone.now()
    unfinished = Export.objects.unfinished().filter(pk=export_id)
    claimed = unfinished.update(status=Export.Status.BUILDING, started_at=claim)
    if not claimed:  # already built, failed or deleted
        return
    export = Export.objects.select_related("event").get(pk=export_id)
    mine = Export.objects.filter(pk=export_id, status=Export.Status.BUILDING, started_at=claim)

    def progress(rows):
        mine.update(rows_written=rows)

    storage = private_storage()
    try:
        with translation.override(export.language), tempfile.TemporaryFile() as output:
            table = exports.registrant_table(
                export.event.registrations.queue_order(), zone=export.event.zone, local_times=True
            )
            rows = exports.write_xlsx(table, output, export.event.slug, progress=progress)
            output.seek(0)
            name = storage.save(f"{FOLDER}/{export.pk}.{export.format}", File(output))
    except Exception:
        logger.exception("Export %s of the registrants of %s failed", export.pk, export.event.slug)
        now = timezone.now()
        mine.update(status=Export.Status.FAILED, finished_at=now, expires_at=now + Export.VALID_FOR)
        return
    now = timezone.now()
    finished = mine.update(
        status=Export.Status.READY,
        file_name=name,
        row_count=rows,
        rows_written=rows,
        finished_at=now,
        expires_at=now + Export.VALID_FOR,
    )
    if not finished:
        storage.delete(name)
        return
    logger.info(
        "Export %s of the registrants of %s ready: %d rows, %.1f s",
        export.pk,
        export.event.slug,
        rows,
        (now - claim).total_seconds(),
    )


def exports_delete_expired(now: datetime | None = None) -> int:
    """Delete the files and rows of the exports that are due (Export.objects.to_delete),
    then every file of the export folder whose export no longer exists (its event was
    deleted, or its build lost its row); the number of exports deleted."""
    storage = private_storage()
    deleted = 0
    for export in Export.objects.to_delete(now):
        if export.file_name:
            storage.delete(export.file_name)
        export.delete()
        deleted += 1
    try:
        _folders, files = storage.listdir(FOLDER)
    except FileNotFoundError:  # no export was ever built here
        files = []
    # Files are named after their export's id (36 characters), which exists before them.
    ids = {str(pk) for pk in Export.objects.values_list("pk", flat=True)}
    for file in files:
        if file[:36] not in ids:
            storage.delete(f"{FOLDER}/{file}")
    return deleted
