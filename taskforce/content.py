"""The task force's real content, in English and Spanish, written for the portal from the
two public sources in the project's seed: the task force's public page
(seed/task-force-page.txt) and the further facts gathered beside it (seed/facts.md).

Nothing here is invented: every name, date, figure and title comes from those sources, and
where they are silent the content says less (a document whose title, publisher or language
nobody knows keeps those fields empty; a recommendation whose status no source gives has
none). Each item notes the source lines it rests on. Where a source gives a month but not a
day, the date carries MONTH precision and is shown as "November 2022". load_portal_content
writes this into the database.
"""

import datetime

from taskforce.core.fields import DatePrecision

# task-force-page.txt:25
CONTACT_EMAIL = "jail.cruzgarcia@ucr.edu"

# facts.md:16-19: the key figures come from the task force's public page, cited without an
# address because its address is not known here.
FIGURE_SOURCE = {
    "source_en": "the task force's public page",
    "source_es": "la página pública del GTE",
}

# task-force-page.txt:1, worded as the page words them.
KEY_FIGURES = [
    {
        "value_en": "7th",
        "value_es": "7.º",
        "label_en": "largest passenger vehicle producer in the world",
        "label_es": "productor mundial de vehículos de pasajeros",
        **FIGURE_SOURCE,
    },
    {
        "value_en": "6th",
        "value_es": "6.º",
        "label_en": "overall in production of heavy-duty vehicles for cargo",
        "label_es": "lugar en la producción de vehículos pesados de carga",
        **FIGURE_SOURCE,
    },
    {
        "value_en": "Close to 10 million",
        "value_es": "Cerca de 10 millones",
        "label_en": "direct and indirect jobs in the automotive industry",
        "label_es": "de empleos directos e indirectos en la industria automotriz",
        **FIGURE_SOURCE,
    },
    {
        "value_en": "About 4%",
        "value_es": "Alrededor del 4 %",
        "label_en": "of Mexico's gross domestic product",
        "label_es": "del producto interno bruto de México",
        **FIGURE_SOURCE,
    },
    {
        "value_en": "76 percent",
        "value_es": "76 %",
        "label_en": "of light-duty vehicles are exported to the United States",
        "label_es": "de los vehículos ligeros se exportan a Estados Unidos",
        **FIGURE_SOURCE,
    },
    {
        "value_en": "90 percent",
        "value_es": "90 %",
        "label_en": "of heavy-duty vehicles are exported to the United States",
        "label_es": "de los vehículos pesados se exportan a Estados Unidos",
        **FIGURE_SOURCE,
    },
]

# The sources name the five themes (task-force-page.txt:3, facts.md:10) and say that the
# second phase held one hybrid meeting for each (facts.md:11); they describe no theme's
# scope, so no summary claims one.
_THEME_EN = "One of the five themes of the road map."
_THEME_ES = "Uno de los cinco temas de la hoja de ruta."
_SECOND_PHASE_EN = (
    "In the second phase, which began in Mexico in August 2022, a hybrid meeting on this "
    "theme turned the obstacles found in the first phase into recommendations."
)
_SECOND_PHASE_ES = (
    "En la segunda fase, iniciada en México en agosto de 2022, una reunión híbrida dedicada a "
    "este tema convirtió en recomendaciones los obstáculos detectados en la primera fase."
)


def _theme(slug, name_en, name_es, summary_en=_THEME_EN, summary_es=_THEME_ES):
    return {
        "slug": slug,
        "name_en": name_en,
        "name_es": name_es,
        "summary_en": summary_en,
        "summary_es": summary_es,
        "description_en": _SECOND_PHASE_EN,
        "description_es": _SECOND_PHASE_ES,
    }


THEMES = [
    _theme("innovation", "Innovation", "Innovación"),
    _theme(
        "human-capital",
        "Human capital",
        "Capital humano",
        # facts.md:13: the one recommendation the sources give.
        summary_en="One of the five themes of the road map. The road map summary presented in "
        "February 2023 recommends mapping the human resources needed to train workers, "
        "women included.",
        summary_es="Uno de los cinco temas de la hoja de ruta. El resumen de la hoja de ruta "
        "presentado en febrero de 2023 recomienda mapear los recursos humanos necesarios para "
        "capacitar a las personas trabajadoras, incluidas las mujeres.",
    ),
    _theme("supplier-development", "Supplier development", "Desarrollo de proveedores"),
    _theme("infrastructure", "Infrastructure", "Infraestructura"),
    _theme("governance", "Governance", "Gobernanza"),
]

