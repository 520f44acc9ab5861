"""Events for editors: times typed and shown in the event's own zone; every save of an
existing event goes through services.event_save (registrants told when it moves or is
called off; a raised capacity fills the freed seats from the waiting list)."""

import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from taskforce.core.admin_site import HTTPS_URLS, side_by_side
from taskforce.core.content_admin import ContentAdmin

from .. import services, zones
from ..models import Event

EVENT_TIMES = [
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
    "publish_at",
    "unpublish_at",
]


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
class EventAdmin(ContentAdmin):
    bilingual_to_publish = ("description",)
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
    list_filter = [WhenFilter, "mode", "working_group", "is_published", "is_cancelled", "is_demo"]
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
                    "is_cancelled",
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
        (
            _("Publication"),
            {"fields": ["documents", ("is_published", "is_demo"), ("publish_at", "unpublish_at")]},
        ),
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
        if not change:
            super().save_model(request, obj, form, change)
            Event.objects.filter(pk=obj.pk).mark_visible()  # in digests once published
            return
        saved = services.event_save(event=obj, changed_fields=form.changed_data)
        Event.objects.filter(pk=obj.pk).mark_visible()  # in digests once published
        if saved.told:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registrant is emailed the event as it is now, with the "
                    "updated calendar file.",
                    "%(count)d registrants are emailed the event as it is now, with the "
                    "updated calendar file.",
                    saved.told,
                )
                % {"count": saved.told},
                messages.SUCCESS,
            )
        if saved.promoted:
            # A raised capacity (or seats freed while the waiting list grew) goes to the
            # waiting list at once, oldest first, as a cancellation would.
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration moved from the waiting list to a seat; "
                    "the registrant is emailed.",
                    "%(count)d registrations moved from the waiting list to a seat; "
                    "the registrants are emailed.",
                    len(saved.promoted),
                )
                % {"count": len(saved.promoted)},
                messages.SUCCESS,
            )
