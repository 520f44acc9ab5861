"""Moving the outbox's clock: the waits it keeps in the database (a server check every
minute, a message's next try) are moved into the past, as if that time had gone by."""

from datetime import timedelta

from django.db.models import F

from taskforce.background.models import Email, MailServer


def time_passes(delta):
    Email.objects.filter(status__in=Email.WAITING).update(
        next_attempt_at=F("next_attempt_at") - delta
    )
    Email.objects.filter(status=Email.Status.SENDING).update(claimed_at=F("claimed_at") - delta)
    MailServer.objects.exclude(next_check_at=None).update(next_check_at=F("next_check_at") - delta)


def a_minute_passes():
    time_passes(timedelta(seconds=61))
