"""Anonymise the registrations of events that ended more than --days ago (beat runs it daily).

The privacy notice promises that personal data goes REGISTRATION_RETENTION_DAYS after the
meeting ends, keeping only anonymous counts; so --days defaults to that setting, and a
cron line needs no number of its own that could drift from what the notice says.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from registrations import services
from registrations.models import Registration

BATCH_SIZE = 1000


class Command(BaseCommand):
    help = (
        "Anonymise the personal data (name, email, organization, job title, needs, private "
        "link) of the registrations of events that ended more than --days ago (default: "
        "REGISTRATION_RETENTION_DAYS). Keeps event, status, sector, country, attendance and "
        "language, so the counts stay. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.REGISTRATION_RETENTION_DAYS,
            help="anonymise registrations of events that ended more than this many days ago "
            f"(default {settings.REGISTRATION_RETENTION_DAYS}, the privacy notice's period)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count the registrations; change nothing"
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError(f"--days must be zero or more (got {days}).")
        cutoff = timezone.now() - timedelta(days=days)
        due = Registration.objects.filter(is_anonymised=False, event__ends_at__lt=cutoff)
        if dry_run:
            self.stdout.write(
                f"Would anonymise {due.count()} registrations of events that ended more "
                f"than {days} days ago (dry run)."
            )
            return
        with transaction.atomic():
            pks = list(due.select_for_update(of=("self",)).values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH_SIZE):
                services.registrations_anonymise(pks=pks[start : start + BATCH_SIZE])
        self.stdout.write(
            self.style.SUCCESS(
                f"Anonymised {len(pks)} registrations of events that ended more than "
                f"{days} days ago."
            )
        )
