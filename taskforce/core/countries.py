"""Country names as the rest of the portal writes them (settings.COUNTRIES_OVERRIDE).

django-countries' own are ISO-style English ("United States of America", "Bahamas (The)")
and odd Spanish ("Trinidad yTobago", "República de África Central"); the Spanish of these
is in the project's catalogue, which Django reads before django-countries' own. pyuca sorts
the names as people expect (case and accents do not push "Costa de Marfil" after "Costa
Rica").
"""

from django.utils.translation import gettext_lazy as _

COUNTRIES_OVERRIDE = {
    "AD": _("Andorra"),
    "AX": _("Åland Islands"),
    "BS": _("Bahamas"),
    "CF": _("Central African Republic"),
    "CG": _("Republic of the Congo"),
    "CY": _("Cyprus"),
    "DJ": _("Djibouti"),
    "FK": _("Falkland Islands"),
    "FM": _("Micronesia"),
    "MF": _("Saint Martin (French part)"),
    "MM": _("Myanmar"),
    "NR": _("Nauru"),
    "PN": _("Pitcairn Islands"),
    "PS": _("Palestine"),
    "SX": _("Sint Maarten (Dutch part)"),
    "SZ": _("Eswatini"),
    "TD": _("Chad"),
    "TT": _("Trinidad and Tobago"),
    "UM": _("U.S. Minor Outlying Islands"),
    "US": _("United States"),
    "VG": _("British Virgin Islands"),
    "VI": _("U.S. Virgin Islands"),
}
