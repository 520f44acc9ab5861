"""The actions of the registration list. Whatever moves a seat goes through services.py."""

from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import emails, exports, services
from ..models import Registration


class RegistrationActionsMixin:
    """For the Registration admin: export, re-send, cancel, mark attended or absent."""

    actions = [
        "export_csv",
        "resend_confirmation",
        "cancel_registrations",
        "mark_attended",
        "mark_absent",
    ]

    def has_export_permission(self, request):
        return request.user.has_perm("registrations.export_registration")

    @admin.action(description=_("Export the selected registrations as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        table = exports.registrant_table(
            queryset.order_by("event__starts_at", "event_id", "created_at", "pk"),
            with_event=True,
        )
        return exports.csv_response(table, exports.filename("registrants", "csv"))

    @admin.action(
        description=_("Resend the confirmation email to the selected registrants"),
        permissions=["change"],
    )
    def resend_confirmation(self, request, queryset):
        """In the registrant's language, with their link and the .ics file, through the
        outbox. Cancelled and anonymised registrations have nothing to confirm: skipped."""
        queued = skipped = 0
        with transaction.atomic():
            for registration in queryset.select_related("event"):
                if not registration.is_active or registration.is_anonymised:
                    skipped += 1
                else:
                    emails.queue_registration_email(registration)
                    queued += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be sent; its delivery shows in the Last email column.",
                "%(count)d emails will be sent; their delivery shows in the Last email column.",
                queued,
            )
            % {"count": queued},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d cancelled or anonymized registration skipped.",
                    "%(count)d cancelled or anonymized registrations skipped.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(
        description=_("Cancel the selected registrations (seats go to the waiting list)"),
        permissions=["change"],
    )
    def cancel_registrations(self, request, queryset):
        """Asks first, like deleting: cancelling emails every registrant concerned and
        hands their seats to the waiting list, which cannot be undone."""
        active = queryset.active().select_related("event")
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "admin/registrations/registration/cancel_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Cancel registrations?"),
                    "opts": self.model._meta,
                    "registrations": active,
                    "selected": queryset.values_list("pk", flat=True),
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        # Waitlisted ones first, so that no one selected for cancelling is promoted (and
        # emailed) by the cancellation of another just before being cancelled.
        cancelled = promoted = 0
        for status in (Registration.Status.WAITLISTED, Registration.Status.CONFIRMED):
            for registration in active.filter(status=status).queue_order():
                promoted += len(services.registration_cancel(registration=registration))
                cancelled += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d registration cancelled.", "%(count)d registrations cancelled.", cancelled
            )
            % {"count": cancelled}
            + " "
            + ngettext(
                "%(count)d registration moved from the waiting list to a seat.",
                "%(count)d registrations moved from the waiting list to a seat.",
                promoted,
            )
            % {"count": promoted},
            messages.SUCCESS,
        )
        return None

    @admin.action(
        description=_("Mark the selected registrants as attended"), permissions=["change"]
    )
    def mark_attended(self, request, queryset):
        self._set_attended(request, queryset, attended=True)

    @admin.action(description=_("Mark the selected registrants as absent"), permissions=["change"])
    def mark_absent(self, request, queryset):
        self._set_attended(request, queryset, attended=False)

    def _set_attended(self, request, queryset, attended):
        count = queryset.update(attended=attended)
        message = (
            ngettext(
                "%(count)d registrant marked as attended.",
                "%(count)d registrants marked as attended.",
                count,
            )
            if attended
            else ngettext(
                "%(count)d registrant marked as absent.",
                "%(count)d registrants marked as absent.",
                count,
            )
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
