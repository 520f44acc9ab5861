from django.core.management.base import BaseCommand
from django.db import transaction

from documents.models import Document
from taskforce import content
from taskforce.roadmap.models import KeyFigure, Milestone, Recommendation, Theme
from workinggroups.models import Organization, WorkingGroup


class Command(BaseCommand):
    help = (
        "Load or update the task force's real content (key figures, themes, working groups, "
        "documents' metadata, milestones) in English and Spanish. Idempotent: each item is "
        "found by its natural key (slug, order, date) and updated in place; nothing else is "
        "touched, so it is safe to run in production."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for order, figure in enumerate(content.KEY_FIGURES, start=1):
            KeyFigure.objects.update_or_create(order=order, defaults=figure)

        themes = {}
        for order, theme in enumerate(content.THEMES, start=1):
            slug = theme["slug"]
            fields = {key: value for key, value in theme.items() if key != "slug"}
            themes[slug], _ = Theme.objects.update_or_create(
                slug=slug, defaults={**fields, "order": order}
            )

        for order, recommendation in enumerate(content.RECOMMENDATIONS, start=1):
            fields = dict(recommendation)
            theme = themes[fields.pop("theme")]
            Recommendation.objects.update_or_create(
                theme=theme,
                title_en=fields.pop("title_en"),
                defaults={**fields, "order": order, "is_demo": False},
            )

        for group in content.WORKING_GROUPS:
            fields = {key: value for key, value in group.items() if key != "slug"}
            WorkingGroup.objects.update_or_create(
                slug=group["slug"], defaults={**fields, "contact_email": content.CONTACT_EMAIL}
            )

        for organization in content.ORGANIZATIONS:
            fields = {key: value for key, value in organization.items() if key != "acronym"}
            Organization.objects.update_or_create(
                acronym=organization["acronym"],
                is_demo=False,
                defaults={**fields, "is_public": True},
            )

        documents = {}
        for document in content.DOCUMENTS:
            fields = {
                key: value for key, value in document.items() if key not in {"slug", "themes"}
            }
            documents[document["slug"]], _ = Document.objects.update_or_create(
                slug=document["slug"], defaults={**fields, "is_published": True, "is_demo": False}
            )
            documents[document["slug"]].themes.set([themes[slug] for slug in document["themes"]])

        for milestone in content.MILESTONES:
            fields = dict(milestone)
            document_slug = fields.pop("document", None)
            Milestone.objects.update_or_create(
                date=fields.pop("date"),
                defaults={**fields, "document": documents.get(document_slug)},
            )

        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(content.KEY_FIGURES)} key figures, {len(themes)} themes, "
                f"{len(content.RECOMMENDATIONS)} recommendation(s), "
                f"{len(content.WORKING_GROUPS)} working groups, "
                f"{len(content.ORGANIZATIONS)} organizations, {len(documents)} documents and "
                f"{len(content.MILESTONES)} milestones."
            )
        )
