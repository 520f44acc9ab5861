"""The task force's real content, in English and Spanish, written for the portal from the
public facts in the project's seed (the task force page and its sources).

Nothing here is invented: no member, recommendation or file that the sources do not give.
Where a source gives a month but not a day, the date carries MONTH precision and is shown
as "November 2022". load_portal_content writes this into the database.
"""

import datetime

from taskforce.models import DatePrecision

CONTACT_EMAIL = "jail.cruzgarcia@ucr.edu"

KEY_FIGURES = [
    {
        "value_en": "7th",
        "value_es": "7.º",
        "label_en": "largest producer of passenger vehicles in the world",
        "label_es": "productor mundial de vehículos de pasajeros",
    },
    {
        "value_en": "6th",
        "value_es": "6.º",
        "label_en": "in the world in production of heavy-duty cargo vehicles",
        "label_es": "productor mundial de vehículos pesados de carga",
    },
    {
        "value_en": "≈10 million",
        "value_es": "≈10 millones",
        "label_en": "direct and indirect jobs tied to Mexico's auto industry",
        "label_es": "de empleos directos e indirectos ligados a la industria automotriz mexicana",
    },
    {
        "value_en": "≈4%",
        "value_es": "≈4 %",
        "label_en": "of Mexico's gross domestic product",
        "label_es": "del producto interno bruto de México",
    },
    {
        "value_en": "76%",
        "value_es": "76 %",
        "label_en": "of the light-duty vehicles made in Mexico are exported to the United States",
        "label_es": "de los vehículos ligeros fabricados en México se exportan a Estados Unidos",
    },
    {
        "value_en": "90%",
        "value_es": "90 %",
        "label_en": "of the heavy-duty vehicles made in Mexico are exported to the United States",
        "label_es": "de los vehículos pesados fabricados en México se exportan a Estados Unidos",
    },
]

THEMES = [
    {
        "slug": "innovation",
        "name_en": "Innovation",
        "name_es": "Innovación",
        "summary_en": "Technology, research and new products for the move to zero-emission "
        "vehicles in both countries.",
        "summary_es": "Tecnología, investigación y nuevos productos para la transición a los "
        "vehículos de cero emisiones en ambos países.",
    },
    {
        "slug": "human-capital",
        "name_en": "Human Capital",
        "name_es": "Capital humano",
        "summary_en": "The skills and training that workers need as the industry changes, "
        "with women included.",
        "summary_es": "Las habilidades y la capacitación que necesitan las personas "
        "trabajadoras ante el cambio de la industria, incluidas las mujeres.",
    },
    {
        "slug": "supplier-development",
        "name_en": "Supplier Development",
        "name_es": "Desarrollo de proveedores",
        "summary_en": "Helping the parts makers of the supply chain take part in the "
        "production of zero-emission vehicles.",
        "summary_es": "Apoyar a los fabricantes de autopartes de la cadena de suministro para "
        "que participen en la producción de vehículos de cero emisiones.",
    },
    {
        "slug": "infrastructure",
        "name_en": "Infrastructure",
        "name_es": "Infraestructura",
        "summary_en": "The charging, power and transport infrastructure that zero-emission "
        "vehicles depend on.",
        "summary_es": "La infraestructura de carga, eléctrica y de transporte de la que "
        "dependen los vehículos de cero emisiones.",
    },
    {
        "slug": "governance",
        "name_en": "Governance",
        "name_es": "Gobernanza",
        "summary_en": "Public policy, regulation and coordination between governments, "
        "industry and academia on both sides of the border.",
        "summary_es": "Políticas públicas, regulación y coordinación entre gobiernos, industria "
        "y academia a ambos lados de la frontera.",
    },
]

# The one recommendation the public sources state (in the February 2023 road map summary).
RECOMMENDATIONS = [
    {
        "theme": "human-capital",
        "title_en": "Map the human resources needed to train the workforce, women included",
        "title_es": "Mapear los recursos humanos necesarios para capacitar a la fuerza laboral, "
        "incluidas las mujeres",
        "description_en": "Put forward in the road map summary that Mexico's Foreign Ministry "
        "presented in February 2023.",
        "description_es": "Planteada en el resumen de la hoja de ruta que presentó la "
        "Secretaría de Relaciones Exteriores en febrero de 2023.",
        "status": "proposed",
    },
]

