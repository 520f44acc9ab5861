import datetime
import random

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from documents.models import Document
from taskforce.models import Recommendation, Theme
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


class Command(BaseCommand):
    help = (
        "Add clearly labelled sample data (organizations, people, memberships, "
        "recommendations, documents; events and registrations once that app is installed) "
        "for trying the site and for benchmarks. Counts are totals. Deterministic for a "
        "given --seed; replaces the previous sample data; never touches real content. "
        "Run after load_portal_content."
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Sample data: {people} people, {Organization.objects.filter(is_demo=True).count()}"
                f" organizations, {recommendations} recommendations, {documents} documents."
            )
        )
        if not apps.is_installed("registrations"):
            self.stdout.write(
                "Events and registrations: skipped (the registrations app is not installed)."
            )

    def clear(self):
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
            country = rng.choice(["MX", "US", "MX", "US", "CA", "DE", "JP", "KR"])
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
                        "recomendación real del grupo de trabajo.",
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
        return len(documents)