# facts.md:13: the one recommendation the public sources state. No source says where it
# stands, so it has no status.
RECOMMENDATIONS = [
    {
        "theme": "human-capital",
        "title_en": "Map the human resources needed to train workers, women included",
        "title_es": "Mapear los recursos humanos necesarios para capacitar a las personas "
        "trabajadoras, incluidas las mujeres",
        "description_en": "Put forward in the road map summary that Mexico's Foreign Secretary "
        "presented in February 2023.",
        "description_es": "Recomendación incluida en el resumen de la hoja de ruta que el "
        "canciller presentó en febrero de 2023.",
        "status": "",
    },
]

# task-force-page.txt:11-21 (focus and participants); facts.md:26-27.
WORKING_GROUPS = [
    {
        "slug": "light-duty-vehicles",
        "order": 1,
        "name_en": "Light-duty vehicles",
        "name_es": "Vehículos ligeros",
        "summary_en": "The economic impact of the transition to zero-emission vehicles.",
        "summary_es": "El impacto económico de la transición a los vehículos de cero emisiones.",
        "focus_en": "The group studies the economic impact of the transition to zero-emission "
        "vehicles on employment, investment, production and the domestic market in Mexico, "
        "and on infrastructure, regulation and other relevant issues.",
        "focus_es": "El grupo analiza cómo repercute la transición a los vehículos de cero "
        "emisiones en el empleo, la inversión, la producción y el mercado interno de México, "
        "así como en la infraestructura, la regulación y otros asuntos pertinentes.",
        "participants_en": "Original equipment manufacturers (OEMs) and parts producers, and "
        "representatives of the US and Mexican federal governments.",
        "participants_es": "Armadoras (OEM) y fabricantes de autopartes, además de "
        "representantes de los gobiernos federales de Estados Unidos y de México.",
    },
    {
        "slug": "medium-heavy-duty-vehicles",
        "order": 2,
        "name_en": "Medium and heavy-duty vehicles",
        "name_es": "Vehículos medianos y pesados",
        "summary_en": "California's proposed Advanced Clean Fleets regulation and the border "
        "region.",
        "summary_es": "La regulación Advanced Clean Fleets (ACF) propuesta por California y sus "
        "efectos en la región fronteriza.",
        "focus_en": "The group studies what California's proposed Advanced Clean Fleets (ACF) "
        "regulation means for the border region in particular, and more broadly for the "
        "challenges and opportunities in manufacturing and environmental protection.",
        "focus_es": "El grupo analiza qué implica para la región fronteriza, en particular, la "
        "regulación Advanced Clean Fleets (ACF) propuesta por California y, en términos más "
        "generales, qué retos y oportunidades plantea para la manufactura y la protección "
        "ambiental.",
        "participants_en": "OEMs, freight transporters, utility companies, and state and local "
        "government officials from California and Mexico.",
        "participants_es": "Armadoras (OEM), transportistas de carga, empresas eléctricas y "
        "personas servidoras públicas de gobiernos estatales y municipales de California y de "
        "México.",
    },
    {
        "slug": "public-transport",
        "order": 3,
        "name_en": "Public transport in cities",
        "name_es": "Transporte público en las ciudades",
        "summary_en": "Experience and best practices from cities for zero-emission public "
        "transport, with a focus on financing tools.",
        "summary_es": "Experiencias y buenas prácticas de las ciudades para un transporte "
        "público de cero emisiones, con énfasis en los instrumentos de financiamiento.",
        "focus_en": "The group's main goal is to share experience and best practices from "
        "cities in California and Mexico, and from places in other countries, in supporting "
        "the transition of public transport to zero-emission vehicles, with a particular focus "
        "on the use of financing tools.",
        "focus_es": "El objetivo principal del grupo es intercambiar experiencias y buenas "
        "prácticas de ciudades de California y de México (y de otros países) para impulsar la "
        "transición del transporte público a los vehículos de cero emisiones, con especial "
        "énfasis en el uso de instrumentos de financiamiento.",
        # The sources do not say who takes part in this group.
        "participants_en": "",
        "participants_es": "",
    },
]

