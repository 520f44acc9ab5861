"""The open data API: what the public pages show, as JSON, in either language, paginated,
filtered and cached like the pages, throttled, described by an OpenAPI schema that
validates; never a registrant, a person, an email address or a meeting link."""

import io
import json
import re

import pytest
from django.core.management import call_command
from openapi_spec_validator import validate

from documents.models import Document
from registrations.models import Event
from taskforce.api import policies
from tests.factories import DocumentFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
MEETING_LINK = "https://meet.example.org/task-force-secret-room"
LISTS = ["themes", "recommendations", "working-groups", "organizations", "documents", "events"]


@pytest.fixture
def data(content):
    """The real content and the sample data (people with addresses, registrations), an
    online event with its meeting link, an unpublished event and document."""
    call_command(
        "load_demo_data",
        members=20,
        documents=12,
        events=4,
        registrations=20,
        stdout=io.StringIO(),
    )
    online = EventFactory(slug="online-briefing", mode="online", online_url=MEETING_LINK)
    RegistrationFactory(event=online, email="ana.garcia@example.org")
    EventFactory(slug="draft-event", is_published=False)
    DocumentFactory(slug="draft-report", is_published=False)
    return content


def _get(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"] in ("application/json", "application/vnd.oai.openapi+json")
    return response, json.loads(response.content)


def _every_response(client):
    """Every list, every page of it, and every row's detail, in both languages."""
    for language in ("en", "es"):
        yield _get(client, "/api/v1/", lang=language)
        for name in LISTS:
            url = f"/api/v1/{name}/?lang={language}&page_size=200"
            while url:
                response, body = _get(client, url)
                yield response, body
                for row in body["results"]:
                    key = row.get("slug") or row.get("id")
                    yield _get(client, f"/api/v1/{name}/{key}/", lang=language)
                url = body["next"]


def test_no_response_holds_an_email_address_a_meeting_link_or_a_draft(client, data):
    seen = 0
    for response, _body in _every_response(client):
        text = response.content.decode()
        assert response.status_code == 200
        assert not EMAIL.search(text), text
        assert MEETING_LINK not in text
        assert "draft-event" not in text and "draft-report" not in text
        seen += 1
    assert seen > 60
    assert client.get("/api/v1/events/draft-event/").status_code == 404
    assert client.get("/api/v1/documents/draft-report/").status_code == 404


def test_texts_and_labels_come_in_the_language_asked_for(client, data):
    _response, english = _get(client, "/api/v1/events/online-briefing/")
    _response, spanish = _get(client, "/api/v1/events/online-briefing/", lang="es")

    assert english["title"].startswith("Working group meeting")
    assert spanish["title"].startswith("Reunión del grupo de trabajo")
    assert english["mode_label"] == "Online" and spanish["mode_label"] == "En línea"
    assert spanish["url"] == "http://testserver/es/events/online-briefing/"
    assert "online_url" not in spanish


def test_sample_rows_say_so_and_the_task_forces_own_do_not(client, data):
    _response, body = _get(client, "/api/v1/documents/", page_size=200)

    samples = {row["slug"]: row["sample"] for row in body["results"]}
    real = Document.objects.filter(is_demo=False, is_published=True).values_list("slug", flat=True)
    assert real and all(samples[slug] is False for slug in real)
    assert any(samples.values())


def test_lists_are_paginated_and_filtered_like_the_pages(client, data):
    _response, first = _get(client, "/api/v1/documents/", page_size=5)
    _response, reports = _get(client, "/api/v1/documents/", kind="report", page_size=200)
    _response, upcoming = _get(client, "/api/v1/events/", when="upcoming")

    assert len(first["results"]) == 5 and first["next"] and first["count"] > 5
    assert reports["results"] and {row["kind"] for row in reports["results"]} == {"report"}
    assert "online-briefing" in {row["slug"] for row in upcoming["results"]}


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"lang": "fr"}, 400, "Choose en (English) or es (Spanish)."),
        ({"kind": "novel"}, 400, "Select a valid choice."),
        ({"when": "someday", "lang": "es"}, 400, "Escoja una opción válida."),
        ({"page": "999"}, 404, "Invalid page."),
    ],
)
def test_a_bad_parameter_gets_a_clear_message(client, data, params, status, message):
    url = "/api/v1/events/" if "when" in params else "/api/v1/documents/"

    response, body = _get(client, url, **params)

    assert response.status_code == status
    assert message in json.dumps(body, ensure_ascii=False)


def test_nothing_can_be_written(client, data):
    count = Event.objects.count()

    for method in (client.post, client.put, client.delete):
        assert method("/api/v1/events/online-briefing/").status_code in (403, 405)

    assert Event.objects.count() == count


def test_answers_are_cached_like_the_pages(client, data):
    assert client.get("/api/v1/themes/", {"lang": "es"})["X-Cache"] == "miss"
    assert client.get("/api/v1/themes/", {"lang": "es"})["X-Cache"] == "hit"


def test_a_client_asking_too_often_is_told_to_wait(client, data, settings, monkeypatch):
    monkeypatch.setattr(policies.ClientThrottle, "THROTTLE_RATES", {"api": "3/minute"})
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches the API

    statuses = [client.get("/api/v1/themes/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert "throttled" in client.get("/api/v1/themes/").json()["detail"]


def test_the_schema_is_a_valid_openapi_document(client, data):
    response, schema = _get(client, "/api/v1/schema/")

    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert {f"/api/v1/{name}/" for name in LISTS} <= set(schema["paths"])
    assert not EMAIL.search(response.content.decode())
    assert "online_url" not in response.content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_developers_page_is_linked_from_every_page_and_explains_the_api(client, data, language):
    home = client.get(f"/{language}/").content.decode()
    page = client.get(f"/{language}/developers/")

    assert f'href="/{language}/developers/"' in home
    assert page.status_code == 200
    assert "http://testserver/api/v1/" in page.content.decode()
    assert "?lang=es" in page.content.decode()


@pytest.mark.parametrize("name", LISTS)
def test_a_full_page_of_any_list_costs_a_fixed_number_of_queries(
    client, data, name, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(f"/api/v1/{name}/", {"page_size": 200, "lang": "es"})

    assert response.status_code == 200
