from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from taskforce.core.admin_site import HTTPS_URLS, side_by_side
from taskforce.core.content_admin import ContentAdmin
from taskforce.core.pagecache import content_changed

from . import text
from .models import Document


@admin.register(Document)
class DocumentAdmin(ContentAdmin):
    bilingual_to_publish = ("summary",)
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "kind", "published_on", "language", "is_published", "is_demo"]
    list_filter = [
        "is_published",
        "kind",
        "language",
        "text_status",
        "themes",
        "working_groups",
        "is_demo",
    ]
    list_editable = ["is_published"]
    search_fields = ["title_en", "title_es", "summary_en", "summary_es", "publisher_en"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["other_language_version"]
    filter_horizontal = ["themes", "working_groups"]
    actions = ["publish", "unpublish", "read_again"]
    readonly_fields = ["search_inside"]
    fieldsets = [
        (None, {"fields": [*side_by_side("title", "summary", "publisher"), "slug"]}),
        (
            _("Publication"),
            {
                "fields": [
                    ("kind", "language"),
                    ("published_on", "date_precision"),
                    ("pages", "pages_are_approximate"),
                    "file",
                    "search_inside",
                    "external_url",
                    "other_language_version",
                    ("is_published", "is_demo"),
                    "publish_at",
                ]
            },
        ),
        (_("Topics"), {"fields": ["themes", "working_groups"]}),
    ]

    @admin.display(description=_("Search inside the file"))
    def search_inside(self, document):
        """Whether the file's words are found by the site search, and if not, why."""
        label = document.get_text_status_display()
        if document.text_status == Document.TextStatus.INDEXED:
            pages = document.text_pages.count()
            return ngettext(
                "%(label)s: %(count)d page of text.", "%(label)s: %(count)d pages of text.", pages
            ) % {"label": label, "count": pages}
        if document.text_status == Document.TextStatus.FAILED and document.text_error:
            return f"{label}: {document.text_error}"
        return label

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Document.objects.filter(pk=obj.pk).mark_visible()  # announced in digests once published
        if "file" in form.changed_data:
            text.request_reading(obj)  # read by the worker after the commit

    @admin.action(description=_("Read the text of the selected documents' files again"))
    def read_again(self, request, queryset):
        for document in queryset:
            text.request_reading(document)
        self.message_user(
            request,
            _("Their files will be read in the background; each document’s page says when."),
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish the selected documents"))
    def publish(self, request, queryset):
        # As the form does: not a summary written in one language only.
        filled_en, filled_es = Q(summary_en__gt=""), Q(summary_es__gt="")
        one_language = queryset.filter((filled_en & ~filled_es) | (~filled_en & filled_es))
        held_back = one_language.count()
        count = queryset.exclude(pk__in=one_language.values("pk")).update(is_published=True)
        queryset.mark_visible()
        content_changed()  # update() sends no signal: renew the cached pages here
        self.message_user(
            request,
            ngettext("%(count)d document published.", "%(count)d documents published.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if held_back:
            self.message_user(
                request,
                ngettext(
                    "%(count)d document not published: its summary is in one language only.",
                    "%(count)d documents not published: their summary is in one language only.",
                    held_back,
                )
                % {"count": held_back},
                messages.WARNING,
            )

    @admin.action(description=_("Unpublish the selected documents"))
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        content_changed()
        self.message_user(
            request,
            ngettext(
                "%(count)d document returned to draft.",
                "%(count)d documents returned to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
