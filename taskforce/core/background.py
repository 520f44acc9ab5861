"""Queuing Celery tasks from the web: after the commit, fail-fast, never an error page.

`queue_after_commit(task, *args)` is Celery's `delay_on_commit()` with two guarantees more:
- the broker being down (Redis stopped, a network fault) costs about a second and is
  logged, never raised into a request whose transaction has already committed; whatever the
  task was for is kept in the database and picked up by a periodic sweep;
- without a broker (eager mode: `make run`, tests) the task runs in this process after the
  commit, and its failure is logged, never raised.
"""

import logging
from functools import partial

from celery.result import EagerResult
from django.db import transaction

logger = logging.getLogger(__name__)


def queue_now(task, *args) -> bool:
    """Queue the task (or run it, in eager mode). False, and a log line, when it could not
    be queued or its in-process run failed."""
    try:
        result = task.apply_async(args)
    except Exception:
        logger.exception(
            "Could not queue %s%r; the periodic sweep will pick it up", task.name, args
        )
        return False
    # Only an eager run has a result to read here: with a broker and no result backend,
    # asking a queued task's state raises (DisabledBackend).
    if isinstance(result, EagerResult) and result.failed():
        # An eager run that raised: Celery stored the exception in the result.
        logger.error(
            "%s%r failed in-process: %r; the periodic sweep will pick it up",
            task.name,
            args,
            result.result,
        )
        return False
    return True


def queue_after_commit(task, *args) -> None:
    """Queue the task once the current transaction commits (at once outside one)."""
    # robust: whatever still escapes queue_now is logged by Django, never raised into a
    # request whose transaction has committed.
    transaction.on_commit(partial(queue_now, task, *args), robust=True)
