"""The site search page's results: every app's public rows, one section each, matched by
the core's one text match (taskforce/core/textsearch.py). Each section is capped, so a
search runs a fixed number of queries whatever the data size."""

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from documents.models import Document, DocumentPage
from registrations.models import Event
from taskforce.core.textsearch import SEARCH_CONFIGS, clean_query, excerpt, matching
from taskforce.roadmap.models import Recommendation, Theme
from workinggroups.models import Organization, WorkingGroup

MAX_RESULTS_PER_SECTION = 20


@dataclass
class Hit:
    """A result: the row, a passage of its text, and for documents and events their date
    (`date` for the <time> element, `date_label` as the page shows it)."""

    item: object
    excerpt: str = ""
    date: datetime.date | None = None
    date_label: str = ""
    machine_date: str = ""  # for <time datetime>: "2023-02" when only the month is known
    page: int | None = None  # a document found inside its file: the page of the excerpt

    @classmethod
    def of(cls, item, excerpt_fields, query):
        hit = cls(item, excerpt([getattr(item, name) for name in excerpt_fields], query))
        if isinstance(item, Document) and item.published_on:
            hit.date, hit.date_label = item.published_on, item.display_date
            hit.machine_date = item.machine_date
        elif getattr(item, "starts_at", None):  # an event: its day where it takes place
            hit.date = item.starts_at.astimezone(item.zone).date()
            hit.date_label = date_format(hit.date, "DATE_FORMAT")
            hit.machine_date = hit.date.isoformat()
        return hit


def _passages_inside_files(hits, query):
    """Documents found by words inside their file, not in their own summary: the excerpt
    comes from the first page that holds the query, with its number (one query)."""
    wanted = {
        (hit.item.pk, hit.item.matched_page): hit
        for hit in hits
        if getattr(hit.item, "matched_page", None) and "<mark>" not in hit.excerpt
    }
    if not wanted:
        return
    where = reduce(or_, (Q(document_id=pk, number=number) for pk, number in wanted))
    for page in DocumentPage.objects.filter(where).only("document_id", "number", "text"):
        hit = wanted[(page.document_id, page.number)]
        hit.page, hit.excerpt = page.number, excerpt([page.text], query)


@dataclass
class Section:
    title: str
    results: list = field(default_factory=list)


def search(query):
    """The sections of results for a query, in the active language."""
    query = clean_query(query)
    if not query:
        return []
    language = get_language() if get_language() in SEARCH_CONFIGS else "en"

    def find(queryset, fields):  # fields searched ("=name": not translated)
        return matching(queryset, fields, query, language)

    # (section title, matching rows, fields the excerpt is taken from, in order of preference)
    plans = [
        (_("Themes"), find(Theme.objects.all(), ["name", "summary", "description"]), ["summary"]),
        (
            _("Recommendations"),
            find(Recommendation.objects.select_related("theme"), ["title", "description"]),
            ["description"],
        ),
        (
            _("Working groups"),
            find(WorkingGroup.objects.all(), ["name", "summary", "focus", "description"]),
            ["summary", "focus", "description"],
        ),
        (
            _("Organizations"),
            find(Organization.objects.public(), ["name", "=acronym", "description"]),
            ["description"],
        ),
        # The documents list's own search (its ?q=), so both find the same documents.
        (
            _("Documents"),
            Document.objects.published().search(query, language),
            ["summary", "publisher"],
        ),
        (
            _("Events"),
            find(Event.objects.published(), ["title", "description", "venue"]),
            ["description", "venue"],
        ),
    ]
    sections = []
    for title, rows, excerpt_fields in plans:
        rows = rows.order_by("-rank", "pk") if connection.vendor == "postgresql" else rows
        results = [Hit.of(item, excerpt_fields, query) for item in rows[:MAX_RESULTS_PER_SECTION]]
        _passages_inside_files(results, query)
        if results:
            sections.append(Section(title=title, results=results))
    return sections
