"""Coordinators' pages: the registrant exports and an event's registration summary.

They answer for every event, published or not (coordinators are staff and follow events
before they are announced). Anonymous visitors are sent to the login page; a logged-in
user without the permission gets 403.
"""

import logging
from functools import wraps

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from taskforce.core.middleware import second_factor_redirect

from . import exports, summary
from .models import Event

logger = logging.getLogger(__name__)


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


@never_cache
@coordinator_permission_required("registrations.view_registration")
def event_summary(request, slug):
    """Open to whoever may view registrations in the admin (Coordinators and superusers
    alike): the counts say less than the list they can already read there. The export
    links show only to those who may also export."""
    event = get_object_or_404(Event, slug=slug)
    return render(
        request,
        "registrations/coordinator/event_summary.html",
        {"event": event, "summary": summary.event_summary(event)},
    )
