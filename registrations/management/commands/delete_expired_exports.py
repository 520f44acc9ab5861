"""Delete the exports built in the background that may no longer be downloaded (beat runs
it every 10 minutes): their files hold registrants' personal data, kept no longer than the
hour the download is offered."""

from django.core.management.base import BaseCommand

from registrations.background_exports import exports_delete_expired


class Command(BaseCommand):
    help = (
        "Delete the files and rows of registrant exports an hour after they were ready (or "
        "failed), of exports stuck unfinished for two hours, and export files that no export "
        "names any more. Safe to run again."
    )

    def handle(self, *args, **options):
        deleted = exports_delete_expired()
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} expired exports."))
