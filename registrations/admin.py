"""Events for editors; registrations for coordinators.

Coordinators (a group, not superusers) view events and registrations, change
registrations and export lists. Whatever moves a seat goes through services.py, as on the
public site: the cancel action promotes from the waiting list, a capacity raised in the
event form fills the freed seats. So a registration's event and status are read-only in
its form, and nobody adds registrations here: they come from the registration form.
"""

import json
import logging
import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin

from taskforce.core.admin_site import HTTPS_URLS, side_by_side

from . import emails, exports, services, zones
from .models import Event, Registration

logger = logging.getLogger(__name__)

EVENT_TIMES = ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]


DATA_RIGHTS_TEMPLATE = "admin/registrations/registration/data_rights.html"


class DataRightsForm(forms.Form):
    # Django's EmailField refuses NUL characters and overlong input with a message.
    email = forms.EmailField(label=_("Email address"), max_length=254)


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        return queryset


def submitted_zone(data, default):
    """The zone an editor chose in the form being saved, else `default`: times typed in the
    same save as a new zone are in the new zone."""
    name = (data or {}).get("timezone")
    return zoneinfo.ZoneInfo(name) if name and zones.is_zone(name) else default


class EventAdminForm(forms.ModelForm):
    """Editors type an event's times in the event's own zone: 10:00 for a Tijuana event is
    10:00 in Tijuana, whatever the server's zone. The fields are Django's own (a date box
    and a time box, ``starts_at_0``/``starts_at_1``); only the zone they are read in changes.
    EventAdmin.changeform_view shows them in that zone too."""

    timezone = forms.ChoiceField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.timezone if self.instance.pk else None
        zone_field = self.fields["timezone"]
        zone_field.choices = zones.zone_choices(current)
        zone_field.initial = self.instance.timezone  # the model's default on the add form
        zone_field.label = capfirst(Event._meta.get_field("timezone").verbose_name)
        zone_field.help_text = _(
            "The dates and times of this event are typed and shown in this zone."
        )
        in_zone = format_html(
            _("In the event's time zone, chosen above: {zone}."),
            zone=format_html(
                '<span class="event-zone-name">{}</span>', zones.zone_label(self.instance.timezone)
            ),
        )
        for name in EVENT_TIMES:
            if name in self.fields:
                field = self.fields[name]
                field.help_text = (
                    format_html("{} {}", field.help_text, in_zone) if field.help_text else in_zone
                )

    def full_clean(self):
        with timezone.override(self.event_zone()):
            super().full_clean()

    def event_zone(self):
        return submitted_zone(self.data if self.is_bound else None, self.instance.zone)

    def clean_timezone(self):
        name = self.cleaned_data["timezone"]
        # The stored zone outside the list is offered too; any other name is refused.
        if not zones.is_zone(name):
            raise forms.ValidationError(_("Choose a time zone from the list."))
        return name


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    form = EventAdminForm

    class Media:
        js = ["registrations/event_zone.js"]

    formfield_overrides = HTTPS_URLS
    list_display = [
        "title",
        "starts",
        "mode",
        "working_group",
        "seats_taken",
        "waiting",
        "is_published",
        "summary_link",
    ]
    list_filter = [WhenFilter, "mode", "working_group", "is_published", "is_demo"]
    list_select_related = ["working_group"]
    search_fields = ["title_en", "title_es", "venue_en", "venue_es", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    date_hierarchy = "starts_at"
    filter_horizontal = ["documents"]
    fieldsets = [
        (None, {"fields": [*side_by_side("title", "description"), "slug", "working_group"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "timezone",
                    ("starts_at", "ends_at"),
                    "mode",
                    *side_by_side("venue"),
                    "online_url",
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    ("capacity", "waitlist_enabled"),
                    ("registration_opens_at", "registration_closes_at"),
                ]
            },
        ),
        (None, {"fields": ["documents", ("is_published", "is_demo")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_seat_counts()

    def get_changeform_initial_data(self, request):
        # A new event goes live only when an editor publishes it (rows made in code keep
        # the model's default, published).
        return {"is_published": False, **super().get_changeform_initial_data(request)}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """The whole page in the event's zone: the date and time boxes, the read-only times
        coordinators see, and the admin's "Now" shortcut and its note on the difference
        from the editor's own clock."""
        event = self.get_object(request, unquote(object_id)) if object_id else None
        zone = (event or Event()).zone
        if request.method == "POST":
            zone = submitted_zone(request.POST, zone)
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response

    @admin.display(description=_("starts at"), ordering="starts_at")
    def starts(self, event):
        """In the event's own zone, with its abbreviation."""
        start = timezone.localtime(event.starts_at, event.zone)
        return formats.date_format(start, "ZONED_DATETIME_FORMAT")

    @admin.display(description=_("seats taken"), ordering="confirmed_count")
    def seats_taken(self, event):
        if event.capacity is None:
            return event.confirmed_count
        return f"{event.confirmed_count} / {event.capacity}"

    @admin.display(description=_("waiting"), ordering="waitlisted_count")
    def waiting(self, event):
        return event.waitlisted_count

    @admin.display(description=_("registrations"))
    def summary_link(self, event):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("registrations:event_summary", args=[event.slug]),
            _("Summary"),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # A raised capacity (or seats freed while the waiting list grew) goes to the
            # waiting list at once, oldest first, as a cancellation would.
            promoted = services.event_fill_seats(event=obj)
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d registration moved from the waiting list to a seat; "
                        "the registrant is emailed.",
                        "%(count)d registrations moved from the waiting list to a seat; "
                        "the registrants are emailed.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                    messages.SUCCESS,
                )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
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
    actions = [
        "export_csv",
        "resend_confirmation",
        "cancel_registrations",
        "mark_attended",
        "mark_absent",
    ]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "data-rights/",
                self.admin_site.admin_view(self.data_rights_view),
                name="registrations_registration_data_rights",
            ),
            *super().get_urls(),
        ]

    def data_rights_view(self, request):
        """A data-rights request about one address: everything held about it (registrations
        across events, accounts), exported as a JSON file, or erased (registrations
        anonymised, so the counts stay; participant accounts deleted). Finding and
        exporting need the view permission, erasing the change permission; the changing
        actions are POSTs behind a confirmation, and each is logged with who did it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = DataRightsForm(request.POST if posted else (request.GET or None))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Data rights: find, export or erase an address's data"),
            "opts": self.model._meta,
            "form": form,
            "may_erase": self.has_change_permission(request),
        }
        if not form.is_valid():
            return TemplateResponse(request, DATA_RIGHTS_TEMPLATE, context)
        email = form.cleaned_data["email"]
        registrations = (
            Registration.objects.for_email(email)
            .select_related("event")
            .order_by("event__starts_at", "created_at")
        )
        accounts = services.accounts_for_email(email)
        action = request.POST.get("action") if posted else None
        if action == "export":
            return self._data_rights_export(request, email, registrations, accounts)
        if action == "erase":
            if not context["may_erase"]:
                raise PermissionDenied
            if request.POST.get("confirmed") == "yes":
                return self._data_rights_erase(request, email)
            context["confirming"] = True
        context.update(
            email=email,
            registrations=registrations,
            accounts=accounts,
            nothing_held=not registrations.exists() and not accounts.exists(),
        )
        return TemplateResponse(request, DATA_RIGHTS_TEMPLATE, context)

    def _data_rights_export(self, request, email, registrations, accounts):
        data = exports.personal_data(email=email, registrations=registrations, accounts=accounts)
        # Who and when, not whose: the log must not become a list of addresses.
        logger.info(
            "Data-rights export by %s: %d registrations, %d accounts",
            request.user.get_username(),
            len(data["registrations"]),
            len(data["accounts"]),
        )
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{exports.filename("personal-data", "json")}"'
        )
        return response

    def _data_rights_erase(self, request, email):
        erasure = services.personal_data_erase(email=email)
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=Registration.objects.filter(pk__in=erasure.registration_pks),
            action_flag=CHANGE,
            change_message=gettext("Personal data anonymized on a data-rights request."),
        )
        logger.info(
            "Data-rights erasure by %s: %d registrations anonymised, %d accounts deleted, "
            "%d staff accounts kept",
            request.user.get_username(),
            len(erasure.registration_pks),
            erasure.accounts_deleted,
            erasure.staff_accounts_kept,
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d registration anonymized; its counts are kept.",
                "%(count)d registrations anonymized; their counts are kept.",
                len(erasure.registration_pks),
            )
            % {"count": len(erasure.registration_pks)}
            + " "
            + ngettext(
                "%(count)d account deleted.",
                "%(count)d accounts deleted.",
                erasure.accounts_deleted,
            )
            % {"count": erasure.accounts_deleted},
            messages.SUCCESS,
        )
        if erasure.staff_accounts_kept:
            self.message_user(
                request,
                _(
                    "This address belongs to a staff account, which was kept: remove it in "
                    "the users admin if that person should no longer have access."
                ),
                messages.WARNING,
            )
        url = reverse("admin:registrations_registration_data_rights")
        return HttpResponseRedirect(f"{url}?{urlencode({'email': email})}", status=303)

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
        """In the registrant's language, with their link and the .ics file. Cancelled and
        anonymised registrations have nothing to confirm, so they are skipped."""
        sent = failed = skipped = 0
        for registration in queryset.select_related("event"):
            if not registration.is_active or registration.is_anonymised:
                skipped += 1
            elif emails.send_registration_email(registration):
                sent += 1
            else:
                failed += 1
        self.message_user(
            request,
            ngettext("%(count)d email sent.", "%(count)d emails sent.", sent) % {"count": sent},
            messages.SUCCESS,
        )
        if failed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d email could not be sent; see the server log.",
                    "%(count)d emails could not be sent; see the server log.",
                    failed,
                )
                % {"count": failed},
                messages.ERROR,
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
