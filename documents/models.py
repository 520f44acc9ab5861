import secrets
from pathlib import PurePath

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from taskforce.core import textsearch
from taskforce.core.fields import (
    DatePrecision,
    date_precision_field,
    format_partial_date,
    machine_readable_date,
    sample_data_flag,
)
from taskforce.core.publication import published_by_now, visible_from

from .validators import validate_document_file


def document_upload_to(instance, filename):
    """A random name, so uploads cannot be guessed or overwrite each other."""
    extension = PurePath(filename).suffix.lower()
    return f"documents/{secrets.token_urlsafe(16)}{extension}"


# The fields a text search looks in, both languages of each (taskforce/core/textsearch.py).
SEARCH_FIELDS = ["title", "summary", "publisher"]


class DocumentQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(published_by_now(now=now))

    def mark_visible(self, now=None):
        """Published by an editor: from the time it becomes visible, in the subscribers'
        digests (once). Rows a content loader makes are never marked, so never announced."""
        return self.filter(is_published=True, visible_since=None).update(
            visible_since=visible_from(now or timezone.now())
        )

    def search(self, query, language=None):
        """The documents that match what a visitor typed: the one document search, asked by
        the documents list's `?q=` and the site search page alike. On PostgreSQL the rows
        carry a `rank`; an empty query matches nothing."""
        query = textsearch.clean_query(query)
        if not query:
            return self.none()
        # A document is found by its words (title, summary, publisher) or by those of its
        # file's pages; `matched_page` is the first page that holds the query (or None).
        pages = DocumentPage.objects.matching(query).filter(document=models.OuterRef("pk"))
        return textsearch.matching(
            self, SEARCH_FIELDS, query, language, or_where=models.Exists(pages)
        ).annotate(matched_page=models.Subquery(pages.order_by("number").values("number")[:1]))

    def for_theme(self, theme):
        return self.filter(themes=theme)

    def for_working_group(self, group):
        return self.filter(working_groups=group)

    def latest_first(self):
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-id")

    def real_first(self):
        """The latest first, the task force's own before sample documents: a short list
        (home, a theme, a group) never hides a real publication behind newer samples."""
        return self.order_by("is_demo", models.F("published_on").desc(nulls_last=True), "-id")

    def years(self):
        return (
            self.exclude(published_on=None)
            .annotate(year=ExtractYear("published_on"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )


class Document(models.Model):
    class TextStatus(models.TextChoices):
        NOT_READ = "", _("Not read (only PDF files are searched inside)")
        PENDING = "pending", _("Being read")
        INDEXED = "indexed", _("Searchable")
        NO_TEXT = "no_text", _("No text found: a scanned PDF? Its contents cannot be searched.")
        FAILED = "failed", _("Could not be read")

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        ROADMAP = "roadmap", _("Road map")
        CONCEPT_NOTE = "concept_note", _("Concept note")
        PRESENTATION = "presentation", _("Presentation")
        MINUTES = "minutes", _("Minutes")
        POLICY_BRIEF = "policy_brief", _("Policy brief")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")
        BILINGUAL = "bilingual", _("English and Spanish")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    date_precision = date_precision_field()
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    # Blank when the sources do not say: the public page then shows no language at all.
    language = models.CharField(
        _("language of the document"), max_length=10, choices=Language.choices, blank=True
    )
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    pages_are_approximate = models.BooleanField(
        _("number of pages is approximate"),
        default=False,
        help_text=_("Shown as “about 180 pages” when the source gives only an approximation."),
    )
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        blank=True,
        validators=[validate_document_file],
        help_text=_("PDF, DOCX, PPTX or XLSX, at most 25 MB."),
    )
    external_url = models.URLField(_("external link"), max_length=500, blank=True)
    other_language_version = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("same document in the other language"),
    )
    themes = models.ManyToManyField(
        "taskforce.Theme", related_name="documents", blank=True, verbose_name=_("themes")
    )
    working_groups = models.ManyToManyField(
        "workinggroups.WorkingGroup",
        related_name="documents",
        blank=True,
        verbose_name=_("working groups"),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Drafts are visible only in the admin.")
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Empty: as soon as it is published. Otherwise it appears at this time."),
    )
    is_demo = sample_data_flag()
    # When an editor first published it (digests announce what became visible since).
    visible_since = models.DateTimeField(_("published on the portal"), null=True, editable=False)
    # Whether the file's text is in the search (documents/text.py), and why not.
    text_status = models.CharField(
        _("search inside the file"),
        max_length=10,
        choices=TextStatus.choices,
        blank=True,
        default="",
        editable=False,
    )
    text_error = models.TextField(_("why the file could not be read"), blank=True, editable=False)
    # When the file was last queued to be read, or read: a beat job reads again what stayed
    # pending (a worker that died, a broker that was down).
    text_read_at = models.DateTimeField(_("file read at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["is_published", "published_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.slug])

    def is_visible(self, now=None):
        return self.is_published and (
            self.publish_at is None or self.publish_at <= (now or timezone.now())
        )

    @property
    def display_date(self):
        return format_partial_date(self.published_on, self.date_precision)

    @property
    def machine_date(self):
        return machine_readable_date(self.published_on, self.date_precision)

    @property
    def date_is_exact(self):
        """Whether the day of publication is known, not only its month or year."""
        return self.published_on is not None and self.date_precision == DatePrecision.DAY

    @property
    def file_extension(self):
        return PurePath(self.file.name).suffix.lstrip(".").upper() if self.file else ""

    @property
    def length(self):
        """The number of pages in words ("about 180 pages"), or "" when it is not known."""
        if not self.pages:
            return ""
        if self.pages_are_approximate:
            text = ngettext("about %(counter)s page", "about %(counter)s pages", self.pages)
        else:
            text = ngettext("%(counter)s page", "%(counter)s pages", self.pages)
        return text % {"counter": self.pages}

    @property
    def citation(self):
        """A plain citation line, URL-less, for copying: "Publisher. Title, February 2023.
        Road map, about 180 pages." What is not known is left out, and so is the type when
        the title already says it ("Progress report …" is not followed by "Report")."""
        parts = []
        if self.publisher:
            parts.append(f"{self.publisher}.")
        parts.append(
            f"{self.title}, {self.display_date}." if self.display_date else f"{self.title}."
        )
        kind = str(self.get_kind_display())
        details = [] if kind.lower() in self.title.lower() else [kind]
        if self.length:
            details.append(self.length)
        if details:
            parts.append(capfirst(", ".join(details)) + ".")
        return " ".join(parts)


class DocumentPageQuerySet(models.QuerySet):
    def matching(self, query):
        """The pages whose text holds `query` (the site search's rules)."""
        return textsearch.matching_stored(
            self, {"search_en": "en", "search_es": "es"}, "text", query
        )


class DocumentPage(models.Model):
    """The text of one page of a document's PDF, as pypdf reads it, with its full-text
    vectors: English, Spanish or both, after the document's language (both when it is not
    known). Filled by documents/text.py; on PostgreSQL the vectors have GIN indexes (made by
    migration 0005, which SQLite skips)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="text_pages", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"))
    search_en = SearchVectorField(null=True, editable=False)
    search_es = SearchVectorField(null=True, editable=False)

    objects = DocumentPageQuerySet.as_manager()

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("page of text")
        verbose_name_plural = _("pages of text")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_text_per_page")
        ]

    def __str__(self):
        return f"{self.document} p. {self.number}"
