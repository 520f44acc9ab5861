"""Registrant lists too long for a request (more than EXPORT_BACKGROUND_ROWS rows), built
by the worker into the private storage (registrations.Export).

The request counts the rows, writes an Export row and queues the build after the commit, so
it answers at once whatever the size. The task writes the same table as the direct download
(exports.registrant_table and exports.write_xlsx) into a temporary file, then stores it.
Only the coordinator who asked may download it, for Export.VALID_FOR; then
delete_expired_exports (beat, every 10 minutes) removes the file and the row, and queues
again any build whose task was lost (the broker down when it was asked).

A task may be delivered twice (a worker that died mid-build): each run claims the export by
stamping `started_at`, and only the run holding the latest stamp may finish it; a run that
lost its claim, or whose row was deleted meanwhile, deletes its own file.
"""

import logging
import tempfile
from datetime import datetime, timedelta

from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone, translation

from taskforce.core.background import queue_after_commit, queue_now

from . import exports
from .models import Event, Export

logger = logging.getLogger(__name__)

FOLDER = "exports"
# An export still queued after this long lost its task (the broker was down when it was
# asked, or lost the message): delete_expired_exports queues it again.
REQUEUE_AFTER = timedelta(minutes=10)


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


def exports_requeue_waiting(now: datetime | None = None) -> int:
    """Queue again the build of every export still waiting for its task after
    REQUEUE_AFTER (a second delivery of a task that was only slow does nothing: the first
    run's claim turns it away once it has started)."""
    from .tasks import build_export

    now = now or timezone.now()
    waiting = Export.objects.filter(
        status=Export.Status.QUEUED,
        created_at__lt=now - REQUEUE_AFTER,
        created_at__gte=now - Export.STUCK_AFTER,
    )
    pks = [str(pk) for pk in waiting.values_list("pk", flat=True)]
    for pk in pks:
        queue_now(build_export, pk)
    return len(pks)
