"""Editors schedule documents and events: a page scheduled for tomorrow is nowhere today
(pages, search, feeds, sitemap, API), appears when its time comes (the beat job renews the
cached pages and queues the digests), an event can be withdrawn at a set time, and editors
preview what is not public yet."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from documents.models import Document
from registrations.models import Event
from tests.factories import DocumentFactory, EventFactory

pytestmark = pytest.mark.django_db

PUBLIC_PLACES = [
    "/en/documents/",
    "/es/documents/",
    "/en/search/?q=hydrogen",
    "/en/documents/feed/",
    "/sitemap.xml",
    "/api/v1/documents/",
]


def _seen_anywhere(slug):
    return [url for url in PUBLIC_PLACES if slug in Client().get(url).content.decode()]


def test_a_document_scheduled_for_tomorrow_is_nowhere_today_and_appears_on_time(content):
    tomorrow = timezone.now() + timedelta(days=1)
    document = DocumentFactory(
        slug="hydrogen-corridors",
        title_en="Hydrogen corridors",
        summary_en="Hydrogen refuelling along the corridors.",
        is_published=True,
        publish_at=tomorrow,
    )
    Document.objects.filter(pk=document.pk).mark_visible()
    call_command("publish_scheduled", stdout=io.StringIO())

    assert Client().get("/en/documents/hydrogen-corridors/").status_code == 404
    assert _seen_anywhere("hydrogen-corridors") == []

    # Tomorrow comes: the cached pages still show yesterday's list until the beat job runs.
    Document.objects.filter(pk=document.pk).update(publish_at=timezone.now() - timedelta(seconds=5))
    assert "hydrogen-corridors" not in Client().get("/en/documents/").content.decode()
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)

    assert "1 documents and events appeared or went." in output.getvalue()
    assert Client().get("/en/documents/hydrogen-corridors/").status_code == 200
    assert _seen_anywhere("hydrogen-corridors") == PUBLIC_PLACES


def test_an_event_is_withdrawn_at_its_time(content):
    event = EventFactory(slug="withdrawn-meeting", unpublish_at=timezone.now() + timedelta(hours=1))
    assert Client().get("/en/events/withdrawn-meeting/").status_code == 200

    Event.objects.filter(pk=event.pk).update(unpublish_at=timezone.now() - timedelta(seconds=5))
    call_command("publish_scheduled", stdout=io.StringIO())

    assert Client().get("/en/events/withdrawn-meeting/").status_code == 404
    assert "withdrawn-meeting" not in Client().get("/en/events/").content.decode()
    assert Client().get("/en/events/withdrawn-meeting/register/").status_code == 404


def test_a_scheduled_document_is_announced_from_its_publication_time(content):
    tomorrow = timezone.now() + timedelta(days=1)
    document = DocumentFactory(is_published=True, publish_at=tomorrow)

    Document.objects.filter(pk=document.pk).mark_visible()

    assert Document.objects.get(pk=document.pk).visible_since == tomorrow


@pytest.mark.parametrize(
    ("make", "url"),
    [
        (
            lambda: DocumentFactory(slug="draft-report", is_published=False),
            "/en/documents/draft-report/",
        ),
        (
            lambda: EventFactory(
                slug="later-meeting", publish_at=timezone.now() + timedelta(days=3)
            ),
            "/es/events/later-meeting/",
        ),
    ],
)
def test_editors_preview_what_is_not_public_and_nobody_else_sees_it(
    content, editor_client, make, url
):
    make()

    preview = editor_client.get(url)
    anonymous = Client().get(url)

    assert preview.status_code == 200
    assert "Preview" in preview.content.decode() or "Vista previa" in preview.content.decode()
    assert preview["Cache-Control"] == "private, no-store"
    assert anonymous.status_code == 404
    assert Client().get(url).status_code == 404  # and nothing of the preview was cached


def test_the_event_admin_takes_publication_times_in_the_events_zone(content, editor_client):
    event = EventFactory(slug="tijuana-forum", timezone="America/Tijuana")
    page = editor_client.get(f"/admin/registrations/event/{event.pk}/change/").content.decode()

    assert 'name="publish_at_0"' in page and 'name="unpublish_at_0"' in page
