"""Site search. On SQLite every word must appear in some field, whatever its case and
accents; on PostgreSQL, full-text search with the stemming of the page's language, accents
folded (the tests marked postgres). The tests not marked run on both databases."""

import datetime
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import DocumentFactory, EventFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def search(client, query, language="en"):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return response


def test_the_search_page_without_a_query_shows_the_form_only(client, content):
    response = search(client, "")

    assertContains(
        response,
        '<input class="form-control" type="search" id="search-q" name="q" value="" '
        'maxlength="200">',
        html=True,
    )
    assertNotContains(response, "results for")
    assertNotContains(response, "Nothing matches")


def test_a_blank_query_is_treated_as_no_query(client, content):
    response = search(client, "   ")

    assertNotContains(response, "Nothing matches")


def test_search_finds_a_working_group_by_a_word_of_its_name(client, content):
    response = search(client, "transport")

    assertContains(
        response,
        '<a href="/en/working-groups/public-transport/">Public transport in cities</a>',
        html=True,
    )


def test_a_spanish_search_finds_the_public_transport_group_in_spanish(client, content):
    response = search(client, "transporte", language="es")

    assertContains(
        response,
        '<a href="/es/working-groups/public-transport/">Transporte público en las ciudades</a>',
        html=True,
    )


def test_search_finds_themes_recommendations_and_documents(client, content):
    themes = search(client, "governance")
    recommendations = search(client, "workers")
    documents = search(client, "COP27")

    assertContains(themes, '<a href="/en/themes/governance/">Governance</a>', html=True)
    assertContains(recommendations, 'href="/en/themes/human-capital/"')
    assertContains(recommendations, "(Human capital)")
    assertContains(documents, 'href="/en/documents/cop27-progress-report/"')


def test_search_finds_organizations_and_links_them_to_the_directory(client, content):
    response = search(client, "ANPACT")

    assertContains(response, "Bus and truck producers&#x27; association; collaborated")
    assertNotContains(response, "ANPACT (ANPACT)")
    assertContains(response, 'href="/en/members/?q=ANPACT"')


def test_search_says_how_many_results_it_found(client, content):
    response = search(client, "Gobernanza", language="es")

    assertContains(response, "“Gobernanza”")
    assertContains(response, 'href="/es/themes/governance/"')


def test_search_says_when_nothing_matches(client, content):
    response = search(client, "zzzxqv")

    assertContains(response, "Nothing matches.")


def test_search_never_lists_drafts_or_private_organizations(client, content):
    DocumentFactory(title_en="Confidential battery report", is_published=False)
    OrganizationFactory(name_en="Confidential battery maker", is_public=False)

    response = search(client, "confidential")

    assertNotContains(response, "Confidential battery")
    assertContains(response, "Nothing matches.")


def test_each_section_shows_at_most_twenty_results(client, content):
    DocumentFactory.create_batch(25, summary_en="About zorblax chargers.")

    response = search(client, "zorblax")

    assertContains(response, 'href="/en/documents/report-', count=20)
    assertContains(response, "Only the first results are shown")


def test_a_ten_thousand_character_query_is_cut_to_two_hundred(client, content):
    response = search(client, "x" * 10_000)

    assertContains(response, f'value="{"x" * 200}"')
    assertNotContains(response, "x" * 201 + "”")


