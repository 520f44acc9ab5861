"""The registrant's emails, plain text and HTML, in the registrant's language.

Each is sent after the registration's transaction has committed. A failure is logged and
never undoes the registration: coordinators can resend from the admin.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .calendar import absolute_url, event_calendar

logger = logging.getLogger(__name__)


def _send(registration, kind, language=None, attach_calendar=False):
    language = language or registration.language
    with translation.override(language):
        context = {
            "registration": registration,
            "event": registration.event,
            "registration_url": absolute_url(registration.get_absolute_url()),
            "event_url": absolute_url(registration.event.get_absolute_url()),
        }
        subject = render_to_string(f"registrations/email/{kind}_subject.txt", context)
        text = render_to_string(f"registrations/email/{kind}.txt", context)
        html = render_to_string(f"registrations/email/{kind}.html", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[registration.email],
        )
        message.attach_alternative(html, "text/html")
        if attach_calendar:
            message.attach(
                f"{registration.event.slug}.ics",
                event_calendar(registration.event),
                "text/calendar; charset=utf-8",
            )
    try:
        message.send()
    except Exception:
        logger.exception(
            "Could not send the %s email of registration %s (event %s)",
            kind,
            registration.pk,
            registration.event.slug,
        )
        return False
    logger.info("Sent the %s email of registration %s", kind, registration.pk)
    return True


def send_registration_email(registration, language=None):
    """Confirmation or waiting-list notice, with the private link and the .ics file.
    A cancelled registration gets nothing: its link no longer holds a place."""
    if not registration.is_active:
        return False
    kind = "confirmed" if registration.status == registration.Status.CONFIRMED else "waitlisted"
    return _send(registration, kind, language, attach_calendar=True)


def send_promoted_email(registration):
    return _send(registration, "promoted", attach_calendar=True)


def send_cancelled_email(registration):
    return _send(registration, "cancelled")


def send_reminder_email(registration):
    return _send(registration, "reminder", attach_calendar=True)