WORKING_GROUPS = [
    {
        "slug": "light-duty-vehicles",
        "order": 1,
        "name_en": "Light-Duty Vehicles",
        "name_es": "Vehículos ligeros",
        "summary_en": "What the move to zero-emission cars and light trucks means for "
        "Mexico's economy.",
        "summary_es": "Lo que significa para la economía de México el paso a automóviles y "
        "camionetas de cero emisiones.",
        "focus_en": "The group studies the economic impact of the transition to zero-emission "
        "vehicles on employment, investment, production and Mexico's domestic market, as well "
        "as infrastructure, regulation and related questions.",
        "focus_es": "El grupo estudia el impacto económico de la transición a los vehículos de "
        "cero emisiones en el empleo, la inversión, la producción y el mercado interno de "
        "México, así como en la infraestructura, la regulación y otros temas relacionados.",
        "participants_en": "Vehicle manufacturers (OEMs) and parts makers, with representatives "
        "of the US and Mexican federal governments.",
        "participants_es": "Fabricantes de vehículos (OEM) y de autopartes, con representantes "
        "de los gobiernos federales de Estados Unidos y de México.",
    },
    {
        "slug": "medium-heavy-duty-vehicles",
        "order": 2,
        "name_en": "Medium and Heavy-Duty Vehicles",
        "name_es": "Vehículos medianos y pesados",
        "summary_en": "Trucks, buses and freight, and California's proposed Advanced Clean "
        "Fleets rule at the border.",
        "summary_es": "Camiones, autobuses y carga, y la propuesta de regulación Advanced Clean "
        "Fleets de California en la frontera.",
        "focus_en": "The group studies what California's proposed Advanced Clean Fleets (ACF) "
        "regulation would mean for the border region, and more broadly the challenges and "
        "opportunities it brings for manufacturing and for environmental protection.",
        "focus_es": "El grupo estudia lo que significaría para la región fronteriza la "
        "regulación Advanced Clean Fleets (ACF) propuesta por California y, de manera más "
        "amplia, los retos y las oportunidades que plantea para la manufactura y la "
        "protección del medio ambiente.",
        "participants_en": "Vehicle manufacturers (OEMs), freight carriers, electric utilities, "
        "and state and local government officials from California and Mexico.",
        "participants_es": "Fabricantes de vehículos (OEM), transportistas de carga, empresas "
        "eléctricas y funcionarios de gobiernos estatales y locales de California y de México.",
    },
    {
        "slug": "public-transport",
        "order": 3,
        "name_en": "Public Transport in Cities",
        "name_es": "Transporte público en las ciudades",
        "summary_en": "Cities sharing what works for zero-emission public transport, "
        "especially how to pay for it.",
        "summary_es": "Ciudades que comparten lo que funciona para un transporte público de "
        "cero emisiones, en especial cómo financiarlo.",
        "focus_en": "The group's main goal is to share experience and good practice from "
        "cities in California and Mexico, and from other countries, in moving public "
        "transport to zero-emission vehicles, with particular attention to financing tools.",
        "focus_es": "El objetivo principal del grupo es compartir experiencias y buenas "
        "prácticas de ciudades de California y de México, y de otros países, para llevar el "
        "transporte público a los vehículos de cero emisiones, con especial atención a los "
        "instrumentos de financiamiento.",
        "participants_en": "",
        "participants_es": "",
    },
]

