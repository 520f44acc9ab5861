"""Sample events and their registrations: every case a visitor can meet (full, with a
waiting list, unlimited, past, across a clock change), dated from today."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from registrations.models import Event, Registration

from .words import (
    EVENT_KINDS,
    JOB_TITLES,
    NAME_FIRST,
    NAME_LAST,
    NEEDS,
    ONLINE_ONLY_KINDS,
    ORG_KINDS,
    ORG_WORDS,
    SECTOR_COUNTRIES,
    TOPICS,
    VENUES,
)


@dataclass(frozen=True)
class EventPlan:
    """One kind of sample event, so the site shows every case a visitor can meet."""

    mode: str
    zone: str
    days_from_today: int  # negative: a past event
    seats: str  # "full", "spare", "waitlist" (more registrants than seats) or "unlimited"
    waitlist: bool = True
    with_group: bool = False
    with_documents: bool = False
    across_dst: bool = False  # a two-day event over the next US clock change


# The first six events cover the cases; more events repeat the list, further out in time.
EVENT_PLANS = [
    EventPlan("in_person", "America/Mexico_City", 10, "full", waitlist=False),
    EventPlan("hybrid", "America/Tijuana", 20, "spare", with_group=True, with_documents=True),
    EventPlan("in_person", "America/Los_Angeles", 30, "waitlist", with_group=True),
    EventPlan("online", "America/Los_Angeles", 45, "unlimited", across_dst=True),
    EventPlan(
        "in_person", "America/Mexico_City", -60, "spare", with_group=True, with_documents=True
    ),
    EventPlan("hybrid", "America/Tijuana", -200, "spare", with_documents=True),
]


def create_events(rng, total, registration_total, groups, documents):
    """`total` events after EVENT_PLANS, with `registration_total` registrations spread
    over them. Dates count from today, so the upcoming events stay upcoming."""
    if total == 0:
        return 0, 0
    today = timezone.localdate()
    shares = [rng.uniform(0.6, 1.4) for _ in range(total)]
    per_event = _split(registration_total, shares)
    published_documents = [document for document in documents if document.is_published]
    plans = [EVENT_PLANS[index % len(EVENT_PLANS)] for index in range(total)]
    events = []
    registrations = []
    for number, plan in enumerate(plans, start=1):
        rounds = (number - 1) // len(EVENT_PLANS)
        event = plan_event(rng, number, plan, rounds, today)
        event.working_group = rng.choice(groups) if plan.with_group else None
        event_registrations = plan_registrations(rng, event, plan, per_event[number - 1], today)
        events.append(event)
        registrations.append(event_registrations)
    events = Event.objects.bulk_create(events)
    for event, event_registrations in zip(events, registrations, strict=True):
        for registration in event_registrations:
            registration.event = event
    Registration.objects.bulk_create(
        (registration for group in registrations for registration in group), batch_size=2000
    )
    DocumentLink = Event.documents.through
    DocumentLink.objects.bulk_create(
        DocumentLink(event=event, document=document)
        for event, plan in zip(events, plans, strict=True)
        if plan.with_documents and published_documents
        for document in rng.sample(published_documents, k=min(2, len(published_documents)))
    )
    return len(events), sum(len(group) for group in registrations)


def plan_event(rng, number, plan, rounds, today):
    zone = zoneinfo.ZoneInfo(plan.zone)
    direction = 1 if plan.days_from_today >= 0 else -1
    day = today + datetime.timedelta(days=plan.days_from_today + direction * 37 * rounds)
    hour = rng.choice([9, 10, 11, 16])
    starts_at = datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)
    ends_at = starts_at + datetime.timedelta(hours=rng.choice([2, 3, 4]))
    if plan.across_dst and rounds == 0:
        change = _next_clock_change(zone, today)
        if change:
            # From 9:00 the day before the change to 13:00 the day of it, local time:
            # the end is 29 wall-clock hours later, 28 or 30 real ones.
            starts_at = datetime.datetime.combine(
                change - datetime.timedelta(days=1), datetime.time(9), tzinfo=zone
            )
            ends_at = datetime.datetime.combine(change, datetime.time(13), tzinfo=zone)
    kind_en, kind_es = rng.choice(
        [
            kind
            for kind in EVENT_KINDS
            if plan.mode == Event.Mode.ONLINE or kind[0] not in ONLINE_ONLY_KINDS
        ]
    )
    topic_en, topic_es = rng.choice(TOPICS)
    venue_en, venue_es = ("", "") if plan.mode == Event.Mode.ONLINE else VENUES[plan.zone]
    return Event(
        slug=f"sample-event-{number}",
        title_en=f"Sample {kind_en} {number}: {topic_en}",
        title_es=f"{kind_es} de ejemplo {number}: {topic_es}",
        description_en="Sample event for trying the site; not a real meeting of the task force.",
        description_es="Evento de ejemplo para probar el sitio; no es un evento real del GTE.",
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=plan.zone,
        venue_en=venue_en,
        venue_es=venue_es,
        online_url=""
        if plan.mode == Event.Mode.IN_PERSON
        else f"https://meet.example.org/sample-event-{number}",
        mode=plan.mode,
        waitlist_enabled=plan.waitlist,
        is_published=True,
        is_demo=True,
    )


def plan_registrations(rng, event, plan, count, today):
    """The event's registrations, oldest first, with statuses given as the registration
    service would: seats to the first comers, then the waiting list. Sets the event's
    capacity from how many remain active, so no event ever has more confirmed than seats.
    """
    # Everything registers before the event and before today (midnight, local time).
    last = min(
        event.starts_at,
        datetime.datetime.combine(today, datetime.time(), tzinfo=timezone.get_current_timezone()),
    ) - datetime.timedelta(hours=1)
    first = last - datetime.timedelta(days=45)
    window = (last - first).total_seconds()
    moments = sorted(
        first + datetime.timedelta(seconds=rng.uniform(0, window)) for _ in range(count)
    )
    cancelled = [rng.random() < 0.06 for _ in range(count)]
    active = count - sum(cancelled)
    event.capacity = _capacity(rng, plan.seats, active)
    is_past = plan.days_from_today < 0
    spanish_side = event.timezone == "America/Mexico_City"
    # Participant numbers: the same person (name, email) comes back across events, and
    # numbers within one event are distinct, so one active registration per email holds.
    first_participant = rng.randrange(1, 5000)
    registrations = []
    confirmed = 0
    for index, created_at in enumerate(moments):
        participant = first_participant + index
        language = "es" if rng.random() < (0.7 if spanish_side else 0.35) else "en"
        sector = rng.choice(list(ORG_KINDS))
        registration = Registration(
            full_name=_participant_name(participant),
            email=f"participant{participant}@example.org",
            organization=f"{rng.choice(ORG_WORDS)} {ORG_KINDS[sector]}",
            job_title=rng.choice(JOB_TITLES)[language == "es"],
            sector=sector,
            country=rng.choice(
                SECTOR_COUNTRIES.get(
                    sector, ["MX", "MX", "US"] if language == "es" else ["US", "US", "CA", "MX"]
                )
            ),
            attendance_mode=_attendance(rng, event.mode),
            needs=rng.choice(NEEDS) if rng.random() < 0.1 else "",
            interpretation=rng.random() < 0.25,
            language=language,
            consent_at=created_at,
            created_at=created_at,
        )
        if cancelled[index]:
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = created_at + (last - created_at) * rng.random()
        elif event.seats_left_after(confirmed) != 0:  # None: no limit
            registration.status = Registration.Status.CONFIRMED
            confirmed += 1
            if is_past:
                registration.attended = rng.random() < 0.8
                registration.reminder_sent_at = event.starts_at - datetime.timedelta(days=2)
        else:
            registration.status = Registration.Status.WAITLISTED
        registrations.append(registration)
    return registrations


def _split(total, shares):
    """`total` in whole parts proportional to `shares`, summing exactly to `total`."""
    scale = total / sum(shares)
    parts = [int(share * scale) for share in shares]
    # The parts left over from rounding down go to the largest remainders.
    remainders = sorted(
        range(len(shares)), key=lambda index: shares[index] * scale - parts[index], reverse=True
    )
    for index in remainders[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _capacity(rng, seats, active):
    if seats == "unlimited":
        return None
    if active == 0:
        return 40
    if seats == "full":
        return active
    if seats == "waitlist":
        return max(1, round(active * 0.7)) if active > 1 else active
    return active + max(5, round(active * rng.uniform(0.1, 0.5)))


def _attendance(rng, mode):
    if mode == Event.Mode.HYBRID:
        return rng.choice(["in_person", "in_person", "online"])
    return "online" if mode == Event.Mode.ONLINE else "in_person"


def _participant_name(number):
    first = NAME_FIRST[number % len(NAME_FIRST)]
    last = NAME_LAST[(number // len(NAME_FIRST)) % len(NAME_LAST)]
    return f"{first} {last}"


def _next_clock_change(zone, today):
    """The first day, at least two days ahead, whose noon has another UTC offset than the
    noon before it (the clocks changed that night); None within a year (no DST there)."""
    for days in range(3, 370):
        day = today + datetime.timedelta(days=days)
        before = datetime.datetime.combine(day - datetime.timedelta(days=1), datetime.time(12))
        after = datetime.datetime.combine(day, datetime.time(12))
        if before.replace(tzinfo=zone).utcoffset() != after.replace(tzinfo=zone).utcoffset():
            return day
    return None