# Organizations that the public sources name, with the part they play (facts.md:22-24,
# task-force-page.txt:7-9). They are not listed as members of a working group, because the
# sources do not say so.
ORGANIZATIONS = [
    {
        "acronym": "UC Alianza MX",
        "name_en": "UC Alianza MX, University of California",
        "name_es": "UC Alianza MX, Universidad de California",
        "description_en": "Convenes the task force with Mexico's Foreign Ministry (SRE); "
        "prepared the February 2023 road map summary and a concept note on the task force.",
        "description_es": "Convoca al GTE junto con la Secretaría de Relaciones Exteriores; "
        "elaboró el resumen de la hoja de ruta de febrero de 2023 y una nota conceptual sobre "
        "el GTE.",
        # The University of California (facts.md:10, the academic strand of the "triple
        # helix" with the SRE as government) is a university of the United States.
        "country": "US",
        "sector": "academia",
    },
    {
        "acronym": "SRE",
        "name_en": "Mexico's Foreign Ministry, Secretaría de Relaciones Exteriores",
        "name_es": "Secretaría de Relaciones Exteriores",
        "description_en": "Convenes the task force with UC Alianza MX; published the road map "
        "summary in February 2023.",
        "description_es": "Convoca al GTE junto con UC Alianza MX; publicó el resumen de la "
        "hoja de ruta en febrero de 2023.",
        "country": "MX",
        "sector": "government_mx",
    },
    {
        "acronym": "AMIA",
        # facts.md:23 describes it without giving its official name: the name is the
        # acronym alone and the description says what the source says.
        "name_en": "AMIA",
        "name_es": "AMIA",
        "description_en": "Mexican automotive industry association; collaborated on the road map.",
        "description_es": "Asociación de la industria automotriz mexicana; colaboró en la hoja "
        "de ruta.",
        "country": "MX",
        "sector": "industry_association",
    },
    {
        "acronym": "ANPACT",
        # Nor does any source give its official name.
        "name_en": "ANPACT",
        "name_es": "ANPACT",
        "description_en": "Bus and truck producers' association; collaborated on the road map.",
        "description_es": "Asociación de productores de autobuses y camiones; colaboró en la "
        "hoja de ruta.",
        # facts.md names ANPACT beside "the Mexican automotive industry association" without
        # saying which country it belongs to: the country stays empty.
        "country": "",
        "sector": "industry_association",
    },
]

ALL_THEMES = [theme["slug"] for theme in THEMES]

# What is not known stays empty: no document's file or address is known, and of the COP27
# report and the concept note neither the title, the publisher nor the language is. Their
# titles here describe them; they do not claim to be the documents' own.
DOCUMENTS = [
    {
        # task-force-page.txt:5, facts.md:12, facts.md:25.
        "slug": "cop27-progress-report",
        "kind": "report",
        "title_en": "Progress report presented at COP27",
        "title_es": "Informe de avances presentado en la COP27",
        "summary_en": "In November 2022, members of the task force presented a progress report "
        "at the UN Climate Change Conference (UNFCCC COP27) in Sharm el-Sheikh, Egypt. At the "
        "same conference, Mexico announced a commitment to reduce its greenhouse-gas "
        "emissions by up to 35% by 2030.",
        "summary_es": "En noviembre de 2022, integrantes del GTE presentaron un informe de "
        "avances en la Conferencia de las Naciones Unidas sobre el Cambio Climático (COP27 de "
        "la CMNUCC), celebrada en Sharm el-Sheij, Egipto. En esa misma conferencia, México "
        "anunció el compromiso de reducir hasta en 35 % sus emisiones de gases de efecto "
        "invernadero para 2030.",
        "publisher_en": "",
        "publisher_es": "",
        "published_on": datetime.date(2022, 11, 1),
        "date_precision": DatePrecision.MONTH,
        "language": "",
        "pages": None,
        "pages_are_approximate": False,
        "themes": [],
    },
    {
        # task-force-page.txt:7, facts.md:13, facts.md:22-24.
        "slug": "diagnosis-and-recommendations-2023",
        "kind": "roadmap",
        "title_en": "Diagnosis and Recommendations for the Transition of Mexico's Automotive "
        "Industry",
        "title_es": "Grupo de Trabajo para la Electrificación del Transporte: Diagnóstico y "
        "Recomendaciones para la Transición de la Industria Automotriz en México",
        "summary_en": "The summary road map for the transition to zero-emission vehicles, "
        "published by Mexico's Foreign Ministry (SRE) and presented by the Foreign Secretary "
        "in February 2023. UC Alianza MX prepared it with the SRE's Global Economic Promotion "
        "area; it is the result of research and consensus among more than 160 actors from "
        "industry, academia and government in both countries. The Mexican automotive industry "
        "association (AMIA) and the bus and truck producers' association (ANPACT) "
        "collaborated on it.",
        "summary_es": "Resumen de la hoja de ruta para la transición a los vehículos de cero "
        "emisiones, publicado por la Secretaría de Relaciones Exteriores (SRE) y presentado "
        "por el canciller en febrero de 2023. Lo elaboró UC Alianza MX con la Dirección "
        "General de Impulso Económico Global de la SRE y es fruto de la investigación y el "
        "consenso de más de 160 actores de la industria, la academia y el gobierno de ambos "
        "países. En él colaboraron la asociación de la industria automotriz mexicana (AMIA) y "
        "la asociación de "
        "productores de autobuses y camiones (ANPACT).",
        "publisher_en": "Mexico's Foreign Ministry (SRE), Dirección General de Impulso "
        "Económico Global, with UC Alianza MX",
        "publisher_es": "Secretaría de Relaciones Exteriores, Dirección General de Impulso "
        "Económico Global, con UC Alianza MX",
        "published_on": datetime.date(2023, 2, 1),
        "date_precision": DatePrecision.MONTH,
        # facts.md:13 gives the document's own title in Spanish, but no source says which
        # languages the document is written in: an editor who has the file fills it in.
        "language": "",
        "pages": 180,
        "pages_are_approximate": True,
        "themes": ALL_THEMES,
    },
    {
        # task-force-page.txt:9.
        "slug": "task-force-concept-note",
        "kind": "concept_note",
        "title_en": "Concept note by UC Alianza MX on the task force",
        "title_es": "Nota conceptual de UC Alianza MX sobre el GTE",
        "summary_en": "A concept note, prepared by UC Alianza MX, that summarizes the task "
        "force's overall objectives and activities.",
        "summary_es": "Nota conceptual, elaborada por UC Alianza MX, que resume los objetivos "
        "generales y las actividades del GTE.",
        "publisher_en": "",
        "publisher_es": "",
        "published_on": None,
        "date_precision": DatePrecision.DAY,
        "language": "",
        "pages": None,
        "pages_are_approximate": False,
        "themes": [],
    },
]

