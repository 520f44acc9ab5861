"""The Atom feed of reports, in each language."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def fetch_feed(client, language):
    response = client.get(f"/{language}/documents/feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_feed_is_atom_with_the_elements_atom_requires(client, content, language):
    feed = fetch_feed(client, language)

    assert feed.tag == f"{ATOM}feed"
    assert feed.get(XML_LANG) == language
    for required in ["id", "title", "updated"]:
        assert feed.findtext(f"{ATOM}{required}")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for required in ["id", "title", "updated"]:
            assert entry.findtext(f"{ATOM}{required}")
        assert (
            entry.find(f"{ATOM}link")
            .get("href")
            .startswith(f"http://testserver/{language}/documents/")
        )


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Progress report presented at COP27"),
        (
            "es",
            "Informe de avances presentado en la COP27",
        ),
    ],
)
def test_the_feeds_entries_are_titled_in_the_feeds_language(client, content, language, title):
    feed = fetch_feed(client, language)

    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert title in titles


def test_the_feed_links_to_each_document_page(client, content):
    feed = fetch_feed(client, "es")

    links = {entry.find(f"{ATOM}link").get("href") for entry in feed.findall(f"{ATOM}entry")}
    assert "http://testserver/es/documents/cop27-progress-report/" in links


def test_the_feed_names_the_publisher_as_author(client, content):
    feed = fetch_feed(client, "en")

    authors = [entry.findtext(f"{ATOM}author/{ATOM}name") for entry in feed.findall(f"{ATOM}entry")]
    assert (
        "Mexico's Foreign Ministry (SRE), Dirección General de Impulso Económico Global, "
        "with UC Alianza MX"
    ) in authors


def test_the_feed_leaves_out_drafts_and_keeps_the_thirty_latest(client, content):
    DocumentFactory(title_en="Draft for the feed", is_published=False)
    DocumentFactory.create_batch(30)

    feed = fetch_feed(client, "en")

    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert len(titles) == 30
    assert "Draft for the feed" not in titles


def test_every_page_announces_the_feed(client, content):
    response = client.get("/es/themes/")

    assert (
        b'<link rel="alternate" type="application/atom+xml" href="/es/documents/feed/"'
        in response.content
    )


def entry_titled(feed, title):
    (entry,) = [e for e in feed.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == title]
    return entry


@pytest.mark.parametrize(
    ("language", "title", "month"),
    [
        ("en", "Progress report presented at COP27", "Published November 2022."),
        ("es", "Informe de avances presentado en la COP27", "Publicado en noviembre de 2022."),
    ],
)
def test_a_document_known_only_to_the_month_states_no_day_in_the_feed(
    client, content, language, title, month
):
    feed = fetch_feed(client, language)

    entry = entry_titled(feed, title)
    assert entry.find(f"{ATOM}published") is None
    assert "2022-11-01" not in ET.tostring(entry, encoding="unicode")
    assert entry.findtext(f"{ATOM}summary").startswith(month)


def test_a_document_with_a_known_day_gives_it_as_its_publication_date(client, content):
    DocumentFactory(title_en="Dated to the day", published_on=datetime.date(2024, 3, 5))

    entry = entry_titled(fetch_feed(client, "en"), "Dated to the day")

    assert entry.findtext(f"{ATOM}published").startswith("2024-03-05T00:00:00")
