"""What search engines see: the sitemap with each page's other-language twin, and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from pytest_django.asserts import assertContains

from tests.factories import DocumentFactory
from tests.taskforce.test_page_structure import CONTENT_PATHS

pytestmark = pytest.mark.django_db

NAMESPACES = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}

# The content pages of the structure tests, less search (kept out of the sitemap).
PUBLIC_PATHS = [path for path in CONTENT_PATHS if not path.startswith("search/")]


def sitemap_entries(client):
    """{location: {hreflang: href}} for every <url> of the sitemap."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NAMESPACES): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NAMESPACES)
        }
        for url in root.findall("sm:url", NAMESPACES)
    }


def test_the_sitemap_lists_every_public_page_in_both_languages(client, content):
    entries = sitemap_entries(client)

    expected = {
        f"http://testserver/{language}/{path}" for path in PUBLIC_PATHS for language in ["en", "es"]
    }
    assert expected <= set(entries)


def test_each_sitemap_page_names_its_twin_in_the_other_language(client, content):
    entries = sitemap_entries(client)

    for path in PUBLIC_PATHS:
        for language in ["en", "es"]:
            alternates = entries[f"http://testserver/{language}/{path}"]
            assert alternates["en"] == f"http://testserver/en/{path}"
            assert alternates["es"] == f"http://testserver/es/{path}"


def test_the_sitemap_uses_hreflang_alternates(client, content):
    response = client.get("/sitemap.xml")

    assertContains(response, 'hreflang="es"')
    assertContains(response, 'hreflang="en"')
    assertContains(response, 'xmlns:xhtml="http://www.w3.org/1999/xhtml"')


def test_the_language_neutral_alternate_leads_to_a_page(client, content):
    entries = sitemap_entries(client)

    default = entries["http://testserver/en/themes/governance/"]["x-default"]
    response = client.get(default.removeprefix("http://testserver"), follow=True)

    assert response.status_code == 200
    assertContains(response, "Governance")


def test_the_sitemap_leaves_out_draft_documents(client, content):
    DocumentFactory(slug="draft-report", is_published=False)

    entries = sitemap_entries(client)

    assert not [location for location in entries if "draft-report" in location]


def test_the_sitemap_lists_documents_added_later(client, content):
    DocumentFactory(slug="new-report")

    entries = sitemap_entries(client)

    assert "http://testserver/es/documents/new-report/" in entries


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "User-agent: *" in lines
