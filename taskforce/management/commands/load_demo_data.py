"""load_demo_data: clearly labelled sample data on top of the real content.

It lives in the registrations app because the sample data includes events and registrations,
and only this app may use every other one (the content apps never import registrations).
"""

import datetime
import random
import zoneinfo
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from documents.models import Document
from registrations.models import Event, Registration
from taskforce.core.pagecache import content_changed
from taskforce.roadmap.models import Recommendation, Theme
from workinggroups.models import Membership, Organization, Person, Sector, WorkingGroup

# Words for made-up but plausible names; every row is also flagged is_demo=True and
# shown with a "Sample" badge, so nobody mistakes it for the task force's real content.
NAME_FIRST = [
    "Ana",
    "Luis",
    "María",
    "José",
    "Carmen",
    "Jorge",
    "Laura",
    "Daniel",
    "Sofía",
    "Miguel",
    "Emily",
    "James",
    "Olivia",
    "Robert",
    "Grace",
    "David",
    "Elena",
    "Pablo",
]
NAME_LAST = [
    "García",
    "Hernández",
    "López",
    "Martínez",
    "Rodríguez",
    "Pérez",
    "Smith",
    "Johnson",
    "Nguyen",
    "Brown",
    "Ramírez",
    "Torres",
    "Flores",
    "Miller",
    "Cruz",
]
ORG_WORDS = [
    "Sierra",
    "Pacific",
    "Bajío",
    "Norte",
    "Golden",
    "Sonora",
    "Cascade",
    "Azteca",
    "Mesa",
    "Coastal",
    "Valle",
    "Frontera",
    "Summit",
    "Rio",
    "Cumbre",
    "Harbor",
]
ORG_KINDS = {
    Sector.OEM: "Motors",
    Sector.SUPPLIER: "Components",
    Sector.GOVERNMENT_US: "Office of Clean Transport",
    Sector.GOVERNMENT_MX: "Unidad de Movilidad",
    Sector.GOVERNMENT_STATE_LOCAL: "City Transport Agency",
    Sector.UTILITY: "Power & Light",
    Sector.FREIGHT: "Freight Lines",
    Sector.PUBLIC_TRANSPORT: "Transit",
    Sector.ACADEMIA: "Institute of Technology",
    Sector.CIVIL_SOCIETY: "Clean Air Network",
    Sector.OTHER: "Consulting",
}
JOB_TITLES = [
    ("Director", "Director(a)"),
    ("Engineer", "Ingeniero(a)"),
    ("Policy analyst", "Analista de políticas"),
    ("Manager", "Gerente"),
    ("Researcher", "Investigador(a)"),
    ("Advisor", "Asesor(a)"),
]
TOPICS = [
    ("battery supply chains", "cadenas de suministro de baterías"),
    ("charging corridors at the border", "corredores de carga en la frontera"),
    ("workforce training", "capacitación de la fuerza laboral"),
    ("electric bus financing", "financiamiento de autobuses eléctricos"),
    ("grid readiness", "preparación de la red eléctrica"),
    ("zero-emission trucks", "camiones de cero emisiones"),
    ("supplier certification", "certificación de proveedores"),
]
EVENT_KINDS = [
    ("meeting", "Reunión"),
    ("workshop", "Taller"),
    ("webinar", "Seminario web"),
    ("forum", "Foro"),
]
ONLINE_ONLY_KINDS = {"webinar"}  # a webinar in a venue would contradict itself
# Where an organization of a sector may be: a federal agency in its own country, state and
# local governments in Mexico or the US (the task force's two sides); others anywhere listed.
COUNTRIES = ["MX", "US", "MX", "US", "CA", "DE", "JP", "KR"]
SECTOR_COUNTRIES = {
    Sector.GOVERNMENT_US: ["US"],
    Sector.GOVERNMENT_MX: ["MX"],
    Sector.GOVERNMENT_STATE_LOCAL: ["MX", "US"],
}
VENUES = {
    "America/Mexico_City": ("Sample venue, Mexico City", "Sede de ejemplo, Ciudad de México"),
    "America/Tijuana": ("Sample venue, Tijuana", "Sede de ejemplo, Tijuana"),
    "America/Los_Angeles": ("Sample venue, Los Angeles", "Sede de ejemplo, Los Ángeles"),
}
NEEDS = [
    "Vegetarian meal",
    "Wheelchair access",
    "Comida vegetariana",
    "Acceso para silla de ruedas",
    "Live captions",
]


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


