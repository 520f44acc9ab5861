"""Clearly labelled sample data on top of the real content: the one generator used by
`manage.py load_demo_data`, the tests (tests/taskforce/test_query_counts.py, the browser
tests) and the benchmarks, so the pinned query counts and the benchmarks measure the same
data.

Every row is flagged is_demo=True and shown with a "Sample" badge. The data is deterministic
for a given seed (and day: events are dated from today), needs no network, and replaces the
previous sample data without touching the real content (load_portal_content's).

    from taskforce import sample_data
    totals = sample_data.load(sample_data.Counts(members=60, documents=25), seed=1)
"""

import random
from dataclasses import dataclass, fields

from django.db import transaction

from documents.models import Document
from registrations.models import Event, Registration
from taskforce.core.pagecache import content_changed
from taskforce.roadmap.models import Recommendation, Theme
from workinggroups.models import Membership, Organization, Person, WorkingGroup

from .content import create_documents, create_members, create_recommendations
from .events import EVENT_PLANS, create_events

__all__ = [
    "EVENT_PLANS",
    "QUERY_COUNT_SEED",
    "QUERY_COUNT_UNIT",
    "Counts",
    "MissingContent",
    "Totals",
    "clear",
    "load",
]

DEFAULT_SEED = 2022


@dataclass(frozen=True)
class Counts:
    """How much sample data to make; totals, with the registrations spread over the events."""

    members: int = 150
    documents: int = 40
    events: int = 6
    registrations: int = 120

    def __post_init__(self):
        for field in fields(self):
            if getattr(self, field.name) < 0:
                raise ValueError(f"--{field.name} must be zero or more.")

    def __mul__(self, factor):
        return Counts(**{field.name: getattr(self, field.name) * factor for field in fields(self)})

    def as_dict(self):
        return {field.name: getattr(self, field.name) for field in fields(self)}


# One unit of the data the pinned query counts (tests/taskforce/test_query_counts.py) and
# benchmarks/query_counts.py measure, at one and at ten times: at ten, the members and the
# documents of a theme run past their first page.
QUERY_COUNT_UNIT = Counts(members=30, documents=12, events=2, registrations=20)
# A seed whose single unit already fills every filtered list those pages show.
QUERY_COUNT_SEED = 4


@dataclass(frozen=True)
class Totals:
    """What load() made."""

    people: int
    organizations: int
    recommendations: int
    documents: int
    events: int
    registrations: int

    def __str__(self):
        return (
            f"Sample data: {self.people} people, {self.organizations} organizations,"
            f" {self.recommendations} recommendations, {self.documents} documents,"
            f" {self.events} events, {self.registrations} registrations."
        )


class MissingContent(Exception):
    """The real content (themes, working groups) is not loaded yet."""


def load(counts=Counts(), seed=DEFAULT_SEED):
    """Replace the sample data with `counts` of it, made from `seed`, in one transaction."""
    themes = list(Theme.objects.all())
    groups = list(WorkingGroup.objects.all())
    if not themes or not groups:
        raise MissingContent("Run load_portal_content first: the sample data needs themes.")
    rng = random.Random(seed)
    with transaction.atomic():
        clear()
        people = create_members(rng, counts.members, groups)
        recommendations = create_recommendations(rng, themes, groups)
        documents = create_documents(rng, counts.documents, themes, groups)
        events, registrations = create_events(
            rng, counts.events, counts.registrations, groups, documents
        )
        content_changed()  # bulk_create sends no signal: renew the cached pages
    return Totals(
        people=people,
        organizations=Organization.objects.filter(is_demo=True).count(),
        recommendations=recommendations,
        documents=len(documents),
        events=events,
        registrations=registrations,
    )


def clear():
    """Delete every sample row; real content, real events and their registrations stay."""
    # Registrations first: they protect their event. Anyone who registered for a sample
    # event goes with it.
    Registration.objects.filter(event__is_demo=True).delete()
    Event.objects.filter(is_demo=True).delete()
    Membership.objects.filter(person__is_demo=True).delete()
    Person.objects.filter(is_demo=True).delete()
    Organization.objects.filter(is_demo=True).delete()
    Recommendation.objects.filter(is_demo=True).delete()
    Document.objects.filter(is_demo=True).delete()
