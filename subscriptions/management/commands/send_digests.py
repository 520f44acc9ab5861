"""Send the subscription digests that are due (beat runs it every hour)."""

from django.core.management.base import BaseCommand

from subscriptions import services


class Command(BaseCommand):
    help = (
        "Queue each confirmed subscriber's digest of what was published in their topics since "
        "their last one, at most one a day. Idempotent: nothing is sent twice."
    )

    def handle(self, *args, **options):
        sent = services.send_digests()
        self.stdout.write(self.style.SUCCESS(f"Queued {sent} digests."))
