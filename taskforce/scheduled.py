"""Scheduled publication coming true: documents and events appear (publish_at) and events
are withdrawn (unpublish_at) when a page is read after that time, but cached pages were
stored before it. Beat runs `publish_scheduled` every minute: when such a time passed
since its last run, every cached page renews, and the subscribers' digests are queued."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from documents.models import Document
from registrations.models import Event
from subscriptions.tasks import send_digests
from taskforce.background.models import JobRun
from taskforce.core.background import queue_now
from taskforce.core.pagecache import content_changed

JOB = "publish-scheduled"
# The first run (or one after a long outage) looks this far back.
FIRST_LOOK_BACK = timedelta(days=1)


def publish_scheduled(now=None) -> int:
    """How many documents and events appeared or were withdrawn since the last run."""
    now = now or timezone.now()
    last = JobRun.objects.filter(name=JOB).values_list("finished_at", flat=True).first()
    since = min(last or now - FIRST_LOOK_BACK, now)
    window = {"gt": since, "lte": now}
    appeared = Q(publish_at__gt=window["gt"], publish_at__lte=window["lte"])
    documents = Document.objects.filter(appeared, is_published=True).count()
    events = Event.objects.filter(
        appeared | Q(unpublish_at__gt=window["gt"], unpublish_at__lte=window["lte"]),
        is_published=True,
    ).count()
    if documents or events:
        content_changed()
        queue_now(send_digests)
    return documents + events
