"""Coordinators' pages: the registrant exports and an event's registration summary.

An XLSX of more than EXPORT_BACKGROUND_ROWS registrations is built by the worker
(background_exports): its URL then answers 302 to the export's own page, which shows the
progress and then the download, to the coordinator who asked and to no one else.

They answer for every event, published or not (coordinators are staff and follow events
before they are announced). Anonymous visitors are sent to the login page; a logged-in
user without the permission gets 403.
"""

import logging
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from taskforce.core.middleware import second_factor_redirect

from . import background_exports, exports, summary
from .models import AccessRecord, Event, Export

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


def _log_export(request, event, extension, how="", *, row_count):
    """Who took a copy of an event's registrants, and when: people may ask who has seen
    their data. An AccessRecord (superusers read them in the admin) and a log line."""
    AccessRecord.objects.create(
        user=request.user,
        action=AccessRecord.Action.EXPORT,
        event=event,
        detail=f"{extension}, {row_count} rows{how}",
    )
    logger.info(
        "Registrant list of %s exported as %s by user %s (%s)%s",
        event.slug,
        extension,
        request.user.pk,
        request.user.get_username(),
        how,
    )


@coordinator_permission_required("registrations.export_registration")
def export_csv(request, slug):
    event = get_object_or_404(Event, slug=slug)
    _log_export(request, event, "CSV", row_count=event.registrations.count())
    table = exports.registrant_table(event.registrations.queue_order(), zone=event.zone)
    return exports.csv_response(table, exports.filename(f"{event.slug}-registrants", "csv"))


@coordinator_permission_required("registrations.export_registration")
def export_xlsx(request, slug):
    event = get_object_or_404(Event, slug=slug)
    row_count = event.registrations.count()
    if row_count > settings.EXPORT_BACKGROUND_ROWS:
        export = background_exports.export_start(
            event=event, user=request.user, row_count=row_count, language=get_language()
        )
        _log_export(request, event, "XLSX", f": asked, export {export.pk}", row_count=row_count)
        return redirect(export)
    _log_export(request, event, "XLSX", row_count=row_count)
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


def _own_export(request, pk):
    """The export, if this user asked for it: anyone else is told it does not exist."""
    queryset = Export.objects.select_related("event").filter(requested_by=request.user)
    return get_object_or_404(queryset, pk=pk)


def _expired(request, export):
    return render(
        request, "registrations/coordinator/export_expired.html", {"export": export}, status=410
    )


@never_cache
@coordinator_permission_required("registrations.export_registration")
def export_detail(request, pk):
    """While the export is built, a page that refreshes itself; then its download link."""
    export = _own_export(request, pk)
    if export.has_expired():
        return _expired(request, export)
    return render(request, "registrations/coordinator/export_detail.html", {"export": export})


@coordinator_permission_required("registrations.export_registration")
def export_download(request, pk):
    export = _own_export(request, pk)
    if export.status != Export.Status.READY:
        return redirect(export)
    if export.has_expired():
        return _expired(request, export)
    try:
        file = background_exports.private_storage().open(export.file_name, "rb")
    except FileNotFoundError:  # already deleted by delete_expired_exports
        return _expired(request, export)
    _log_export(
        request,
        export.event,
        "XLSX",
        f": downloaded export {export.pk}",
        row_count=export.row_count,
    )
    response = FileResponse(
        file,
        as_attachment=True,
        filename=exports.filename(f"{export.event.slug}-registrants", export.format),
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response
