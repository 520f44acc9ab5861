"""Read the text of every document's PDF again into the search (after a change of
pypdf, of the text-search configurations, or a restore); with --pending, only those left
waiting (beat runs that every 10 minutes)."""

from django.core.management.base import BaseCommand

from documents import text
from documents.models import Document


class Command(BaseCommand):
    help = (
        "Read the text of the documents' PDF files, page by page, into the search inside "
        "documents. --pending: only those still waiting 10 minutes after their upload."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending",
            action="store_true",
            help="only the documents whose reading was queued and did not happen",
        )

    def handle(self, *args, pending=False, **options):
        if pending:
            count = text.read_pending()
            self.stdout.write(self.style.SUCCESS(f"Read {count} pending documents."))
            return
        statuses = {}
        documents = Document.objects.exclude(file="").values_list("pk", flat=True)
        for pk in documents.iterator():
            status = text.read_text(pk)
            statuses[status] = statuses.get(status, 0) + 1
        labels = dict(Document.TextStatus.choices)
        summary = ", ".join(
            f"{count} {labels.get(status, status)}" for status, count in sorted(statuses.items())
        )
        self.stdout.write(self.style.SUCCESS(f"Documents read: {summary or 'none'}."))
