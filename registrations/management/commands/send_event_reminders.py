"""Queue a reminder for every confirmed registrant of the events that start soon (beat runs
it every 15 minutes: registrations/tasks.py; it is safe to run by hand at any time).

Each registration gets its reminder once: a run claims the registration with a conditional
UPDATE (reminder_sent_at from empty to now) and writes its outbox row in the same
transaction, so a reminder is either claimed and queued, or neither. The outbox sends it,
with retries (taskforce/background).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from registrations import emails
from registrations.models import Registration


class Command(BaseCommand):
    help = (
        "Email a reminder to each confirmed registrant of the published events starting "
        "within the next --hours (default: EVENT_REMINDER_HOURS). Queues each reminder once, "
        "so it can run as often as you like; the outbox sends and retries them."
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
        queued = 0
        events = set()
        with transaction.atomic():
            # Read the whole list first: the loop writes to the rows the query selects.
            for registration in list(due.select_related("event")):
                if not self.claim(registration, now):
                    continue  # another run has taken it, or it was cancelled meanwhile
                emails.queue_reminder_email(registration)
                events.add(registration.event_id)
                queued += 1
        self.stdout.write(
            self.style.SUCCESS(f"Queued {queued} reminders for {len(events)} events.")
        )

    def claim(self, registration, now):
        claimed = Registration.objects.filter(
            pk=registration.pk,
            reminder_sent_at=None,
            status=Registration.Status.CONFIRMED,
            is_anonymised=False,
        ).update(reminder_sent_at=now)
        return claimed == 1

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
