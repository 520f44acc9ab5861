"""Background exports, for whoever runs the site: which lists are being built, by whom, how
far along, and when each goes. Superusers only, and read-only: an export's file is for the
coordinator who asked for it alone (its page, /<lang>/exports/<id>/), so no link to it is
given here, and delete_expired_exports removes file and row together an hour after."""

from django.contrib import admin

from ..models import Export
from .access_admin import SuperusersReadOnlyAdmin


@admin.register(Export)
class ExportAdmin(SuperusersReadOnlyAdmin):
    list_display = (
        "created_at",
        "requested_by",
        "event",
        "status",
        "row_count",
        "rows_written",
        "finished_at",
        "expires_at",
    )
    list_filter = ("status",)
    date_hierarchy = "created_at"
    list_select_related = ("requested_by", "event")
    fields = (*list_display, "language", "started_at")
    readonly_fields = fields
