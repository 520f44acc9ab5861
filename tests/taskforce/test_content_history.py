"""Every change to content is kept with who made it, when, and what changed, in both
languages and with its topics, and an editor reverts it from the admin; the admin says what
still lacks a language, and refuses to publish a summary written in one language only."""

import pytest
from pytest_django.asserts import assertContains

from documents.models import Document
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def _form_of(document, **changes):
    data = {
        "title_en": document.title_en,
        "title_es": document.title_es,
        "summary_en": document.summary_en or "",
        "summary_es": document.summary_es or "",
        "publisher_en": document.publisher_en or "",
        "publisher_es": document.publisher_es or "",
        "slug": document.slug,
        "kind": document.kind,
        "language": document.language,
        "published_on": "2024-03-01",
        "date_precision": "day",
        "pages": "",
        "external_url": "",
        "other_language_version": "",
        "themes": [theme.pk for theme in document.themes.all()],
        "working_groups": [group.pk for group in document.working_groups.all()],
        "publish_at_0": "",
        "publish_at_1": "",
    }
    if document.is_published:
        data["is_published"] = "on"
    data.update(changes)
    return data


@pytest.fixture
def document(content, editor_client):
    document = DocumentFactory(
        slug="corridors",
        title_en="Charging corridors",
        title_es="Corredores de recarga",
        summary_en="Where chargers go.",
        summary_es="Dónde van los cargadores.",
        is_published=True,
    )
    document.themes.set([content.themes["infrastructure"]])
    return document


def test_an_edit_is_kept_with_who_when_and_what_changed_and_is_reverted(
    document, editor_client, content
):
    url = f"/admin/documents/document/{document.pk}/"
    response = editor_client.post(
        url + "change/",
        _form_of(
            document,
            title_es="Corredores de recarga eléctrica",
            themes=[content.themes["governance"].pk],
        ),
    )
    assert response.status_code == 302

    history = editor_client.get(url + "history/")
    assertContains(history, "editor")
    page = history.content.decode()
    assert "Title [es]" in page or "title_es" in page
    records = Document.history.filter(id=document.pk).order_by("history_date")
    first, latest = records.first(), records.last()
    assert latest.history_user.username == "editor"
    changed = {change.field for change in latest.diff_against(first).changes}
    assert {"title_es", "themes"} <= changed

    # Revert: the history form of the first version, posted as it is shown.
    kept = records.count()
    revert = editor_client.post(
        url + f"history/{first.history_id}/",
        _form_of(
            Document.objects.get(pk=document.pk),
            title_es="Corredores de recarga",
            themes=[content.themes["infrastructure"].pk],
        ),
    )
    assert revert.status_code == 302
    document.refresh_from_db()
    assert document.title_es == "Corredores de recarga"
    assert list(document.themes.values_list("slug", flat=True)) == ["infrastructure"]
    assert Document.history.filter(id=document.pk).count() > kept  # the revert is kept too


def test_a_summary_in_one_language_cannot_be_published(document, editor_client):
    url = f"/admin/documents/document/{document.pk}/change/"

    refused = editor_client.post(url, _form_of(document, summary_es=""))
    unpublished = editor_client.post(url, _form_of(document, summary_es="", is_published=""))

    assertContains(refused, "is filled in one language only")
    assert unpublished.status_code == 302
    assert not Document.objects.get(pk=document.pk).is_published
    both_empty = editor_client.post(
        url, _form_of(document, summary_en="", summary_es="", is_published="on")
    )
    assert both_empty.status_code == 302


def test_the_publish_action_holds_back_a_summary_in_one_language(editor_client, content):
    ready = DocumentFactory(is_published=False, summary_en="Both.", summary_es="Ambas.")
    half = DocumentFactory(is_published=False, summary_en="English only.", summary_es="")

    response = editor_client.post(
        "/admin/documents/document/",
        {"action": "publish", "_selected_action": [ready.pk, half.pk]},
        follow=True,
    )

    assertContains(response, "1 document published.")
    assertContains(response, "1 document not published: its summary is in one language only.")
    assert set(Document.objects.published()) >= {ready} and half not in Document.objects.published()


def test_the_admin_says_which_texts_still_lack_a_language(document, editor_client):
    Document.objects.filter(pk=document.pk).update(publisher_en="UC Alianza MX", publisher_es="")

    page = editor_client.get(f"/admin/documents/document/{document.pk}/change/")

    assertContains(page, "Publisher still lacks its Spanish version.")