class Command(BaseCommand):
    help = (
        "Add clearly labelled sample data (organizations, people, memberships, "
        "recommendations, documents, events and their registrations) for trying the site "
        "and for benchmarks. Counts are totals; --registrations are spread over the events. "
        "Deterministic for a given --seed (and day); replaces the previous sample data; never "
        "touches real content. Run after load_portal_content."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=150, help="people (total)")
        parser.add_argument("--documents", type=int, default=40, help="documents (total)")
        parser.add_argument("--events", type=int, default=6, help="events (total)")
        parser.add_argument(
            "--registrations", type=int, default=120, help="registrations, over the events"
        )
        parser.add_argument("--seed", type=int, default=2022, help="random seed")

    def handle(self, *args, **options):
        for name in ["members", "documents", "events", "registrations"]:
            if options[name] < 0:
                raise CommandError(f"--{name} must be zero or more.")
        themes = list(Theme.objects.all())
        groups = list(WorkingGroup.objects.all())
        if not themes or not groups:
            raise CommandError("Run load_portal_content first: the sample data needs themes.")
        rng = random.Random(options["seed"])
        with transaction.atomic():
            self.clear()
            people = self.create_members(rng, options["members"], groups)
            recommendations = self.create_recommendations(rng, themes, groups)
            documents = self.create_documents(rng, options["documents"], themes, groups)
            events, registrations = self.create_events(
                rng, options["events"], options["registrations"], groups, documents
            )
            content_changed()  # bulk_create sends no signal: renew the cached pages
        self.stdout.write(
            self.style.SUCCESS(
                f"Sample data: {people} people, {Organization.objects.filter(is_demo=True).count()}"
                f" organizations, {recommendations} recommendations, {len(documents)} documents,"
                f" {events} events, {registrations} registrations."
            )
        )

    def clear(self):
        # Registrations first: they protect their event. Anyone who registered for a sample
        # event goes with it; real events and their registrations are never touched.
        Registration.objects.filter(event__is_demo=True).delete()
        Event.objects.filter(is_demo=True).delete()
        Membership.objects.filter(person__is_demo=True).delete()
        Person.objects.filter(is_demo=True).delete()
        Organization.objects.filter(is_demo=True).delete()
        Recommendation.objects.filter(is_demo=True).delete()
        Document.objects.filter(is_demo=True).delete()

    def create_members(self, rng, total, groups):
        sectors = list(ORG_KINDS)
        organizations = []
        organization_count = max(1, round(total / 5)) if total else 0
        for number in range(1, organization_count + 1):
            sector = rng.choice(sectors)
            country = rng.choice(SECTOR_COUNTRIES.get(sector, COUNTRIES))
            name = f"{rng.choice(ORG_WORDS)} {ORG_KINDS[sector]} {number}"
            organizations.append(
                Organization(
                    name_en=name,
                    name_es=name,
                    acronym="",
                    country=country,
                    sector=sector,
                    website="",
                    is_public=rng.random() < 0.9,
                    is_demo=True,
                )
            )
        organizations = Organization.objects.bulk_create(organizations)
        people = []
        for number in range(1, total + 1):
            first, last = rng.choice(NAME_FIRST), rng.choice(NAME_LAST)
            title_en, title_es = rng.choice(JOB_TITLES)
            people.append(
                Person(
                    name=f"{first} {last} {number}",
                    title_en=title_en,
                    title_es=title_es,
                    organization=rng.choice(organizations),
                    email=f"person{number}@example.org",
                    is_public=rng.random() < 0.85,
                    is_demo=True,
                )
            )
        people = Person.objects.bulk_create(people, batch_size=1000)
        memberships = []
        for person in people:
            for group in rng.sample(groups, k=rng.choice([1, 1, 1, 2])):
                memberships.append(
                    Membership(person=person, working_group=group, role=Membership.Role.MEMBER)
                )
        # The first sample members of each group chair it.
        chairs = {}
        for membership in memberships:
            if membership.working_group_id not in chairs:
                chairs[membership.working_group_id] = membership
                membership.role = Membership.Role.CHAIR
        Membership.objects.bulk_create(memberships, batch_size=1000)
        return len(people)

    def create_recommendations(self, rng, themes, groups):
        recommendations = []
        for theme in themes:
            for number in range(1, 4):
                topic_en, topic_es = rng.choice(TOPICS)
                recommendations.append(
                    Recommendation(
                        theme=theme,
                        title_en=f"Sample recommendation {number} on {topic_en}",
                        title_es=f"Recomendación de ejemplo {number} sobre {topic_es}",
                        description_en="Sample text for trying the site; not a real "
                        "recommendation of the task force.",
                        description_es="Texto de ejemplo para probar el sitio; no es una "
                        "recomendación real del GTE.",
                        status=rng.choice(Recommendation.Status.values),
                        order=100 + number,
                        is_demo=True,
                    )
                )
        recommendations = Recommendation.objects.bulk_create(recommendations)
        Through = Recommendation.working_groups.through
        Through.objects.bulk_create(
            Through(recommendation=recommendation, workinggroup=rng.choice(groups))
            for recommendation in recommendations
        )
        return len(recommendations)

    def create_documents(self, rng, total, themes, groups):
        documents = []
        first_day = datetime.date(2022, 3, 1)
        for number in range(1, total + 1):
            topic_en, topic_es = rng.choice(TOPICS)
            kind = rng.choice(Document.Kind.values)
            documents.append(
                Document(
                    slug=f"sample-{number}",
                    kind=kind,
                    title_en=f"Sample {Document.Kind(kind).label.lower()} {number}: {topic_en}",
                    title_es=f"Documento de ejemplo {number}: {topic_es}",
                    summary_en="Sample document for trying the site; not a real publication.",
                    summary_es="Documento de ejemplo para probar el sitio; no es una "
                    "publicación real.",
                    publisher_en="Sample publisher",
                    publisher_es="Editorial de ejemplo",
                    published_on=first_day + datetime.timedelta(days=rng.randrange(0, 1400)),
                    language=rng.choice(Document.Language.values),
                    pages=rng.randrange(4, 120),
                    is_published=rng.random() < 0.9,
                    is_demo=True,
                )
            )
        documents = Document.objects.bulk_create(documents, batch_size=1000)
        ThemeLink = Document.themes.through
        GroupLink = Document.working_groups.through
        ThemeLink.objects.bulk_create(
            (
                ThemeLink(document=document, theme=theme)
                for document in documents
                for theme in rng.sample(themes, k=rng.choice([1, 1, 2]))
            ),
            batch_size=1000,
        )
        GroupLink.objects.bulk_create(
            (
                GroupLink(document=document, workinggroup=rng.choice(groups))
                for document in documents
                if rng.random() < 0.6
            ),
            batch_size=1000,
        )
        return documents

    def create_events(self, rng, total, registration_total, groups, documents):
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
            event = self.plan_event(rng, number, plan, rounds, today)
            event.working_group = rng.choice(groups) if plan.with_group else None
            event_registrations = self.plan_registrations(
                rng, event, plan, per_event[number - 1], today
            )
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

    def plan_event(self, rng, number, plan, rounds, today):
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
            description_en="Sample event for trying the site; not a real meeting of the "
            "task force.",
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

    def plan_registrations(self, rng, event, plan, count, today):
        """The event's registrations, oldest first, with statuses given as the registration
        service would: seats to the first comers, then the waiting list. Sets the event's
        capacity from how many remain active, so no event ever has more confirmed than seats.
        """
        # Everything registers before the event and before today (midnight, local time).
        last = min(
            event.starts_at,
            datetime.datetime.combine(
                today, datetime.time(), tzinfo=timezone.get_current_timezone()
            ),
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
            elif event.capacity is None or confirmed < event.capacity:
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
