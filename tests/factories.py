"""One factory per model. Translated fields get both an English and a Spanish value,
so a page in either language has something of its own to show."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from documents.models import Document
from registrations.models import Event, Registration
from taskforce.roadmap.models import KeyFigure, Milestone, Recommendation, Theme
from workinggroups.models import Membership, Organization, Person, Sector, WorkingGroup


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    name_en = factory.Sequence(lambda n: f"Theme {n}")
    name_es = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    summary_en = factory.LazyAttribute(lambda theme: f"What {theme.name_en} is about.")
    summary_es = factory.LazyAttribute(lambda theme: f"De qué trata {theme.name_es}.")
    order = factory.Sequence(lambda n: n)


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    theme = factory.SubFactory(ThemeFactory)
    title_en = factory.Sequence(lambda n: f"Recommendation {n}")
    title_es = factory.Sequence(lambda n: f"Recomendación {n}")
    description_en = "Why it matters."
    description_es = "Por qué importa."
    status = Recommendation.Status.PROPOSED

    @factory.post_generation
    def working_groups(self, create, groups, **kwargs):
        if create and groups:
            self.working_groups.set(groups)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    title_en = factory.Sequence(lambda n: f"Milestone {n}")
    title_es = factory.Sequence(lambda n: f"Hito {n}")


class KeyFigureFactory(DjangoModelFactory):
    class Meta:
        model = KeyFigure

    value_en = factory.Sequence(lambda n: f"{n}%")
    value_es = factory.Sequence(lambda n: f"{n} %")
    label_en = factory.Sequence(lambda n: f"figure {n}")
    label_es = factory.Sequence(lambda n: f"cifra {n}")
    order = factory.Sequence(lambda n: n)


class WorkingGroupFactory(DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name_en = factory.Sequence(lambda n: f"Working group {n}")
    name_es = factory.Sequence(lambda n: f"Grupo de trabajo {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    summary_en = factory.LazyAttribute(lambda group: f"What {group.name_en} does.")
    summary_es = factory.LazyAttribute(lambda group: f"Lo que hace {group.name_es}.")
    focus_en = "The group studies a part of the transition."
    focus_es = "El grupo estudia una parte de la transición."
    contact_email = "groups@example.org"
    order = factory.Sequence(lambda n: n)


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name_en = factory.Sequence(lambda n: f"Organization {n}")
    name_es = factory.Sequence(lambda n: f"Organización {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    country = "MX"
    sector = Sector.OEM
    is_public = True


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    title_en = "Director"
    title_es = "Directora"
    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    is_public = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    working_group = factory.SubFactory(WorkingGroupFactory)
    role = Membership.Role.MEMBER


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Report {n}")
    title_es = factory.Sequence(lambda n: f"Informe {n}")
    slug = factory.Sequence(lambda n: f"report-{n}")
    kind = Document.Kind.REPORT
    summary_en = "A report of the task force."
    summary_es = "Un informe del grupo de trabajo."
    publisher_en = "Test publisher"
    publisher_es = "Editorial de prueba"
    published_on = datetime.date(2022, 11, 15)
    language = Document.Language.ENGLISH
    is_published = True

    @factory.post_generation
    def themes(self, create, themes, **kwargs):
        if create and themes:
            self.themes.set(themes)

    @factory.post_generation
    def working_groups(self, create, groups, **kwargs):
        if create and groups:
            self.working_groups.set(groups)


def _in_days(days, hours=0):
    return timezone.now() + datetime.timedelta(days=days, hours=hours)


class EventFactory(DjangoModelFactory):
    """An upcoming, published, in-person event with open registration and 30 seats."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Working group meeting {n}")
    title_es = factory.Sequence(lambda n: f"Reunión del grupo de trabajo {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    description_en = "A meeting of the working group."
    description_es = "Una reunión del grupo de trabajo."
    starts_at = factory.LazyFunction(lambda: _in_days(14))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=3))
    timezone = "America/Mexico_City"
    venue_en = "Mexico City"
    venue_es = "Ciudad de México"
    mode = Event.Mode.IN_PERSON
    capacity = 30
    waitlist_enabled = True
    is_published = True


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    full_name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    organization = "Sample Motors"
    sector = "oem"
    country = "MX"
    status = Registration.Status.CONFIRMED


ACCOUNT_PASSWORD = "green-corridor-2026"


def account(email, *, verified=True, password=ACCOUNT_PASSWORD, **extra):
    """An allauth account as a participant makes one: signed in by email, its address
    verified (or not yet), with a usable password."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=password, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user
