"""Coordinators' pages: the registrant exports and an event's registration summary.

They answer for every event, published or not (coordinators are staff and follow events
before they are announced). Anonymous visitors are sent to the login page; a logged-in
user without the permission gets 403.
"""

import logging
from collections import Counter
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_countries import countries

from taskforce.core.middleware import second_factor_redirect
from workinggroups.models import Sector

from . import exports
from .models import Event, Registration

logger = logging.getLogger(__name__)

# Pixels per bar in the summary charts: a line of text, then the bar under it.
BAR_ROW_HEIGHT = 36


def coordinator_permission_required(permission):
    """Anonymous visitors go to allauth's login page, in the page's language, with ?next=;
    a logged-in user without `permission` gets 403 rather than another login form. With
    ADMIN_REQUIRE_2FA on, a user who has it but whose session did not use a second factor
    is sent to set one up or to sign in with it: every page here shows registrants'
    personal data, or counts of it."""

    def decorator(view):
        @wraps(view)
        def with_second_factor(request, *args, **kwargs):
            refusal = second_factor_redirect(
                request,
                setup_message=_("Set up two-factor authentication to see registrants' data."),
                sign_in_message=_(
                    "Sign in again with your second factor to see registrants' data."
                ),
            )
            return refusal or view(request, *args, **kwargs)

        checked = permission_required(permission, raise_exception=True)(with_second_factor)
        return login_required(checked, login_url="account_login")

    return decorator


def _log_export(request, event, extension):
    """Who took a copy of an event's registrants, and when (the log line's time): people
    may ask who has seen their data."""
    logger.info(
        "Registrant list of %s exported as %s by user %s (%s)",
        event.slug,
        extension,
        request.user.pk,
        request.user.get_username(),
    )


@coordinator_permission_required("registrations.export_registration")
def export_csv(request, slug):
    event = get_object_or_404(Event, slug=slug)
    _log_export(request, event, "CSV")
    table = exports.registrant_table(event.registrations.queue_order(), zone=event.zone)
    return exports.csv_response(table, exports.filename(f"{event.slug}-registrants", "csv"))


@coordinator_permission_required("registrations.export_registration")
def export_xlsx(request, slug):
    event = get_object_or_404(Event, slug=slug)
    _log_export(request, event, "XLSX")
    table = exports.registrant_table(
        event.registrations.queue_order(), zone=event.zone, local_times=True
    )
    return exports.xlsx_response(
        table, exports.filename(f"{event.slug}-registrants", "xlsx"), title=event.slug
    )


@dataclass
class Bar:
    label: str
    count: int
    share: float  # of the chart's total, in percent
    width: str  # the share, as an SVG length of the full track ("62.50%")
    y: int

    @property
    def text_y(self):
        return self.y + 15

    @property
    def bar_y(self):
        return self.y + 21


@dataclass
class Chart:
    slug: str
    title: str
    label_heading: str  # what the bars are: "Sector", "Country"...
    total: int
    bars: list[Bar]

    @property
    def height(self):
        return max(len(self.bars), 1) * BAR_ROW_HEIGHT


def _chart(slug, title, label_heading, counts):
    """A horizontal bar chart of `counts` ((label, count) pairs), laid out here so that the
    template needs neither script nor inline styles (the CSP forbids both).

    Each bar is its share of the chart's total, drawn over a track that stands for the
    whole: half the registrations fill half the track (scaled to the largest value, 50%
    would look like 100%)."""
    total = sum(count for _label, count in counts)
    bars = []
    for index, (label, count) in enumerate(counts):
        share = 100 * count / total if total else 0
        bars.append(
            Bar(
                label=str(label),
                count=count,
                share=share,
                # A count of one among thousands still shows, as a sliver.
                width=f"{max(share, 0.5) if count else 0:.2f}%",
                y=index * BAR_ROW_HEIGHT,
            )
        )
    return Chart(slug=slug, title=title, label_heading=label_heading, total=total, bars=bars)


def _by_count(counter, label_of):
    return sorted(
        ((label_of(value), count) for value, count in counter.items()),
        key=lambda pair: (-pair[1], str(pair[0])),
    )


def _summary_charts(event):
    """Counts by status (all registrations) and by sector, country, attendance and
    interpretation (active ones: confirmed and waitlisted), from one grouped query whose
    size depends on the combinations present, not on the number of registrations."""
    combinations = (
        event.registrations.order_by()
        .values_list("status", "sector", "country", "attendance_mode", "interpretation")
        .annotate(count=Count("pk"))
    )
    statuses, sectors, country_codes, attendance, interpretation = (Counter() for _i in range(5))
    for status, sector, country, attendance_mode, wants_interpretation, count in combinations:
        statuses[status] += count
        if status in Registration.ACTIVE_STATUSES:
            sectors[sector] += count
            country_codes[country] += count
            attendance[attendance_mode] += count
            interpretation[wants_interpretation] += count

    sector_labels = dict(Sector.choices)
    attendance_labels = dict(Registration.AttendanceMode.choices)
    # Only hybrid events ask; elsewhere everyone attends the event's one way.
    attendance_labels[""] = (
        _("Not stated") if event.mode == Event.Mode.HYBRID else event.get_mode_display()
    )
    charts = [
        _chart(
            "status",
            _("Registrations by status"),
            _("Status"),
            [(label, statuses[value]) for value, label in Registration.Status.choices],
        ),
        _chart(
            "sector",
            _("Active registrations by sector"),
            _("Sector"),
            _by_count(sectors, lambda value: sector_labels.get(value, value)),
        ),
        _chart(
            "country",
            _("Active registrations by country"),
            _("Country"),
            _by_count(
                country_codes,
                lambda code: (countries.name(code) or code) if code else _("Not stated"),
            ),
        ),
        _chart(
            "attendance",
            _("Active registrations by attendance"),
            _("Attendance"),
            _by_count(attendance, lambda value: attendance_labels.get(value, value)),
        ),
        _chart(
            "interpretation",
            _("Active registrations needing English–Spanish interpretation"),
            _("Interpretation"),
            [(_("Yes"), interpretation[True]), (_("No"), interpretation[False])],
        ),
    ]
    return statuses, charts


@never_cache
@coordinator_permission_required("registrations.view_registration")
def event_summary(request, slug):
    """Open to whoever may view registrations in the admin (Coordinators and superusers
    alike): the counts say less than the list they can already read there. The export
    links show only to those who may also export."""
    event = get_object_or_404(Event, slug=slug)
    statuses, charts = _summary_charts(event)
    confirmed = statuses[Registration.Status.CONFIRMED]
    seats_left = None if event.capacity is None else max(event.capacity - confirmed, 0)
    return render(
        request,
        "registrations/coordinator/event_summary.html",
        {
            "event": event,
            "charts": charts,
            "total": sum(statuses.values()),
            "confirmed": confirmed,
            "waitlisted": statuses[Registration.Status.WAITLISTED],
            "cancelled": statuses[Registration.Status.CANCELLED],
            "seats_left": seats_left,
        },
    )
