"""Email a reminder to every confirmed registrant of the events that start soon; for cron.

Each registration gets its reminder once. Before sending, a run claims the registration with
a conditional UPDATE (reminder_sent_at from empty to now), committed at once: when two runs
overlap, only the one whose UPDATE changed the row sends. A send that fails is logged and
the claim is released, so the next run tries again. A run killed between claim and send
leaves that one reminder unsent rather than risk sending it twice.
"""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registrations import emails
from registrations.models import Registration

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Email a reminder to each confirmed registrant of the published events starting "
        "within the next --hours (default: EVENT_REMINDER_HOURS). Sends each reminder once, "
        "so it can run from cron as often as you like; a failed send is retried next run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=settings.EVENT_REMINDER_HOURS,
            help="remind of events starting within this many hours "
            f"(default {settings.EVENT_REMINDER_HOURS})",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list the reminders due; send nothing"
        )

    def handle(self, *args, hours, dry_run, **options):
        if hours <= 0:
            raise CommandError(f"--hours must be more than zero (got {hours}).")
        now = timezone.now()
        due = Registration.objects.reminder_due(hours=hours, now=now)
        if dry_run:
            self.list_due(due)
            return
        sent = failed = 0
        events = set()
        # Read the whole list first: the loop writes to the rows the query selects.
        for registration in list(due):
            if not self.claim(registration, now):
                continue  # another run has taken it, or it was cancelled meanwhile
            events.add(registration.event_id)
            if self.send(registration):
                sent += 1
            else:
                failed += 1
                # Release the claim (only ours: the timestamp is this run's) for a retry.
                Registration.objects.filter(pk=registration.pk, reminder_sent_at=now).update(
                    reminder_sent_at=None
                )
        style = self.style.WARNING if failed else self.style.SUCCESS
        self.stdout.write(
            style(f"Sent {sent} reminders ({failed} failed) for {len(events)} events.")
        )

    def claim(self, registration, now):
        claimed = Registration.objects.filter(
            pk=registration.pk,
            reminder_sent_at=None,
            status=Registration.Status.CONFIRMED,
            is_anonymised=False,
        ).update(reminder_sent_at=now)
        return claimed == 1

    def send(self, registration):
        try:
            delivered = emails.send_reminder_email(registration)
        except Exception:
            # send_reminder_email logs and returns False when the mail server fails; this
            # catches anything else (a template error), so one bad row cannot stop the run.
            logger.exception("Could not prepare the reminder of registration %s", registration.pk)
            delivered = False
        if not delivered:
            logger.warning(
                "Reminder of registration %s (event %s) not sent; the next run will retry it.",
                registration.pk,
                registration.event.slug,
            )
        return delivered

    def list_due(self, due):
        events = set()
        count = 0
        for registration in due.iterator(chunk_size=500):
            event = registration.event
            events.add(event.pk)
            count += 1
            self.stdout.write(
                f"{event.starts_at.astimezone(event.zone):%Y-%m-%d %H:%M %Z}  {event.slug}  "
                f"{registration.email}  ({registration.language})"
            )
        self.stdout.write(f"Would send {count} reminders for {len(events)} events (dry run).")