MILESTONES = [
    {
        # facts.md:9.
        "date": datetime.date(2022, 2, 8),
        "date_precision": DatePrecision.DAY,
        "title_en": "Launch of the task force",
        "title_es": "Lanzamiento del GTE",
        "description_en": "On February 8 and 9, 2022, public, private and academic participants "
        "from both countries met to start a binational road map, with a one-year horizon, "
        "and a diagnosis of the automotive sector.",
        "description_es": "Los días 8 y 9 de febrero de 2022, participantes de los sectores "
        "público, privado y académico de ambos países se reunieron para iniciar la elaboración "
        "de una hoja de ruta binacional con horizonte de un año y de un diagnóstico del sector "
        "automotriz.",
    },
    {
        # facts.md:11.
        "date": datetime.date(2022, 8, 1),
        "date_precision": DatePrecision.DAY,
        "title_en": "Second phase begins in Mexico",
        "title_es": "Inicio de la segunda fase en México",
        "description_en": "Hybrid meetings, one for each of the five themes, turned the obstacles "
        "found in the first phase into recommendations.",
        "description_es": "Se celebraron reuniones híbridas, una por cada tema, para convertir en "
        "recomendaciones los obstáculos detectados en la primera fase.",
    },
    {
        # task-force-page.txt:5, facts.md:12.
        "date": datetime.date(2022, 11, 1),
        "date_precision": DatePrecision.MONTH,
        "title_en": "Progress report at COP27",
        "title_es": "Informe de avances en la COP27",
        "description_en": "Members of the task force presented a progress report at the UN "
        "Climate Change Conference in Sharm el-Sheikh, Egypt.",
        "description_es": "Integrantes del GTE presentaron un informe de avances en la "
        "Conferencia de las Naciones Unidas sobre el Cambio Climático, en Sharm el-Sheij, "
        "Egipto.",
        "document": "cop27-progress-report",
    },
    {
        # facts.md:13.
        "date": datetime.date(2023, 2, 1),
        "date_precision": DatePrecision.MONTH,
        "title_en": "Road map summary presented",
        "title_es": "Presentación del resumen de la hoja de ruta",
        "description_en": "Mexico's Foreign Secretary presented “Diagnosis and Recommendations "
        "for the Transition of the Automotive Industry”, the result of research and consensus "
        "among more than 160 actors from industry, academia and government in both countries.",
        "description_es": "El canciller presentó “Grupo de Trabajo para la Electrificación del "
        "Transporte: Diagnóstico y Recomendaciones para la Transición de la Industria "
        "Automotriz en México”, fruto de la investigación y el consenso de "
        "más de 160 actores de la industria, la academia y el gobierno de ambos países.",
        "document": "diagnosis-and-recommendations-2023",
    },
]
