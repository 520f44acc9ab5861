"""The outbox in the admin: every email with its delivery status and the server's answer;
send again, or stop, what has not gone out."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from taskforce.core.background import queue_after_commit

from . import reasons
from .models import ACCOUNT_KIND_PREFIX, Email, RefusedAddress
from .rendering import RENDERERS

SENDABLE_AGAIN = [
    Email.Status.QUEUED,
    Email.Status.RETRYING,
    Email.Status.FAILED,
    Email.Status.ABORTED,
]


# What each kind of email is, in the admin's language.
KIND_LABELS = {
    "registration.confirmed": _("Registration confirmed"),
    "registration.waitlisted": _("Waiting list notice"),
    "registration.promoted": _("Seat given from the waiting list"),
    "registration.cancelled": _("Registration cancelled"),
    "registration.reminder": _("Event reminder"),
    "registration.moved": _("Event moved"),
    "registration.called_off": _("Event called off"),
    "registration.back_on": _("Event back on"),
    "registration.message": _("Message from the coordinators"),
    "registration.message_test": _("Test of a message to registrants"),
    "account.email_confirmation": _("Account: address confirmation"),
    "account.email_confirmation_signup": _("Account: address confirmation"),
    "account.password_reset_key": _("Account: password reset"),
}


def kind_label(kind):
    if kind in KIND_LABELS:
        return KIND_LABELS[kind]
    if kind.startswith(ACCOUNT_KIND_PREFIX):
        return _("Account message")
    return kind


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return list(KIND_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


def delivery_text(status, next_attempt_at=None, last_error=""):
    """One line a coordinator understands: "Retrying (next try 14:05): 451 ..." """
    label = Email.Status(status).label
    if status == Email.Status.RETRYING and next_attempt_at:
        when = timezone.localtime(next_attempt_at).strftime("%H:%M")
        label = _("%(status)s (next try %(time)s)") % {"status": label, "time": when}
    if last_error and status in (Email.Status.RETRYING, Email.Status.FAILED, Email.Status.QUEUED):
        return f"{label}: {reasons.shown(last_error)[:160]}"
    return str(label)


class DeliveryFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("undelivered", _("Not delivered")), *Email.Status.choices]

    def queryset(self, request, queryset):
        if self.value() == "undelivered":
            return queryset.undelivered()
        if self.value() in Email.Status.values:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "kind_name", "language", "delivery", "attempts", "sent_at"]
    list_filter = [DeliveryFilter, KindFilter, "language"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    list_select_related = ["registration"]
    actions = ["send_again", "abort"]
    fields = [
        ("kind", "language"),
        ("to", "registration"),
        ("status", "attempts"),
        ("created_at", "next_attempt_at", "sent_at"),
        "answer",
        "subject",
        "body_text",
        ("attachment_name", "body_deleted_at"),
    ]
    readonly_fields = [name for row in fields for name in ([row] if isinstance(row, str) else row)]

    def get_queryset(self, request):
        emails = super().get_queryset(request)
        # allauth's messages hold sign-in secrets (password-reset and confirmation links):
        # only superusers see them, so a coordinator cannot read another account's key.
        if not request.user.is_superuser:
            emails = emails.exclude(kind__startswith=ACCOUNT_KIND_PREFIX)
        return emails

    @admin.display(description=_("kind"), ordering="kind")
    def kind_name(self, email):
        return kind_label(email.kind)

    @admin.display(description=_("server's answer"))
    def answer(self, email):
        return reasons.shown(email.last_error)

    @admin.display(description=_("delivery"), ordering="status")
    def delivery(self, email):
        return delivery_text(email.status, email.next_attempt_at, email.last_error)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected emails again now"), permissions=["change"])
    def send_again(self, request, queryset):
        """Failed, aborted or waiting mail goes back to the queue and is sent at once; what
        was sent is left alone (resend a registration's link from the registrations)."""
        from .tasks import send_email

        now = timezone.now()
        again = queryset.filter(status__in=SENDABLE_AGAIN).exclude(
            # A body deleted (retention, erasure) cannot be sent again, unless the email is
            # rendered when sent (a registration's).
            Q(body_deleted_at__isnull=False) & ~Q(kind__in=list(RENDERERS))
        )
        with transaction.atomic():
            pks = list(again.select_for_update().values_list("pk", flat=True))
            # Only rows still in those states: one a worker claimed meanwhile is left alone.
            # A new try starts a new give-up period. A refused address stays marked: the
            # sending fails again unless its owner registers anew.
            Email.objects.filter(pk__in=pks, status__in=SENDABLE_AGAIN).update(
                status=Email.Status.QUEUED, next_attempt_at=now, created_at=now, last_error=""
            )
            for pk in pks:
                queue_after_commit(send_email, pk)
        self.message_user(
            request,
            ngettext(
                "%(count)d email queued to be sent again.",
                "%(count)d emails queued to be sent again.",
                len(pks),
            )
            % {"count": len(pks)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Stop the selected emails (not sent yet)"), permissions=["change"])
    def abort(self, request, queryset):
        count = queryset.filter(status__in=Email.WAITING).update(
            status=Email.Status.ABORTED,
            last_error=_("Stopped by %(user)s.") % {"user": request.user},
        )
        self.message_user(
            request,
            ngettext("%(count)d email stopped.", "%(count)d emails stopped.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(RefusedAddress)
class RefusedAddressAdmin(admin.ModelAdmin):
    list_display = ["email", "refused_at", "reason"]
    search_fields = ["email"]
    readonly_fields = ["email", "refused_at", "reason"]

    def has_add_permission(self, request):
        return False
