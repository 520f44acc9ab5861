"""Writes with several effects: registering, cancelling, promoting from the waiting list,
erasing a registrant's personal data.

The locking rule: every write that changes who holds a seat first locks the event's row
(SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers),
then counts, then writes, all in one transaction. So simultaneous requests on any number
of app servers take seats one at a time and never exceed the capacity. Emails are written
to the outbox in the same transaction (one row each, nothing rendered) and sent by the
worker after the commit (registrations/emails.py, taskforce/background).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Max, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from taskforce.background.mail import erase_mail
from taskforce.background.models import Email, RefusedAddress
from taskforce.core import personal_data

from . import emails
from .models import Event, Registration, new_token


class RegistrationRefused(Exception):
    """The registration cannot be taken; `code` says why: "called_off", "not_yet",
    "closed" or "past" (see Event.registration_state) or "full" (Event.refuses_when_full).
    Every refusal of the service is one of these; the view maps each code to its status and
    message."""

    CODES = ("called_off", "not_yet", "closed", "past", "full")

    def __init__(self, code):
        if code not in self.CODES:
            raise ValueError(f"unknown refusal code {code!r}")
        super().__init__(code)
        self.code = code


# Registering again with an active address re-sends its link at most this often, so the
# form cannot be used to flood someone's mailbox.
RESEND_INTERVAL = timedelta(minutes=10)


@dataclass
class RegistrationOutcome:
    registration: Registration
    created: bool


def _locked(event):
    return Event.objects.select_for_update().get(pk=event.pk)


def registration_create(*, event: Event, data: dict, language: str) -> RegistrationOutcome:
    """Register someone for an event, or re-send the link of their active registration.

    `data` holds the form's cleaned fields (full_name, email, organization, ...).
    Raises RegistrationRefused(code) when registration is closed or the event refuses
    when full; nothing is stored then. The refusal is raised only once the transaction
    has committed, so a link re-sent to an address already registered for a full event
    still goes out: that visitor sees the same "full" answer as any other (no hint that
    the address is registered), and finds the link in their mailbox.
    """
    try:
        outcome = _register(event=event, data=data, language=language)
    except IntegrityError:
        # Only reachable if a writer skipped the event lock; the constraint still holds.
        # The whole transaction is rolled back (no savepoint in the common case's way).
        existing = event.registrations.active().for_email(data["email"]).get()
        return RegistrationOutcome(existing, created=False)
    if isinstance(outcome, str):
        raise RegistrationRefused(outcome)
    return outcome


@transaction.atomic
def _register(*, event, data, language) -> RegistrationOutcome | str:
    """registration_create()'s transaction: the outcome, or the code of its refusal."""
    event = _locked(event)
    state = event.registration_state()
    if state != "open":
        return state
    # Counted under the event's lock, so the seat properties see the seats as they are; the
    # address's active registration found by the same query (one round trip while locked).
    seen = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        existing=Max(
            "pk",
            filter=Q(status__in=Registration.ACTIVE_STATUSES, email__iexact=data["email"]),
        ),
    )
    event.confirmed_count = seen["confirmed"]
    existing = Registration.objects.get(pk=seen["existing"]) if seen["existing"] else None
    if existing:
        # Same answer as for a new address (no hint that this one is registered); the
        # existing link goes again to the address, in the language of this request, unless
        # it went less than RESEND_INTERVAL ago. The event's lock serialises this check.
        _resend_link(existing, language)
        return "full" if event.refuses_when_full else RegistrationOutcome(existing, created=False)
    if event.refuses_when_full:
        return "full"

    status = Registration.Status.WAITLISTED if event.is_full else Registration.Status.CONFIRMED

    registration = Registration.objects.create(
        event=event, status=status, language=language, consent_at=timezone.now(), **data
    )
    # An address refused earlier is cleared when this confirmation is sent: registering
    # anew is its owner's word that it works again (taskforce/background/sending.py).
    emails.queue_registration_email(registration, language)
    return RegistrationOutcome(registration, created=True)


def _resend_link(registration, language):
    now = timezone.now()
    if registration.link_resent_at and now - registration.link_resent_at < RESEND_INTERVAL:
        return
    registration.link_resent_at = now
    registration.save(update_fields=["link_resent_at"])
    emails.queue_registration_email(registration, language)


def _fill_free_seats(event):
    """Promote the oldest waitlisted registrations into free seats (event row locked).
    Nobody is promoted once the event is over or called off: a seat then is no use to
    anyone."""
    promoted = []
    if event.ends_at < timezone.now() or event.is_cancelled:
        return promoted
    free = event.seats_left_after(event.registrations.confirmed().count())
    if free is None:  # no limit: the whole waiting list
        free = event.registrations.waitlisted().count()
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
    emails.queue_cancelled_email(registration)
    for promoted_registration in promoted:
        emails.queue_promoted_email(promoted_registration)
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


