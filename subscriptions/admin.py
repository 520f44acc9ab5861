from django.contrib import admin

from .models import Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Staff see who follows what (to answer a data-rights request); subscribers change
    their own topics through their link."""

    list_display = ["email", "language", "confirmed_at", "digest_sent_at"]
    list_filter = ["language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "topics", "language", "created_at", "consent_at", "confirmed_at"]
    fields = [*readonly_fields, "digest_sent_at"]

    def has_add_permission(self, request):
        return False  # only their owners subscribe, through the double opt-in
