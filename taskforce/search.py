"""Site search across themes, recommendations, working groups, organizations and documents.

On PostgreSQL it uses full-text search with the stemming of the visitor's language, ranked;
elsewhere (SQLite in development and tests) a case-insensitive match on the same fields.
Each section is capped, so a search runs a fixed number of queries whatever the data size.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from workinggroups.models import Organization, WorkingGroup

from .models import Recommendation, Theme

MAX_RESULTS_PER_SECTION = 20
MAX_QUERY_LENGTH = 200

SEARCH_CONFIGS = {"en": "english", "es": "spanish"}


@dataclass
class Section:
    title: str
    results: list = field(default_factory=list)


def _columns(fields):
    """Both languages' columns of translated fields: a Spanish page still finds a name
    that exists only in English, and the reverse."""
    columns = []
    for name in fields:
        if name.startswith("="):  # an untranslated field, such as an acronym
            columns.append(name[1:])
        else:
            columns.extend(f"{name}_{code}" for code in SEARCH_CONFIGS)
    return columns


def _match(queryset, fields, query, language):
    columns = _columns(fields)
    if connection.vendor == "postgresql":
        config = SEARCH_CONFIGS.get(language, "simple")
        vector = SearchVector(*columns, config=config)
        search = SearchQuery(query, config=config, search_type="websearch")
        # Filter on the match itself: ts_rank gives non-matches a tiny positive rank when
        # the query excludes a word ("transport -cities"), so it only orders.
        return (
            queryset.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "pk")
        )
    condition = reduce(or_, (Q(**{f"{column}__icontains": query}) for column in columns))
    return queryset.filter(condition)


def clean_query(query):
    """What a visitor typed, made safe to search for: PostgreSQL refuses NUL characters."""
    return query.replace("\x00", "").strip()[:MAX_QUERY_LENGTH].strip()


def search(query):
    """The sections of results for a query, in the active language."""
    query = clean_query(query)
    if not query:
        return []
    language = get_language() if get_language() in SEARCH_CONFIGS else "en"
    plans = [
        (_("Themes"), Theme.objects.all(), ["name", "summary", "description"]),
        (
            _("Recommendations"),
            Recommendation.objects.select_related("theme"),
            ["title", "description"],
        ),
        (
            _("Working groups"),
            WorkingGroup.objects.all(),
            ["name", "summary", "focus", "description"],
        ),
        (_("Organizations"), Organization.objects.public(), ["name", "=acronym", "description"]),
        (_("Documents"), Document.objects.published(), ["title", "summary", "publisher"]),
    ]
    if apps.is_installed("registrations"):
        # Looked up by name: the content apps do not import the registrations app.
        Event = apps.get_model("registrations", "Event")
        plans.append((_("Events"), Event.objects.published(), ["title", "description", "venue"]))
    sections = []
    for title, queryset, fields in plans:
        results = list(_match(queryset, fields, query, language)[:MAX_RESULTS_PER_SECTION])
        if results:
            sections.append(Section(title=title, results=results))
    return sections
