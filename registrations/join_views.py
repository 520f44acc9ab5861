"""The registrant's join link, /<lang>/join/<attendance_code>/: the only way to the online
meeting. The raw meeting link is never on a page, in an email or in a calendar file; a
forwarded calendar invitation leaks the meeting, never the registration (the private token
also edits and cancels, the attendance code does not)."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from taskforce.core.private_pages import private

from .attendance import record_online_join
from .models import Registration


def _page(request, registration, status, **context):
    response = render(
        request,
        "registrations/join.html",
        {"registration": registration, "event": registration.event, **context},
        status=status,
    )
    return private(response)


@never_cache
def join(request, code):
    registration = get_object_or_404(
        Registration.objects.select_related("event").filter(
            event__is_published=True, is_anonymised=False
        ),
        attendance_code=code,
    )
    event = registration.event
    if not event.has_online_meeting:
        raise Http404("An in-person event has no online meeting.")
    if registration.status == Registration.Status.WAITLISTED:
        reason = _(
            "You are on the waiting list: the meeting link opens only for confirmed "
            "registrants. We will email you if a seat frees up."
        )
        return _page(request, registration, 403, refusal=reason)
    if registration.status == Registration.Status.CANCELLED:
        reason = _("This registration is cancelled, so its meeting link no longer opens.")
        return _page(request, registration, 403, refusal=reason)
    state = event.join_state()
    if state == "over":
        if event.is_cancelled:
            reason = _("This event was called off.")
        else:
            reason = _("This event is over.")
        return _page(request, registration, 410, refusal=reason)
    if state == "not_yet" or not event.online_url:
        return _page(request, registration, 200, state=state)
    record_online_join(registration=registration)
    response = HttpResponseRedirect(event.online_url)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
