"""Words for made-up but plausible sample names. Every sample row is also flagged
is_demo=True and shown with a "Sample" badge, so nobody mistakes it for real content."""

from workinggroups.models import Sector

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