# Organizations that the public sources name, with the part they play. They are not
# listed as members of a working group, because the sources do not say so.
ORGANIZATIONS = [
    {
        "acronym": "UC Alianza MX",
        "name_en": "UC Alianza MX, University of California",
        "name_es": "UC Alianza MX, Universidad de California",
        "description_en": "Convenes the task force with Mexico's Foreign Ministry.",
        "description_es": "Convoca el grupo de trabajo junto con la Secretaría de Relaciones "
        "Exteriores.",
        "country": "US",
        "sector": "academia",
    },
    {
        "acronym": "SRE",
        "name_en": "Mexican Foreign Ministry (Secretaría de Relaciones Exteriores)",
        "name_es": "Secretaría de Relaciones Exteriores",
        "description_en": "Convenes the task force with UC Alianza MX; published the February "
        "2023 road map summary.",
        "description_es": "Convoca el grupo de trabajo con UC Alianza MX; publicó el resumen de "
        "la hoja de ruta en febrero de 2023.",
        "country": "MX",
        "sector": "government_mx",
    },
    {
        "acronym": "AMIA",
        "name_en": "Mexican Automotive Industry Association",
        "name_es": "Asociación Mexicana de la Industria Automotriz",
        "description_en": "Collaborated on the road map.",
        "description_es": "Colaboró en la hoja de ruta.",
        "country": "MX",
        "sector": "oem",
    },
    {
        "acronym": "ANPACT",
        "name_en": "National Association of Bus, Truck and Tractor Producers",
        "name_es": "Asociación Nacional de Productores de Autobuses, Camiones y Tractocamiones",
        "description_en": "Collaborated on the road map.",
        "description_es": "Colaboró en la hoja de ruta.",
        "country": "MX",
        "sector": "oem",
    },
]

ALL_THEMES = [theme["slug"] for theme in THEMES]

DOCUMENTS = [
    {
        "slug": "cop27-progress-report",
        "kind": "report",
        "title_en": "Progress report of the US–Mexico ZEV Task Force at COP27",
        "title_es": "Informe de avances del Grupo de Trabajo México–Estados Unidos sobre "
        "vehículos de cero emisiones en la COP27",
        "summary_en": "Members of the task force presented a report on its progress at the "
        "UN Climate Change Conference (UNFCCC COP27) in Sharm el-Sheikh, Egypt, in November "
        "2022 — the conference at which Mexico announced a commitment to cut its greenhouse "
        "gas emissions by up to 35% by 2030.",
        "summary_es": "Integrantes del grupo de trabajo presentaron un informe de sus avances "
        "en la Conferencia de las Naciones Unidas sobre el Cambio Climático (CMNUCC COP27) en "
        "Sharm el-Sheij, Egipto, en noviembre de 2022, la conferencia en la que México anunció "
        "el compromiso de reducir hasta 35 % sus emisiones de gases de efecto invernadero "
        "para 2030.",
        "publisher_en": "US–Mexico ZEV Task Force",
        "publisher_es": "Grupo de Trabajo México–Estados Unidos sobre vehículos de cero emisiones",
        "published_on": datetime.date(2022, 11, 1),
        "date_precision": DatePrecision.MONTH,
        "language": "en",
        "pages": None,
        "themes": ALL_THEMES,
    },
    {
        "slug": "diagnosis-and-recommendations-2023",
        "kind": "roadmap",
        "title_en": "Diagnosis and Recommendations for the Transition of Mexico's Automotive "
        "Industry",
        "title_es": "Grupo de Trabajo para la Electrificación del Transporte: Diagnóstico y "
        "Recomendaciones para la Transición de la Industria Automotriz en México",
        "summary_en": "The summary road map for the transition to zero-emission vehicles, "
        "presented by Mexico's Foreign Secretary in February 2023. About 180 pages, it "
        "gathers the research and consensus of more than 160 participants from industry, "
        "academia and government in both countries, and was prepared by UC Alianza MX with "
        "the Foreign Ministry's global economic promotion area. The Mexican Automotive "
        "Industry Association (AMIA) and the National Association of Bus, Truck and Tractor "
        "Producers (ANPACT) collaborated.",
        "summary_es": "La hoja de ruta resumida para la transición a los vehículos de cero "
        "emisiones, presentada por el canciller de México en febrero de 2023. Con unas 180 "
        "páginas, reúne la investigación y los consensos de más de 160 participantes de la "
        "industria, la academia y el gobierno de ambos países, y fue elaborada por UC Alianza "
        "MX con el área de impulso económico global de la Cancillería. Colaboraron la "
        "Asociación Mexicana de la Industria Automotriz (AMIA) y la Asociación Nacional de "
        "Productores de Autobuses, Camiones y Tractocamiones (ANPACT).",
        "publisher_en": "Mexican Foreign Ministry (SRE), General Directorate for Global Economic "
        "Promotion, with UC Alianza MX",
        "publisher_es": "Secretaría de Relaciones Exteriores, Dirección General de Impulso "
        "Económico Global, con UC Alianza MX",
        "published_on": datetime.date(2023, 2, 1),
        "date_precision": DatePrecision.MONTH,
        "language": "es",
        "pages": 180,
        "themes": ALL_THEMES,
    },
    {
        "slug": "task-force-concept-note",
        "kind": "concept_note",
        "title_en": "Concept note: objectives and activities of the task force",
        "title_es": "Nota conceptual: objetivos y actividades del grupo de trabajo",
        "summary_en": "A short note by UC Alianza MX that sums up the overall objectives and "
        "the activities of the task force.",
        "summary_es": "Una nota breve de UC Alianza MX que resume los objetivos generales y las "
        "actividades del grupo de trabajo.",
        "publisher_en": "UC Alianza MX",
        "publisher_es": "UC Alianza MX",
        "published_on": None,
        "date_precision": DatePrecision.DAY,
        "language": "en",
        "pages": None,
        "themes": [],
    },
]

