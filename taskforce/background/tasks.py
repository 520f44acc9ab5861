"""The outbox's Celery tasks. None of them retries through the broker: a message that must
wait keeps its time in the database, and the sweep (every minute) sends what is due."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import sending
from .jobs import periodic_job
from .models import ACCOUNT_KIND_PREFIX, ERASED_ADDRESS, Email


@shared_task(name="taskforce.background.tasks.send_email")
def send_email(pk):
    return sending.send_one(pk)


@shared_task(name="taskforce.background.tasks.sweep_outbox")
def sweep_outbox():
    return periodic_job("sweep-outbox", sending.sweep)


def delete_old_bodies(days=None):
    """Mail sent (or failed, or aborted) more than MAIL_RETENTION_DAYS ago keeps its status,
    address, subject and dates; its body and attachment are deleted."""
    days = settings.MAIL_RETENTION_DAYS if days is None else days
    limit = timezone.now() - timedelta(days=days)
    finished = Q(status=Email.Status.SENT, sent_at__lt=limit) | Q(
        status__in=[Email.Status.FAILED, Email.Status.ABORTED], created_at__lt=limit
    )
    count = Email.objects.filter(finished, body_deleted_at=None).update(
        body_text="", body_html="", attachment="", body_deleted_at=timezone.now()
    )
    # An account's mail belongs to no registration that the registrations' purge would
    # anonymise: its address goes with its body.
    Email.objects.filter(finished, kind__startswith=ACCOUNT_KIND_PREFIX).exclude(
        to=ERASED_ADDRESS
    ).update(to=ERASED_ADDRESS, last_error="")
    return count


@shared_task(name="taskforce.background.tasks.purge_mail_bodies")
def purge_mail_bodies():
    return periodic_job("purge-mail-bodies", delete_old_bodies)
