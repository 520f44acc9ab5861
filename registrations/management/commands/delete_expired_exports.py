"""Delete the exports built in the background that may no longer be downloaded (beat runs
it every 10 minutes): their files hold registrants' personal data, kept no longer than the
hour the download is offered. It also queues again the builds whose task was lost."""

from django.core.management.base import BaseCommand

from registrations.background_exports import exports_delete_expired, exports_requeue_waiting


class Command(BaseCommand):
    help = (
        "Delete the files and rows of registrant exports an hour after they were ready (or "
        "failed), of exports stuck unfinished for two hours, and export files that no export "
        "names any more; queue again the builds still waiting after 10 minutes. Safe to run "
        "again."
    )

    def handle(self, *args, **options):
        deleted = exports_delete_expired()
        requeued = exports_requeue_waiting()
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {deleted} expired exports; queued {requeued} waiting ones again."
            )
        )