MILESTONES = [
    {
        "date": datetime.date(2022, 2, 8),
        "date_precision": DatePrecision.DAY,
        "title_en": "Launch of the binational task force",
        "title_es": "Lanzamiento del grupo de trabajo binacional",
        "description_en": "On 8 and 9 February 2022, public, private and academic participants "
        "from both countries met to start work on a binational road map, with a one-year "
        "horizon, and on a diagnosis of the automotive sector.",
        "description_es": "El 8 y 9 de febrero de 2022, participantes públicos, privados y "
        "académicos de ambos países se reunieron para iniciar una hoja de ruta binacional, "
        "con un horizonte de un año, y un diagnóstico del sector automotriz.",
    },
    {
        "date": datetime.date(2022, 8, 1),
        "date_precision": DatePrecision.DAY,
        "title_en": "Second phase begins in Mexico",
        "title_es": "Comienza la segunda fase en México",
        "description_en": "Hybrid meetings, one for each of the five themes, turn the obstacles "
        "found in the first phase into recommendations.",
        "description_es": "Reuniones híbridas, una por cada uno de los cinco temas, convierten "
        "en recomendaciones los obstáculos identificados en la primera fase.",
    },
    {
        "date": datetime.date(2022, 11, 1),
        "date_precision": DatePrecision.MONTH,
        "title_en": "Progress report at COP27",
        "title_es": "Informe de avances en la COP27",
        "description_en": "Task force members present a progress report at the UN Climate "
        "Change Conference in Sharm el-Sheikh, Egypt.",
        "description_es": "Integrantes del grupo de trabajo presentan un informe de avances en "
        "la Conferencia de la ONU sobre el Cambio Climático en Sharm el-Sheij, Egipto.",
        "document": "cop27-progress-report",
    },
    {
        "date": datetime.date(2023, 2, 1),
        "date_precision": DatePrecision.MONTH,
        "title_en": "Road map summary presented",
        "title_es": "Presentación del resumen de la hoja de ruta",
        "description_en": "Mexico's Foreign Secretary presents “Diagnosis and Recommendations "
        "for the Transition of the Automotive Industry”, built on the consensus of more than "
        "160 participants.",
        "description_es": "El canciller de México presenta “Diagnóstico y Recomendaciones para "
        "la Transición de la Industria Automotriz”, construido con el consenso de más de 160 "
        "participantes.",
        "document": "diagnosis-and-recommendations-2023",
    },
]
