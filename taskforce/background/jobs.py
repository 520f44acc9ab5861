"""Periodic jobs: one at a time across the whole deployment, and a heartbeat for each.

Exactly one beat should run per deployment, but a second one (a deploy that overlaps, a
scheduler started by hand) must not run a job twice at once: each run takes a PostgreSQL
advisory lock named after the job, held by its database session, so it is released even
when the worker dies. On SQLite (one machine, `make run`, tests) there is nothing to lock.
Every run records when it started and finished (JobRun): the status page reads beat's
heartbeat from there.
"""

import logging
import zlib
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from .models import JobRun

logger = logging.getLogger(__name__)


@contextmanager
def _job_lock(name):
    if connection.vendor != "postgresql":
        yield True
        return
    key = zlib.crc32(f"taskforce.job.{name}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def periodic_job(name, function, *args, **kwargs):
    """Run `function` as the job `name` unless another run holds it; None when skipped."""
    with _job_lock(name) as acquired:
        if not acquired:
            logger.info("Periodic job %s is already running elsewhere; skipped", name)
            return None
        JobRun.objects.update_or_create(
            name=name, defaults={"started_at": timezone.now(), "last_error": ""}
        )
        try:
            result = function(*args, **kwargs)
        except Exception as exc:
            JobRun.objects.filter(name=name).update(last_error=repr(exc)[:2000])
            raise
        JobRun.objects.filter(name=name).update(finished_at=timezone.now())
        logger.info("Periodic job %s: %s", name, result)
        return result


def periodic_command(name, command, **options):
    """Run the manage.py `command` as the periodic job `name` (every periodic job is also a
    command, for running by hand); its output, or None when skipped."""
    from io import StringIO

    from django.core.management import call_command

    def run():
        output = StringIO()
        call_command(command, stdout=output, **options)
        return output.getvalue().strip()

    return periodic_job(name, run)
