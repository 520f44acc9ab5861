"""The registrant's emails, through the outbox: plain text and HTML, in the registrant's
language, with the private link and, where it helps, the event's .ics file.

The services call `queue_*` inside their transaction: that writes one outbox row (kind,
registration, language) and nothing else, so the request renders no template and never
waits on a mail server. The worker renders the email when it sends it (`render`, registered
for every kind in apps.py), from the registration as it is then.
"""

from django.db.models import Subquery
from django.template.loader import render_to_string
from django.utils.translation import gettext_noop

from taskforce.background.mail import queue_email
from taskforce.background.models import Email
from taskforce.background.rendering import InlineImage, NotToBeSent, RenderedEmail

from . import qr
from .calendar import absolute_url, event_calendar

KINDS = (
    "confirmed",
    "waitlisted",
    "promoted",
    "cancelled",
    "reminder",
    "moved",
    "called_off",
    "back_on",
)
WITH_CALENDAR = set(KINDS) - {"cancelled"}
# The emails that carry the check-in QR code (as an inline PNG) and its code as text.
WITH_BADGE = {"confirmed", "promoted", "reminder"}
PREFIX = "registration."
# The emails that carry a registrant's private link and place.
CONFIRMATION_KINDS = [PREFIX + kind for kind in ("confirmed", "waitlisted", "promoted")]


def with_confirmation_status(registrations):
    """Each registration with the status of its latest confirmation (or waiting-list notice,
    or seat given): the email that carries its private link. The summary counts those not
    delivered; the admin's filter lists the same ones."""
    latest = Email.objects.filter(kind__in=CONFIRMATION_KINDS).latest_of_registration()
    return registrations.annotate(confirmation_status=Subquery(latest.values("status")[:1]))


def _queue(registration, kind, language=None):
    return queue_email(
        kind=PREFIX + kind,
        to=registration.email,
        language=language or registration.language,
        registration=registration,
    )


def queue_registration_email(registration, language=None):
    """Confirmation or waiting-list notice. A cancelled registration gets nothing: its link
    no longer holds a place."""
    if not registration.is_active:
        return None
    kind = "confirmed" if registration.status == registration.Status.CONFIRMED else "waitlisted"
    return _queue(registration, kind, language)


def queue_promoted_email(registration):
    return _queue(registration, "promoted")


def queue_cancelled_email(registration):
    return _queue(registration, "cancelled")


def queue_reminder_email(registration):
    return _queue(registration, "reminder")


def queue_plans_changed_email(registration, *, back_on=False):
    """The event moved (time, place, link), was called off, or, `back_on`, takes place after
    all: its details as they are now, with the calendar file that replaces the one the
    registrant holds."""
    if registration.event.is_cancelled:
        return _queue(registration, "called_off")
    return _queue(registration, "back_on" if back_on else "moved")


def render(email):
    """The outbox row's email, as the registration is now (called in the row's language)."""
    kind = email.kind.removeprefix(PREFIX)
    registration = email.registration
    if registration is None or registration.is_anonymised:
        raise NotToBeSent(gettext_noop("The registration was erased before this email went out."))
    if kind != "cancelled" and not registration.is_active:
        raise NotToBeSent(
            gettext_noop("The registration was cancelled before this email went out.")
        )
    if kind == "waitlisted" and registration.status == registration.Status.CONFIRMED:
        raise NotToBeSent(
            gettext_noop("Given a seat before this notice went out; that email says so.")
        )
    if kind in ("moved", "back_on") and registration.event.is_cancelled:
        raise NotToBeSent(
            gettext_noop("Called off before this notice went out; that email says so.")
        )
    if kind == "called_off" and not registration.event.is_cancelled:
        raise NotToBeSent(gettext_noop("No longer called off when this notice was to go out."))
    with_badge = kind in WITH_BADGE and registration.gets_badge
    join_url = ""
    if registration.gets_join_link and not registration.event.is_cancelled:
        join_url = absolute_url(registration.get_join_url())
    context = {
        "registration": registration,
        "event": registration.event,
        "join_url": join_url,
        "qr_content_id": qr.EMAIL_IMAGE_ID if with_badge else "",
        "registration_url": absolute_url(registration.get_absolute_url()),
        "event_url": absolute_url(registration.event.get_absolute_url()),
    }
    rendered = RenderedEmail(
        subject=render_to_string(f"registrations/email/{kind}_subject.txt", context),
        text=render_to_string(f"registrations/email/{kind}.txt", context),
        html=render_to_string(f"registrations/email/{kind}.html", context),
    )
    if with_badge:
        rendered.inline_images = [InlineImage(qr.EMAIL_IMAGE_ID, qr.check_in_png(registration))]
    if kind in WITH_CALENDAR:
        rendered.attachment_name = f"{registration.event.slug}.ics"
        rendered.attachment = event_calendar(registration.event, join_url).decode()
    return rendered
