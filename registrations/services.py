"""Writes with several effects: registering, cancelling, promoting from the waiting list.

The locking rule: every write that changes who holds a seat first locks the event's row
(SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers),
then counts, then writes, all in one transaction. So simultaneous requests on any number
of app servers take seats one at a time and never exceed the capacity. Emails are handed
to the mail backend only after the transaction commits (transaction.on_commit).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import emails
from .models import Event, Registration


class RegistrationRefused(Exception):
    """The registration cannot be taken; `message` says why, for the visitor."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


CLOSED_MESSAGES = {
    "not_yet": _("Registration for this event has not opened yet."),
    "closed": _("Registration for this event has closed."),
    "past": _("This event has already taken place."),
}


FULL_MESSAGE = _(
    "Sorry, this event is full. If you have already registered, check your email: "
    "we have sent your link again."
)


# Registering again with an active address re-sends its link at most this often, so the
# form cannot be used to flood someone's mailbox.
RESEND_INTERVAL = timedelta(minutes=10)


@dataclass
class RegistrationOutcome:
    registration: Registration | None
    created: bool
    # The event is full and has no waiting list: the visitor sees the same "full" page
    # whether or not their address is already registered.
    full: bool = False


def _locked(event):
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def registration_create(*, event: Event, data: dict, language: str) -> RegistrationOutcome:
    """Register someone for an event, or re-send the link of their active registration.

    `data` holds the form's cleaned fields (full_name, email, organization, ...).
    Raises RegistrationRefused when registration is closed. A full event without a
    waiting list stores nothing and answers `full` (see RegistrationOutcome).
    """
    event = _locked(event)
    state = event.registration_state()
    if state != "open":
        raise RegistrationRefused(CLOSED_MESSAGES[state], code=state)

    confirmed = event.registrations.confirmed().count()
    has_seat = event.capacity is None or confirmed < event.capacity
    full = not has_seat and not event.waitlist_enabled

    existing = event.registrations.active().for_email(data["email"]).first()
    if existing:
        # Same answer as for a new address (no hint that this one is registered); the
        # existing link goes again to the address, in the language of this request, unless
        # it went less than RESEND_INTERVAL ago. The event's lock serialises this check.
        _resend_link(existing, language)
        return RegistrationOutcome(existing, created=False, full=full)
    if full:
        return RegistrationOutcome(None, created=False, full=True)

    status = Registration.Status.CONFIRMED if has_seat else Registration.Status.WAITLISTED

    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event, status=status, language=language, consent_at=timezone.now(), **data
            )
    except IntegrityError:
        # Only reachable if a writer skipped the event lock; the constraint still holds.
        existing = event.registrations.active().for_email(data["email"]).get()
        return RegistrationOutcome(existing, created=False)
    transaction.on_commit(lambda: emails.send_registration_email(registration, language))
    return RegistrationOutcome(registration, created=True)


def _resend_link(registration, language):
    now = timezone.now()
    if registration.link_resent_at and now - registration.link_resent_at < RESEND_INTERVAL:
        return
    registration.link_resent_at = now
    registration.save(update_fields=["link_resent_at"])
    transaction.on_commit(lambda: emails.send_registration_email(registration, language))


def _fill_free_seats(event):
    """Promote the oldest waitlisted registrations into free seats (event row locked).
    Nobody is promoted once the event is over: a seat then is no use to anyone."""
    promoted = []
    if event.ends_at < timezone.now():
        return promoted
    if event.capacity is None:
        free = event.registrations.waitlisted().count()
    else:
        free = event.capacity - event.registrations.confirmed().count()
    if free <= 0:
        return promoted
    for registration in event.registrations.waitlisted().queue_order()[:free]:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status"])
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration) -> list[Registration]:
    """Cancel a registration; a freed seat goes to the first on the waiting list.

    Returns the registrations promoted. Cancelling twice changes nothing.
    """
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        return []
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    promoted = _fill_free_seats(event)
    transaction.on_commit(lambda: emails.send_cancelled_email(registration))
    for promoted_registration in promoted:
        transaction.on_commit(
            lambda promoted_registration=promoted_registration: emails.send_promoted_email(
                promoted_registration
            )
        )
    return promoted


# What the private link may change: nothing that moves a seat.
EDITABLE_FIELDS = ["organization", "job_title", "attendance_mode", "needs", "interpretation"]


class RegistrationNotEditable(Exception):
    """The registration is cancelled or its event is over."""


@transaction.atomic
def registration_update(*, registration: Registration, data: dict) -> Registration:
    """Change a registrant's details (only EDITABLE_FIELDS). The row is locked so that a
    cancellation at the same moment cannot be followed by an edit of a cancelled row."""
    registration = (
        Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    )
    if not registration.can_be_changed():
        raise RegistrationNotEditable
    changed = [name for name in EDITABLE_FIELDS if name in data]
    for name in changed:
        setattr(registration, name, data[name])
    registration.save(update_fields=changed)
    return registration


@transaction.atomic
def event_fill_seats(*, event: Event) -> list[Registration]:
    """After a capacity increase: promote as many waitlisted registrations as fit."""
    event = _locked(event)
    promoted = _fill_free_seats(event)
    for registration in promoted:
        transaction.on_commit(
            lambda registration=registration: emails.send_promoted_email(registration)
        )
    return promoted