# What registrants are told about when it changes: when and where the event is (the
# online link included), and whether it is called off. A change elsewhere (a typo in the
# description, the capacity) tells no one.
TOLD_FIELDS = {
    "starts_at",
    "ends_at",
    "timezone",
    "mode",
    "online_url",
    "venue",
    *(f"venue_{code}" for code, _name in settings.LANGUAGES),
    "is_cancelled",
}


@dataclass
class EventSaved:
    told: int  # active registrants emailed that the event moved or was called off
    promoted: list[Registration]


@transaction.atomic
def event_save(*, event: Event, changed_fields: Iterable[str]) -> EventSaved:
    """Save an edited event whose `changed_fields` were changed (the admin's every save of
    an existing event comes here, with its form's changed_data).

    Any change raises its calendar SEQUENCE, under the event's lock. If it moved or was
    called off, or back on (TOLD_FIELDS), every active registrant is emailed so, in their
    language, with the calendar file that replaces theirs (same UID); not once the event is
    over (a record put right afterwards is no news). Then free seats (a raised capacity) go
    to the waiting list, unless the event is called off."""
    stored = _locked(event)
    changed_fields = set(changed_fields)
    changed = bool(TOLD_FIELDS.intersection(changed_fields))
    back_on = stored.is_cancelled and not event.is_cancelled
    # Every edit is a new revision of the calendar entry (the group and event feeds give it
    # to subscribed calendars); only a move or a calling off is worth an email.
    event.sequence = stored.sequence + 1 if changed_fields else stored.sequence
    event.save()
    recipients = []
    if changed and event.ends_at > timezone.now():
        recipients = list(event.registrations.active().filter(is_anonymised=False))
        for registration in recipients:
            registration.event = event
            emails.queue_plans_changed_email(registration, back_on=back_on)
    promoted = _fill_free_seats(event)
    for registration in promoted:
        emails.queue_promoted_email(registration)
    return EventSaved(told=len(recipients), promoted=promoted)


# What an anonymised registration shows instead of the name, in the admin and its history.
ANONYMISED_NAME = "(anonymised)"


@transaction.atomic
def registrations_anonymise(*, pks: list[int]) -> None:
    """Erase the personal data of these registrations (name, email, organization, job title,
    needs, private link) and keep what the counts need: event, status, sector, country,
    attendance, interpretation and language. The retention purge and the admin's
    data-rights page both call this, so "anonymised" means one thing."""
    # The address becomes unique per row and undeliverable (.invalid is reserved), so
    # the one-active-registration-per-email constraint still holds for kept statuses.
    Registration.objects.filter(pk__in=pks).update(
        full_name=ANONYMISED_NAME,
        email=Concat(
            Value("anonymised-"),
            Cast("pk", CharField()),
            Value("@invalid"),
            output_field=CharField(),
        ),
        organization="",
        job_title="",
        needs="",
        is_anonymised=True,
    )
    # A fresh random token per row: the old private link must lead nowhere. Small
    # batches: each one is an UPDATE with a CASE over its rows, slow when large.
    Registration.objects.bulk_update(
        [Registration(pk=pk, token=new_token()) for pk in pks], ["token"], batch_size=100
    )
    erase_mail(Email.objects.filter(registration__in=pks))
    # The admin's history names the registration ("Ana García – Border meeting").
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration),
        object_id__in=[str(pk) for pk in pks],
    ).update(object_repr=ANONYMISED_NAME)


def accounts_for_email(email: str):
    """The portal accounts that hold this address, as their login or as one of their
    allauth addresses (compared case-insensitively, as registrations are)."""
    return (
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email))
        .distinct()
        .prefetch_related("emailaddress_set", "authenticator_set")
        .order_by("pk")
    )


@dataclass
class Erasure:
    registration_pks: list[int]
    accounts_deleted: int
    staff_accounts_kept: int
    # What other apps held (taskforce/core/personal_data.py): rows erased, by holder.
    erased_elsewhere: dict


@transaction.atomic
def personal_data_erase(*, email: str) -> Erasure:
    """A data-rights request to erase (cancelación): the address's registrations are
    anonymised, so every count by status, sector and country stays as it was, and its
    participant accounts are deleted with their addresses and second factors. A staff
    account is kept: removing someone's access to the admin is a decision for a person,
    in the user admin, not a side effect of this page."""
    pks = list(
        Registration.objects.for_email(email)
        .filter(is_anonymised=False)
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )
    registrations_anonymise(pks=pks)
    # allauth's messages to the address too (they belong to no registration).
    erase_mail(Email.objects.filter(to__iexact=email))
    RefusedAddress.clear(email)
    accounts = list(accounts_for_email(email))
    staff = [account for account in accounts if account.is_staff or account.is_superuser]
    participants = [account for account in accounts if account not in staff]
    get_user_model().objects.filter(pk__in=[account.pk for account in participants]).delete()
    return Erasure(
        registration_pks=pks,
        accounts_deleted=len(participants),
        staff_accounts_kept=len(staff),
        erased_elsewhere=personal_data.erase_all(email),
    )
