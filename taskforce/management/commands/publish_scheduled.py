"""Renew the cached pages when scheduled documents and events appear or go (beat runs it
every minute)."""

from django.core.management.base import BaseCommand

from taskforce.scheduled import publish_scheduled


class Command(BaseCommand):
    help = (
        "Renew every cached page, and queue the subscribers' digests, when documents or events "
        "reached their publication (or withdrawal) time since the last run."
    )

    def handle(self, *args, **options):
        count = publish_scheduled()
        self.stdout.write(self.style.SUCCESS(f"{count} documents and events appeared or went."))
