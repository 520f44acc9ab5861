"""The time zones of Mexico and the United States, with names people understand.

"CST" alone reads as US Central time to a Californian and as Mexico City's to a
Mexican, so every time the portal shows carries its zone's label beside the
abbreviation: "10:00–12:00 PDT" under "Pacific time (Tijuana, Baja California)".

ZONES holds every zone that IANA's zone.tab lists for MX and US (a test compares the two
when tzdata is updated), in its order: by country, then roughly east to west.
"""

import zoneinfo

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

CENTRAL_MEXICO = _("Central Mexico time")
SOUTHEAST_MEXICO = _("Southeast Mexico time")
MEXICAN_PACIFIC = _("Mexican Pacific time")
PACIFIC = _("Pacific time")
CENTRAL_US_SAVING = _("Central time, US daylight saving")
MOUNTAIN_US_SAVING = _("Mountain time, US daylight saving")
US_EASTERN = _("US Eastern time")
US_CENTRAL = _("US Central time")
US_MOUNTAIN = _("US Mountain time")
ARIZONA = _("Arizona time, no daylight saving")
US_PACIFIC = _("US Pacific time")
ALASKA = _("Alaska time")
HAWAII_ALEUTIAN = _("Hawaii–Aleutian time")
HAWAII = _("Hawaii time")

# (IANA name, region, place)
MEXICO = [
    ("America/Mexico_City", CENTRAL_MEXICO, _("Mexico City")),
    ("America/Cancun", SOUTHEAST_MEXICO, "Cancún, Quintana Roo"),
    ("America/Merida", CENTRAL_MEXICO, "Mérida, Yucatán"),
    ("America/Monterrey", CENTRAL_MEXICO, "Monterrey, Nuevo León"),
    ("America/Matamoros", CENTRAL_US_SAVING, "Matamoros, Tamaulipas"),
    ("America/Chihuahua", CENTRAL_MEXICO, "Chihuahua"),
    ("America/Ciudad_Juarez", MOUNTAIN_US_SAVING, "Ciudad Juárez, Chihuahua"),
    ("America/Ojinaga", CENTRAL_US_SAVING, "Ojinaga, Chihuahua"),
    ("America/Mazatlan", MEXICAN_PACIFIC, "Mazatlán, Sinaloa"),
    ("America/Bahia_Banderas", CENTRAL_MEXICO, "Bahía de Banderas, Nayarit"),
    ("America/Hermosillo", MEXICAN_PACIFIC, "Hermosillo, Sonora"),
    ("America/Tijuana", PACIFIC, "Tijuana, Baja California"),
]
UNITED_STATES = [
    ("America/New_York", US_EASTERN, _("New York")),
    ("America/Detroit", US_EASTERN, "Detroit, Michigan"),
    ("America/Kentucky/Louisville", US_EASTERN, "Louisville, Kentucky"),
    ("America/Kentucky/Monticello", US_EASTERN, "Monticello, Kentucky"),
    ("America/Indiana/Indianapolis", US_EASTERN, "Indianapolis, Indiana"),
    ("America/Indiana/Vincennes", US_EASTERN, "Vincennes, Indiana"),
    ("America/Indiana/Winamac", US_EASTERN, "Winamac, Indiana"),
    ("America/Indiana/Marengo", US_EASTERN, "Marengo, Indiana"),
    ("America/Indiana/Petersburg", US_EASTERN, "Petersburg, Indiana"),
    ("America/Indiana/Vevay", US_EASTERN, "Vevay, Indiana"),
    ("America/Chicago", US_CENTRAL, "Chicago, Illinois"),
    ("America/Indiana/Tell_City", US_CENTRAL, "Tell City, Indiana"),
    ("America/Indiana/Knox", US_CENTRAL, "Knox, Indiana"),
    ("America/Menominee", US_CENTRAL, "Menominee, Michigan"),
    ("America/North_Dakota/Center", US_CENTRAL, "Center, North Dakota"),
    ("America/North_Dakota/New_Salem", US_CENTRAL, "New Salem, North Dakota"),
    ("America/North_Dakota/Beulah", US_CENTRAL, "Beulah, North Dakota"),
    ("America/Denver", US_MOUNTAIN, "Denver, Colorado"),
    ("America/Boise", US_MOUNTAIN, "Boise, Idaho"),
    ("America/Phoenix", ARIZONA, "Phoenix"),
    ("America/Los_Angeles", US_PACIFIC, _("Los Angeles, California")),
    ("America/Anchorage", ALASKA, "Anchorage"),
    ("America/Juneau", ALASKA, "Juneau"),
    ("America/Sitka", ALASKA, "Sitka"),
    ("America/Metlakatla", ALASKA, "Metlakatla"),
    ("America/Yakutat", ALASKA, "Yakutat"),
    ("America/Nome", ALASKA, "Nome"),
    ("America/Adak", HAWAII_ALEUTIAN, "Adak, Alaska"),
    ("Pacific/Honolulu", HAWAII, "Honolulu"),
]

LABELS = {
    name: format_lazy("{} ({})", region, place) for name, region, place in MEXICO + UNITED_STATES
}
PLACES = {name: place for name, _region, place in MEXICO + UNITED_STATES}


def zone_label(name):
    """ "Pacific time (Tijuana, Baja California)"; a zone outside the two countries by
    its city, as IANA names it."""
    name = str(name)
    if name in LABELS:
        return LABELS[name]
    return name.rsplit("/", 1)[-1].replace("_", " ")


def zone_place(name):
    """ "Mexico City": where a short time (a card, a deadline) names its zone, beside the
    abbreviation, so that "09:00 CST (Mexico City)" is not read as US Central time."""
    name = str(name)
    return PLACES.get(name) or name.rsplit("/", 1)[-1].replace("_", " ")


def zone_choices(current=None):
    """The choices of the admin's time-zone list, by country. A stored zone that is not
    in it (an event abroad, entered before the list existed) stays valid and selected."""
    groups = [
        (_("Mexico"), [(name, choice_label(name)) for name, _r, _p in MEXICO]),
        (_("United States"), [(name, choice_label(name)) for name, _r, _p in UNITED_STATES]),
    ]
    if current and str(current) not in LABELS and is_zone(current):
        groups.append((_("Other zones"), [(str(current), str(current))]))
    return groups


def choice_label(name):
    return format_lazy("{} — {}", LABELS[name], name)


def is_zone(name):
    try:
        zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True
