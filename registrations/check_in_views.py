"""The check-in desk, for coordinators with registrations.check_in_registrant.

/<lang>/check-in/<attendance_code>/ is what a badge's QR code opens: GET shows the
registrant, POST checks them in (idempotent: a second scan, from this desk or another,
changes nothing). /<lang>/events/<slug>/check-in/ is the desk itself, made for a phone: a
name search (a GET form, refreshed as one types when JavaScript runs), one-tap check-in
buttons (POST forms), who is already in, and a camera scanner (static/registrations/
check_in_desk.js). Every look-up and check-in is an AccessRecord.
"""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from taskforce.core.private_pages import private
from taskforce.core.textsearch import clean_query

from . import attendance
from .coordinator_views import coordinator_permission_required
from .models import AccessRecord, Event, Registration

CODE = re.compile(r"^[-A-Za-z0-9_]{1,32}$")
DESK_RESULTS = 20
DESK_RECENT = 30

REFUSALS = {
    "waitlisted": gettext_lazy("On the waiting list, not confirmed: nothing was recorded."),
    "cancelled": gettext_lazy("This registration is cancelled: nothing was recorded."),
    "other_event": gettext_lazy("This code is for another event: nothing was recorded."),
}


def _desk_event(request):
    slug = request.POST.get("event") or request.GET.get("event")
    return Event.objects.filter(slug=slug).first() if slug else None


def _desk_url(event, query=""):
    url = reverse("registrations:check_in_desk", args=[event.slug])
    return f"{url}?{urlencode({'q': query})}" if query else url


@never_cache
@require_http_methods(["GET", "POST"])
@coordinator_permission_required("registrations.check_in_registrant")
def check_in(request, code):
    registration = get_object_or_404(
        Registration.objects.select_related("event").filter(is_anonymised=False),
        attendance_code=code,
    )
    desk_event = _desk_event(request)
    if request.method == "POST":
        result = attendance.check_in(
            registration=registration, desk_event=desk_event, user=request.user
        )
        if result.outcome in ("checked_in", "already") and desk_event is not None:
            if result.recorded:
                note = _("%(name)s is checked in.")
            else:
                note = _("%(name)s was already checked in.")
            messages.success(request, note % {"name": registration.full_name})
            response = redirect(_desk_url(desk_event, request.POST.get("q", "")))
            response.status_code = 303
            return response
        outcome = result.outcome
        status = 409 if outcome in REFUSALS else 200
    else:
        attendance.log_access(
            user=request.user,
            action=AccessRecord.Action.LOOKUP,
            event=registration.event,
            registration=registration,
            detail="code",
        )
        outcome, status = None, 200
    refusal = attendance.check_in_refusal(registration, desk_event)
    response = render(
        request,
        "registrations/coordinator/check_in.html",
        {
            "registration": registration,
            "event": registration.event,
            "desk_event": desk_event,
            "outcome": outcome,
            "refusal": REFUSALS.get(refusal, ""),
        },
        status=status,
    )
    return private(response)


@never_cache
@coordinator_permission_required("registrations.check_in_registrant")
def desk(request, slug):
    event = get_object_or_404(Event, slug=slug)
    code = CODE.search(request.GET.get("code", "").strip().rstrip("/").rsplit("/", 1)[-1])
    if code:
        # A code typed by hand (no camera): the same page a scan opens.
        url = reverse("registrations:check_in", args=[code.group()])
        return redirect(f"{url}?{urlencode({'event': event.slug})}")
    query = clean_query(request.GET.get("q", ""))[:100]
    registrations = event.registrations.filter(is_anonymised=False)
    results = None
    if query:
        results = list(registrations.named(query).order_by("full_name", "pk")[:DESK_RESULTS])
        attendance.log_name_search(user=request.user, event=event, query=query)
    checked_in = registrations.checked_in().order_by("-checked_in_at", "-pk")
    response = render(
        request,
        "registrations/coordinator/check_in_desk.html",
        {
            "event": event,
            "query": query,
            "results": results,
            "checked_in_count": checked_in.count(),
            "confirmed_count": registrations.confirmed().count(),
            "recent": checked_in[:DESK_RECENT],
        },
    )
    return private(response)