@pytest.mark.parametrize(
    "query",
    [
        "'",
        '"',
        "%",
        "_",
        "\\",
        "100%_done",
        "a & b | !c",
        "((( )))",
        '"unterminated phrase',
        "-",
        "OR 1=1; --",
        "ñandú",
        "電気自動車",
        "🚌",
        "the",
        "de la",
        "<>:*?",
        "\x00",
        "null\x00byte",
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_search_answers_any_characters_without_an_error(client, content, query, language):
    search(client, query, language=language)


@settings(
    max_examples=40,
    deadline=None,
    # The data is read-only here, so one database for every example is fine.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=250))
def test_search_answers_any_text_without_an_error(client, content, query):
    search(client, query, language="es")


def test_search_escapes_what_it_echoes(client, content):
    response = search(client, "<script>alert(1)</script>")

    assertNotContains(response, "<script>alert(1)</script>")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


@pytest.mark.postgres
def test_postgres_search_uses_spanish_stemming_on_spanish_pages(client, content):
    # "transportes" is not a substring of any text, only a form of "transporte".
    response = search(client, "transportes", language="es")

    assertContains(response, 'href="/es/working-groups/public-transport/"')


@pytest.mark.postgres
def test_postgres_search_uses_english_stemming_on_english_pages(client, content):
    # "city" is not a substring of "Cities", but they share a stem.
    response = search(client, "city")

    assertContains(response, 'href="/en/working-groups/public-transport/"')


@pytest.mark.postgres
def test_postgres_search_understands_web_search_syntax(client, content):
    with_phrase = search(client, '"public transport"')
    excluding = search(client, "transport -cities")

    assertContains(with_phrase, 'href="/en/working-groups/public-transport/"')
    assertNotContains(excluding, 'href="/en/working-groups/public-transport/"')
    # Words that appear nowhere in a text must not bring it up.
    assertNotContains(excluding, 'href="/en/themes/innovation/"')


@pytest.mark.postgres
def test_postgres_search_ranks_the_closest_match_first(client, content):
    DocumentFactory(title_en="Charging", summary_en="Mentions transport once.")
    DocumentFactory(
        title_en="Transport transport transport",
        summary_en="Public transport, transport financing and transport fleets.",
    )

    response = search(client, "transport")

    text = response.content.decode()
    assert text.index("Transport transport transport") < text.index(">Charging<")


@pytest.fixture
def battery_reports(content):
    """Two reports about batteries, written with accents, and one about something else."""
    return {
        "supply": DocumentFactory(
            slug="battery-supply",
            title_es="Cadena de suministro de baterías",
            summary_es="La batería de litio y sus proveedores en Sonora.",
        ),
        "charging": DocumentFactory(
            slug="battery-charging",
            title_es="Recarga en Tijuana",
            summary_es="Estaciones de recarga para la batería de autobuses.",
        ),
        "other": DocumentFactory(slug="unrelated", title_es="Gobernanza regional"),
    }


@pytest.mark.parametrize("query", ["bateria", "batería", "BATERIA", "Batería"])
def test_search_ignores_accents_and_case(client, battery_reports, query):
    response = search(client, query, language="es")

    assertContains(response, 'href="/es/documents/battery-supply/"')
    assertContains(response, 'href="/es/documents/battery-charging/"')
    assertNotContains(response, 'href="/es/documents/unrelated/"')


def test_search_finds_what_has_every_word_in_any_order_and_field(client, battery_reports):
    # "tijuana" is in the title, "bateria" in the summary; never side by side.
    response = search(client, "bateria tijuana", language="es")

    assertContains(response, 'href="/es/documents/battery-charging/"')
    assertNotContains(response, 'href="/es/documents/battery-supply/"')


def test_search_results_show_the_date_of_documents_and_events(client, content):
    DocumentFactory(slug="dated", title_en="Zorblax report", published_on=datetime.date(2023, 2, 9))
    EventFactory(
        title_en="Zorblax workshop",
        timezone="America/Tijuana",
        # 03:00 on 6 March in UTC is still 5 March in Tijuana: the event's own day.
        starts_at=datetime.datetime(2027, 3, 6, 3, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2027, 3, 6, 5, 0, tzinfo=datetime.UTC),
    )

    response = search(client, "zorblax")

    assertContains(response, '<time datetime="2023-02-09">')
    assertContains(response, '<time datetime="2027-03-05">')


def test_search_results_show_an_excerpt_with_the_words_marked(client, battery_reports):
    response = search(client, "bateria", language="es")

    assertContains(response, "La <mark>batería</mark> de litio y sus proveedores en Sonora.")


def test_an_excerpt_is_escaped_before_the_words_are_marked(client, content):
    DocumentFactory(
        slug="markup",
        title_en="Script report",
        summary_en='A summary with <script>alert(1)</script> and <b class="x">bold</b> text.',
    )

    response = search(client, "<script>")

    assertContains(response, 'href="/en/documents/markup/"')
    assertContains(response, "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;")
    assertContains(response, "&lt;b class=&quot;x&quot;&gt;bold&lt;/b&gt;")
    assertNotContains(response, "<script>alert(1)")
    assertNotContains(response, '<b class="x">')


def test_a_long_text_is_cut_around_the_first_matched_word(client, content):
    DocumentFactory(slug="long", summary_en="Filler words. " * 40 + "The zorblax appears here.")

    response = search(client, "zorblax")

    assertContains(response, "… ")
    assertContains(response, "The <mark>zorblax</mark> appears here.")


@pytest.mark.parametrize("query", ["bateria", "batería tijuana", "tijuana bateria"])
def test_the_documents_list_finds_what_the_site_search_finds(client, battery_reports, query):
    listed = client.get("/es/documents/", {"q": query}).content.decode()
    found = search(client, query, language="es").content.decode()

    for document in battery_reports.values():
        link = f'href="/es/documents/{document.slug}/"'
        assert (link in listed) == (link in found), document.slug


@pytest.mark.postgres
def test_postgres_search_stems_words_typed_without_accents(client, content):
    DocumentFactory(slug="electric", title_es="Vehículos eléctricos en México")

    response = search(client, "vehiculo electrico mexico", language="es")

    assertContains(response, 'href="/es/documents/electric/"')


DOCUMENT_LINK = re.compile(r'href="/(?:en|es)/documents/([\w-]+)/"')


def document_slugs(response):
    return {slug for slug in DOCUMENT_LINK.findall(response.content.decode()) if slug != "feed"}


@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("en", "bateria"),  # without its accent
        ("es", "baterías"),
        ("en", "electric vehicles"),  # two words, not a phrase
        ("es", "vehículos eléctricos"),
        ("es", "eléctrico"),  # a Spanish stem: finds "eléctricos"
        ("en", "road map"),
        ("en", "nothing-like-this-anywhere"),
    ],
)
def test_the_documents_list_and_the_search_page_find_the_same_documents(
    client, content, language, query
):
    DocumentFactory(
        title_en="Batteries for electric vehicles",
        title_es="Baterías para vehículos eléctricos",
        summary_en="Lithium batteries, their supply and their recycling.",
        summary_es="Las baterías de litio, su abasto y su reciclaje.",
        slug="battery-report",
    )
    DocumentFactory(
        title_en="Vehicles and chargers",
        title_es="Vehículos y cargadores",
        summary_en="Electric buses in cities.",
        summary_es="Autobuses eléctricos en las ciudades.",
        slug="charger-report",
    )

    found_by_search = document_slugs(search(client, query, language))
    listed = document_slugs(client.get(f"/{language}/documents/", {"q": query}))

    assert found_by_search == listed
    if query != "nothing-like-this-anywhere":
        assert found_by_search
