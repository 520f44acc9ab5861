"""Attendance: joining the online meeting through one's own link, and the check-in desk.

Attended means checked in at the desk or joined online. Both are recorded with one
conditional UPDATE each, never a read then a write: two desks that scan the same badge at
once, or a registrant who opens the join link on two devices, are counted once, because
the database lets only one UPDATE find `checked_in_at` still empty.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import AccessRecord, Event, Registration


def record_online_join(*, registration: Registration) -> None:
    """The first time only sets joined_online_at; every time, attended."""
    now = timezone.now()
    Registration.objects.filter(pk=registration.pk).update(
        attended=True, joined_online_at=Coalesce("joined_online_at", Value(now))
    )


@dataclass
class CheckIn:
    """What the desk is told: `outcome` is "checked_in" (recorded now), "already" (by an
    earlier scan or another desk), or why nothing was recorded: "waitlisted", "cancelled",
    "other_event"."""

    outcome: str
    registration: Registration

    @property
    def recorded(self):
        return self.outcome == "checked_in"


def check_in_refusal(registration: Registration, desk_event: Event | None) -> str | None:
    """Why this registrant cannot be checked in at this desk, or None."""
    if desk_event is not None and registration.event_id != desk_event.pk:
        return "other_event"
    if registration.status == Registration.Status.WAITLISTED:
        return "waitlisted"
    if registration.status == Registration.Status.CANCELLED:
        return "cancelled"
    return None


@transaction.atomic
def check_in(*, registration: Registration, desk_event: Event | None, user) -> CheckIn:
    refusal = check_in_refusal(registration, desk_event)
    if refusal:
        return CheckIn(refusal, registration)
    now = timezone.now()
    recorded = Registration.objects.filter(
        pk=registration.pk,
        status=Registration.Status.CONFIRMED,
        checked_in_at__isnull=True,
    ).update(checked_in_at=now, attended=True)
    registration.refresh_from_db(fields=["status", "checked_in_at", "attended"])
    if not recorded and registration.status != Registration.Status.CONFIRMED:
        # Cancelled between the page and the tap.
        return CheckIn(check_in_refusal(registration, desk_event), registration)
    outcome = "checked_in" if recorded else "already"
    log_access(
        user=user,
        action=AccessRecord.Action.CHECK_IN,
        event=registration.event,
        registration=registration,
        detail="checked in" if recorded else "already checked in",
    )
    return CheckIn(outcome, registration)


def log_access(*, user, action, event, registration=None, detail="") -> AccessRecord:
    return AccessRecord.objects.create(
        user=user, action=action, event=event, registration=registration, detail=detail[:300]
    )


NAME_SEARCH = "name search: "
# How long after its last keystroke a name search typed at the desk is still the same one.
TYPING_PAUSE = timedelta(minutes=1)


def log_name_search(*, user, event, query) -> AccessRecord:
    """One record per name searched at the desk, however many refreshes typing it took:
    while each query extends or shortens the one before (within TYPING_PAUSE), the same
    record stands, naming the shortest of them, the one that showed the most people."""
    now = timezone.now()
    last = (
        AccessRecord.objects.filter(
            user=user,
            event=event,
            action=AccessRecord.Action.LOOKUP,
            registration=None,
            detail__startswith=NAME_SEARCH,
            at__gte=now - TYPING_PAUSE,
        )
        .order_by("-at", "-pk")
        .first()
    )
    if last is not None:
        before = last.detail.removeprefix(NAME_SEARCH)
        if query.startswith(before) or before.startswith(query):
            shortest = min(before, query, key=len)
            AccessRecord.objects.filter(pk=last.pk).update(at=now, detail=NAME_SEARCH + shortest)
            return last
    return log_access(
        user=user, action=AccessRecord.Action.LOOKUP, event=event, detail=NAME_SEARCH + query
    )
