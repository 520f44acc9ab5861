"""Delete the bodies and attachments of old mail; the delivery status stays."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from taskforce.background.jobs import periodic_job
from taskforce.background.tasks import delete_old_bodies


class Command(BaseCommand):
    help = (
        "Delete the body and attachment of mail sent (or failed) more than --days ago "
        "(default MAIL_RETENTION_DAYS); its status, address, subject and dates stay. "
        "Beat runs it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.MAIL_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError(f"--days must be zero or more (got {days}).")
        count = periodic_job("purge-mail-bodies", delete_old_bodies, days)
        self.stdout.write(self.style.SUCCESS(f"Deleted the bodies of {count or 0} emails."))
