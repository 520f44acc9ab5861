"""Sample organizations, people and memberships, recommendations and documents."""

import datetime

from documents.models import Document
from taskforce.roadmap.models import Recommendation
from workinggroups.models import Membership, Organization, Person

from .words import (
    COUNTRIES,
    JOB_TITLES,
    NAME_FIRST,
    NAME_LAST,
    ORG_KINDS,
    ORG_WORDS,
    SECTOR_COUNTRIES,
    TOPICS,
)


def create_members(rng, total, groups):
    """`total` people in about one organization for every five, each a member of one or two
    working groups; the first sample member of each group chairs it. Returns the count."""
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


def create_recommendations(rng, themes, groups):
    """Three sample recommendations per theme, each with a working group. Returns the count."""
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


def create_documents(rng, total, themes, groups):
    """`total` sample documents (about one in ten a draft), slugs sample-1, sample-2...,
    with one or two themes and often a working group. Returns the documents."""
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
                summary_es="Documento de ejemplo para probar el sitio; no es una publicación real.",
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
