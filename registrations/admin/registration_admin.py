"""Registrations for coordinators: listed, filtered and read here; nobody adds one (they
come from the registration form), and a registration's event and status are read-only
(a seat moves only through services.py, by the actions)."""

from django.contrib import admin
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from taskforce.background.admin import delivery_text, kind_label
from taskforce.background.models import Email

from .. import emails
from ..models import Registration
from .data_rights import DataRightsMixin
from .registration_actions import RegistrationActionsMixin


def with_last_email(registrations):
    """Each registration with the status of its latest email (its delivery, for the list)."""
    latest = Email.objects.latest_of_registration()
    return registrations.annotate(
        last_email_status=Subquery(latest.values("status")[:1]),
        last_email_next_attempt_at=Subquery(latest.values("next_attempt_at")[:1]),
        last_email_error=Subquery(latest.values("last_error")[:1]),
    )


class UndeliveredEmailFilter(admin.SimpleListFilter):
    title = _("email")
    parameter_name = "email_delivery"

    def lookups(self, request, model_admin):
        return [
            ("undelivered", _("Email not delivered")),
            ("confirmation", _("Confirmation not delivered yet")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "undelivered":
            return queryset.filter(last_email_status__in=Email.UNDELIVERED)
        if self.value() == "confirmation":
            return emails.with_confirmation_status(queryset.active()).filter(
                confirmation_status__in=Email.UNDELIVERED
            )
        return queryset


class EmailInline(admin.TabularInline):
    """The registration's emails, newest first, with their delivery."""

    model = Email
    fields = ["created_at", "kind_name", "language", "delivery", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-created_at", "-pk"]
    verbose_name_plural = _("Emails")

    @admin.display(description=_("kind"))
    def kind_name(self, email):
        return kind_label(email.kind)

    @admin.display(description=_("delivery"))
    def delivery(self, email):
        return delivery_text(email.status, email.next_attempt_at, email.last_error)

    def has_add_permission(self, request, obj=None):
        return False


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
        "last_email",
    ]
    list_filter = [
        UndeliveredEmailFilter,
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
    inlines = [EmailInline]

    def get_queryset(self, request):
        return with_last_email(super().get_queryset(request))

    @admin.display(description=_("Last email"), ordering="last_email_status")
    def last_email(self, registration):
        if not registration.last_email_status:
            return "–"
        return delivery_text(
            registration.last_email_status,
            registration.last_email_next_attempt_at,
            registration.last_email_error,
        )

    def has_add_permission(self, request):
        return False
