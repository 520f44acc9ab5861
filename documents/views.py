import datetime

from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from taskforce.core.pagination import ForgivingPaginationMixin
from taskforce.core.preview import PreviewMixin

from .filters import DocumentFilter
from .models import Document


class DocumentListView(ForgivingPaginationMixin, FilterView):
    template_name = "documents/document_list.html"
    filterset_class = DocumentFilter
    paginate_by = 20

    def get_queryset(self):
        return Document.objects.published().latest_first().prefetch_related("themes")


class DocumentDetailView(PreviewMixin, DetailView):
    template_name = "documents/document_detail.html"
    preview_permission = "documents.change_document"

    def get_queryset(self):
        return (
            Document.objects.published()
            .select_related("other_language_version")
            .prefetch_related("themes", "working_groups")
        )


class LatestDocumentsFeed(Feed):
    feed_type = Atom1Feed
    title = _("US–Mexico Transportation Electrification Task Force: reports and documents")
    subtitle = _("Reports, road maps and notes of the task force and its conveners.")
    link = reverse_lazy("documents:list")

    def items(self):
        return Document.objects.published().latest_first()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """The summary, after the publication date when only its month or year is known
        (the entry then has no <published> element, which would state a day)."""
        if item.published_on and not item.date_is_exact:
            published = _("Published %(date)s.") % {"date": item.display_date}
            return f"{published} {item.summary}".strip()
        return item.summary

    def item_pubdate(self, item):
        """The day of publication where it is known (as midnight UTC). A date known only to
        the month or year gives none: Atom's <published> would state a day. <updated> (when
        the portal last changed the entry) is always there."""
        if item.date_is_exact:
            return datetime.datetime.combine(item.published_on, datetime.time(), datetime.UTC)
        return None

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.publisher or None


def download(request, slug):
    """The document's file as an attachment under a readable name, whatever its stored
    (random) name; never rendered inline by the browser."""
    document = get_object_or_404(Document.objects.published(), slug=slug)
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    extension = document.file_extension.lower()
    return FileResponse(handle, as_attachment=True, filename=f"{document.slug}.{extension}")
