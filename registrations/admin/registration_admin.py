"""Registrations for coordinators: listed, filtered and read here; nobody adds one (they
come from the registration form), and a registration's event and status are read-only
(a seat moves only through services.py, by the actions)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from ..models import Registration
from .data_rights import DataRightsMixin
from .registration_actions import RegistrationActionsMixin


@admin.register(Registration)
class RegistrationAdmin(DataRightsMixin, RegistrationActionsMixin, admin.ModelAdmin):
    list_display = [
        "full_name",
        "email",
        "event",
        "status",
        "sector",
        "country",
        "created_at",
        "attended",
    ]
    list_filter = [
        "event",
        "status",
        "sector",
        ("country", CountryFilter),
        "attendance_mode",
        "interpretation",
        "attended",
    ]
    list_select_related = ["event"]
    search_fields = ["full_name", "email", "organization"]
    readonly_fields = [
        "event",
        "status",
        "created_at",
        "cancelled_at",
        "reminder_sent_at",
        "consent_at",
        "privacy_notice_version",
        "token",
        "is_anonymised",
    ]
    fieldsets = [
        (None, {"fields": [("event", "status"), "attended"]}),
        (
            _("Registrant"),
            {
                "fields": [
                    ("full_name", "email"),
                    ("organization", "job_title"),
                    ("sector", "country"),
                    ("attendance_mode", "interpretation", "language"),
                    "needs",
                ]
            },
        ),
        (
            _("Consent and record"),
            {
                "fields": [
                    ("created_at", "cancelled_at", "reminder_sent_at"),
                    ("consent_at", "privacy_notice_version"),
                    "token",
                    "is_anonymised",
                ]
            },
        ),
    ]
    actions = RegistrationActionsMixin.actions

    def has_add_permission(self, request):
        return False
