"""Access records: who exported a list, wrote to registrants, or looked up and checked in
someone at the desk. Superusers only (people may ask who has seen their data), and
nobody edits or deletes them here: they are the record."""

from django.contrib import admin

from ..models import AccessRecord


class SuperusersReadOnlyAdmin(admin.ModelAdmin):
    """Shown to superusers only, and changed by nobody here."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(SuperusersReadOnlyAdmin):
    list_display = ("at", "user", "action", "event", "registration", "detail")
    list_filter = ("action", ("at", admin.DateFieldListFilter))
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    date_hierarchy = "at"
    list_select_related = ("user", "event", "registration")
    readonly_fields = list_display
    fields = list_display
