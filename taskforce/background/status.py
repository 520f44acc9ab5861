"""What operators need to know that mail is moving: the backlog, its oldest message, the
mail server's state and beat's heartbeat (the sweep runs every minute)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from .models import Email, JobRun, MailServer

# Beat runs the sweep every minute: silent for this long, it is not running.
HEARTBEAT_LIMIT = timedelta(minutes=5)
# Mail waiting this long means the worker, the broker or the mail server needs a person.
BACKLOG_AGE_LIMIT = timedelta(minutes=30)


@dataclass
class BackgroundStatus:
    waiting: int
    oldest_waiting: datetime | None
    failed_last_day: int
    server_down_since: datetime | None
    heartbeat: datetime | None
    sweep_error: str
    with_worker: bool
    now: datetime

    @property
    def oldest_age(self):
        return self.now - self.oldest_waiting if self.oldest_waiting else None

    @property
    def heartbeat_age(self):
        return self.now - self.heartbeat if self.heartbeat else None

    @property
    def problems(self):
        found = []
        # Without a broker (make run) nothing beats: mail goes out in-process.
        if self.with_worker and (self.heartbeat is None or self.heartbeat_age > HEARTBEAT_LIMIT):
            found.append("beat silent: no sweep of the outbox for over 5 minutes")
        if self.oldest_age is not None and self.oldest_age > BACKLOG_AGE_LIMIT:
            found.append("mail due for over 30 minutes is not sent")
        if self.sweep_error:
            found.append("the last sweep of the outbox failed")
        return found


def background_status(now=None):
    now = now or timezone.now()
    # How long the most overdue message has been due: one that waits on purpose (a 4xx's
    # growing wait) is not late until its time has come and gone.
    due = Email.objects.due(now).aggregate(oldest=Min("next_attempt_at"))
    server = MailServer.objects.filter(pk=1).first()
    sweep = JobRun.objects.filter(name="sweep-outbox").first()
    return BackgroundStatus(
        waiting=Email.objects.waiting().count(),
        oldest_waiting=due["oldest"],
        failed_last_day=Email.objects.filter(
            status=Email.Status.FAILED, created_at__gte=now - timedelta(days=1)
        ).count(),
        server_down_since=server.down_since if server else None,
        heartbeat=sweep.started_at if sweep else None,
        sweep_error=sweep.last_error if sweep else "",
        with_worker=not settings.CELERY_TASK_ALWAYS_EAGER,
        now=now,
    )


def describe(status):
    """Plain text for monitors and people: one fact per line."""

    def age(delta):
        return "none" if delta is None else f"{int(delta.total_seconds())} s"

    lines = [
        "ok" if not status.problems else "problem: " + "; ".join(status.problems),
        f"mode: {'worker' if status.with_worker else 'in-process (no broker)'}",
        f"outbox waiting: {status.waiting}",
        f"most overdue: {age(status.oldest_age)}",
        f"failed in the last 24 h: {status.failed_last_day}",
        "mail server: "
        + (
            f"down since {status.server_down_since.isoformat()}"
            if status.server_down_since
            else "up"
        ),
        f"beat heartbeat: {age(status.heartbeat_age)} ago"
        if status.heartbeat
        else "beat heartbeat: never",
    ]
    return "\n".join(lines) + "\n"
