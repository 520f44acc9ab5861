from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView

from taskforce.core import pagecache
from taskforce.core.preview import PreviewMixin
from taskforce.core.private_pages import private, see_other
from workinggroups.models import WorkingGroup

from . import qr, services
from .calendar import absolute_url, event_calendar, events_calendar
from .calendar_links import calendar_links
from .forms import ParticipantDetailsForm, RegistrationForm
from .models import Event, Registration
from .ratelimit import registration_rate_exceeded


def _published_events():
    return Event.objects.published().select_related("working_group").with_seat_counts()


class EventListView(ListView):
    template_name = "registrations/event_list.html"
    context_object_name = "upcoming"

    def get_queryset(self):
        return _published_events().upcoming()

    def get_context_data(self, **kwargs):
        return super().get_context_data(past=_published_events().past()[:20], **kwargs)


class EventDetailView(PreviewMixin, DetailView):
    template_name = "registrations/event_detail.html"
    preview_permission = "registrations.change_event"

    def get_queryset(self):
        return _published_events().prefetch_related("documents")

    def get_preview_queryset(self):
        return Event.objects.with_seat_counts().prefetch_related("documents")

    def get_context_data(self, **kwargs):
        event = self.object
        return super().get_context_data(
            registration_state=event.registration_state(),
            documents=[document for document in event.documents.all() if document.is_visible()],
            calendar_links=calendar_links(event),
            **kwargs,
        )


# Every refusal of a registration, by the service's code: its HTTP status and what the
# visitor reads. A full event answers 409 to a registered address and a new one alike.
REFUSALS = {
    "called_off": (403, gettext_lazy("This event has been called off: registration is closed.")),
    "not_yet": (403, gettext_lazy("Registration for this event has not opened yet.")),
    "closed": (403, gettext_lazy("Registration for this event has closed.")),
    "past": (403, gettext_lazy("This event has already taken place.")),
    "full": (
        409,
        gettext_lazy(
            "Sorry, this event is full. If you have already registered, check your email: "
            "we have sent your link again."
        ),
    ),
}


def _refused(request, event, code):
    status, message = REFUSALS[code]
    return render(
        request,
        "registrations/registration_refused.html",
        {"event": event, "message": message, "code": code},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def register(request, slug):
    # A POST needs no seat counts: the service counts them under the event's lock (and
    # the form, if shown again with its errors, counts them itself).
    events = Event.objects.published() if request.method == "POST" else _published_events()
    event = get_object_or_404(events, slug=slug)
    state = event.registration_state()
    if request.method == "POST" and registration_rate_exceeded(request):
        return render(request, "registrations/rate_limited.html", {"event": event}, status=429)
    if request.method == "POST" and state != "open":
        return _refused(request, event, state)

    # An empty POST is a submitted form too: it gets its errors, not a blank form.
    form = RegistrationForm(request.POST if request.method == "POST" else None, event=event)
    if request.method == "POST" and form.is_bot:
        # Same answer as a real registration, so a bot learns nothing; nothing is stored.
        return see_other("registrations:registration_done", event.slug)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_create(
                event=event,
                data=form.registration_data(),
                language=translation.get_language(),
            )
        except services.RegistrationRefused as refusal:
            return _refused(request, event, refusal.code)
        return see_other("registrations:registration_done", event.slug)
    return render(
        request,
        "registrations/registration_form.html",
        {
            "event": event,
            "form": form,
            "registration_state": state,
            "content_generation": pagecache.generation(),
        },
    )


def registration_done(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return render(request, "registrations/registration_done.html", {"event": event})


def _registration(token):
    return get_object_or_404(
        Registration.objects.select_related("event").filter(event__is_published=True),
        token=token,
        is_anonymised=False,
    )


def registration_detail(request, token):
    registration = _registration(token)
    event = registration.event
    response = render(
        request,
        "registrations/registration_detail.html",
        {
            "registration": registration,
            "event": event,
            "join_state": event.join_state(),
            "join_url": absolute_url(registration.get_join_url()),
            "documents": [document for document in event.documents.all() if document.is_published],
            # segno's own SVG markup, of a URL built from the code: nothing typed in it.
            "qr_svg": mark_safe(qr.check_in_svg(registration)) if registration.gets_badge else "",
        },
    )
    return private(response)


@require_http_methods(["GET", "POST"])
def registration_cancel(request, token):
    """GET asks for confirmation; POST cancels and promotes the first on the waiting list."""
    registration = _registration(token)
    if request.method == "POST" and registration.is_active:
        services.registration_cancel(registration=registration)
        return see_other("registrations:registration_detail", token)
    if not registration.is_active:
        return redirect("registrations:registration_detail", token)
    response = render(
        request,
        "registrations/registration_cancel.html",
        {"registration": registration, "event": registration.event},
    )
    return private(response)


def _not_editable(request, registration):
    if registration.is_active:
        reason = _("This event is over: its registration can no longer be changed.")
    else:
        reason = _("This registration is cancelled: it can no longer be changed.")
    messages.info(request, reason)
    return redirect("registrations:registration_detail", registration.token)


@require_http_methods(["GET", "POST"])
def registration_edit(request, token):
    """The registrant changes what does not move a seat (services.EDITABLE_FIELDS)."""
    registration = _registration(token)
    if not registration.can_be_changed():
        return _not_editable(request, registration)
    event = registration.event
    if request.method == "POST":
        form = ParticipantDetailsForm(request.POST, event=event)
        if form.is_valid():
            try:
                services.registration_update(registration=registration, data=form.cleaned_data)
            except services.RegistrationNotEditable:
                registration.refresh_from_db()
                return _not_editable(request, registration)
            messages.success(request, _("Your changes are saved."))
            return see_other("registrations:registration_detail", token)
    else:
        initial = {name: getattr(registration, name) for name in services.EDITABLE_FIELDS}
        form = ParticipantDetailsForm(initial=initial, event=event)
    response = render(
        request,
        "registrations/registration_edit.html",
        {"registration": registration, "event": event, "form": form},
    )
    return private(response)


def _ics(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return _ics(event_calendar(event), f"{event.slug}.ics")


def events_ics(request):
    return _ics(events_calendar(Event.objects.published().upcoming()), "zev-task-force.ics")


def group_ics(request, slug):
    """A working group's upcoming meetings, for a calendar to subscribe to: each with its
    stable UID and the SEQUENCE of its latest edit; a called-off one as CANCELLED."""
    group = get_object_or_404(WorkingGroup, slug=slug)
    events = Event.objects.published().filter(working_group=group).upcoming()
    name = _("%(group)s: meetings") % {"group": group.name}
    return _ics(events_calendar(events, name=name), f"{group.slug}.ics")


@login_required
def my_registrations(request):
    """Every registration made with one of the account's verified addresses."""
    emails = list(
        EmailAddress.objects.filter(user=request.user, verified=True).values_list(
            "email", flat=True
        )
    )
    matches = Q(pk__in=[])
    for email in emails:
        matches |= Q(email__iexact=email)
    registrations = (
        Registration.objects.filter(matches, event__is_published=True, is_anonymised=False)
        .select_related("event")
        .order_by("-event__starts_at", "-created_at")
    )
    now = timezone.now()
    return render(
        request,
        "registrations/my_registrations.html",
        {
            "upcoming": sorted(
                (r for r in registrations if r.event.ends_at >= now),
                key=lambda r: r.event.starts_at,
            ),
            "past": [r for r in registrations if r.event.ends_at < now],
            "verified_emails": emails,
        },
    )
