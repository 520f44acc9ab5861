"""Send the outbox's due mail now: what beat's sweep does every minute."""

from django.core.management.base import BaseCommand

from taskforce.background import sending
from taskforce.background.jobs import periodic_job


class Command(BaseCommand):
    help = (
        "Send the mail that is due in the outbox (queued, or retrying whose time has come), "
        "put back mail stuck 'sending' for 10 minutes, and fail mail too old to send. "
        "Beat runs the same every minute; safe to run at any time."
    )

    def handle(self, *args, **options):
        counts = periodic_job("sweep-outbox", sending.sweep)
        if counts is None:
            self.stdout.write(self.style.WARNING("Another sweep is running; nothing done."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                "Sent {sent}; {requeued} stuck queued again; {given_up} given up.".format(**counts)
            )
        )
