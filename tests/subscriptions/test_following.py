"""Visitors follow the task force by email without an account: double opt-in (nothing is
sent before the confirming POST), a repeat subscription reveals nothing, a daily digest of
what editors published since, and a one-click unsubscribe that mail providers can POST."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from documents.models import Document
from registrations.models import Event
from subscriptions.models import Subscriber
from tests.factories import DocumentFactory, EventFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^\s\"<>]+/subscriptions/([\w-]+)/confirm/")


def _subscribe(client, language="en", **overrides):
    data = {
        "email": "Ana.Garcia@example.org",
        "topics": ["reports", "group-light-duty-vehicles"],
        "consent": "on",
        "website": "",
        **overrides,
    }
    return client.post(f"/{language}/subscribe/", data)


def _confirm(client, outbox):
    token = LINK.search(outbox[-1].body).group(1)
    response = client.post(f"/en/subscriptions/{token}/confirm/")
    assert response.status_code == 303
    return Subscriber.objects.get(token=token)


@pytest.mark.parametrize("language", ["en", "es"])
def test_subscribing_sends_only_a_link_to_confirm_in_the_page_language(
    client, content, outbox, language
):
    response = _subscribe(client, language)

    assert response.status_code == 303
    assert response["Location"] == f"/{language}/subscribe/done/"
    [email] = outbox
    assert email.to == ["Ana.Garcia@example.org"]
    assert ("Confirm" if language == "en" else "Confirme") in email.subject
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None and subscriber.language == language


def test_opening_the_link_shows_a_button_and_only_its_post_confirms(client, content, outbox):
    _subscribe(client)
    token = LINK.search(outbox[0].body).group(1)

    page = client.get(f"/en/subscriptions/{token}/confirm/")
    assert page.status_code == 200 and b"Confirm my subscription" in page.content
    assert page["Referrer-Policy"] == "same-origin"
    assert Subscriber.objects.get().confirmed_at is None

    subscriber = _confirm(client, outbox)
    assert subscriber.confirmed_at is not None
    assert b"Your subscription is confirmed." in client.get(f"/en/subscriptions/{token}/").content


def test_a_repeat_subscription_reveals_nothing_and_changes_nothing(client, content, outbox):
    _subscribe(client)
    subscriber = _confirm(client, outbox)
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timezone.timedelta(hours=1))

    again = _subscribe(client, email="ana.garcia@EXAMPLE.org", topics=["events"])
    flood = _subscribe(client, email="ana.garcia@example.org", topics=["events"])

    assert again.status_code == flood.status_code == 303
    assert again["Location"] == flood["Location"] == "/en/subscribe/done/"
    assert Subscriber.objects.count() == 1
    assert Subscriber.objects.get().topics == subscriber.topics
    assert len(outbox) == 2  # the confirmation, then one note: the second came too soon
    assert "already receives them" in outbox[1].body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"topics": []}, "Choose at least one topic."),
        ({"topics": ["group-nowhere"]}, "Select a valid choice."),
        ({"consent": ""}, "You must agree to the privacy notice to subscribe."),
        ({"email": "a\x00b@example.org"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    client, content, outbox, overrides, message
):
    response = _subscribe(client, **overrides)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Subscriber.objects.exists() and not outbox


def test_a_bot_filling_the_hidden_field_is_answered_alike_and_nothing_is_kept(
    client, content, outbox
):
    response = _subscribe(client, website="http://spam.example")

    assert response.status_code == 303 and response["Location"] == "/en/subscribe/done/"
    assert not Subscriber.objects.exists() and not outbox


def test_subscribing_too_often_from_one_address_is_refused(client, content, outbox):
    statuses = [_subscribe(client, email=f"person{n}@example.org").status_code for n in range(11)]

    assert statuses == [303] * 10 + [429]
    assert Subscriber.objects.count() == 10


def _publish(document_or_event):
    """What an editor's publishing does (the admin's save and its publish action)."""
    type(document_or_event).objects.filter(pk=document_or_event.pk).update(is_published=True)
    type(document_or_event).objects.filter(pk=document_or_event.pk).mark_visible()


def test_a_subscriber_gets_one_digest_of_what_was_published_since_they_confirmed(
    client, content, outbox
):
    before = DocumentFactory(title_en="Published before", is_published=False)
    _publish(before)
    Document.objects.filter(pk=before.pk).update(
        visible_since=timezone.now() - timezone.timedelta(days=2)
    )
    _subscribe(client)
    _confirm(client, outbox)
    report = DocumentFactory(title_en="Charging corridor report", is_published=False)
    _publish(report)
    elsewhere = EventFactory(title_en="Unrelated meeting", is_published=False)
    _publish(elsewhere)
    group_event = EventFactory(
        title_en="Light-duty meeting",
        is_published=False,
        working_group=content.groups["light-duty-vehicles"],
    )
    _publish(group_event)
    output = io.StringIO()

    call_command("send_digests", stdout=output)
    call_command("send_digests", stdout=output)

    assert output.getvalue().splitlines() == ["Queued 1 digests.", "Queued 0 digests."]
    digest = outbox[-1]
    assert len(outbox) == 2
    assert "Charging corridor report" in digest.body
    assert "Light-duty meeting" in digest.body
    assert "Unrelated meeting" not in digest.body and "Published before" not in digest.body
    # The real content, loaded by load_portal_content, is never announced.
    assert not any(document.title in digest.body for document in content.documents.values())


def test_nothing_is_sent_before_confirmation_nor_twice_in_a_day(client, content, outbox):
    _subscribe(client)
    _publish(DocumentFactory(is_published=False))
    call_command("send_digests", stdout=io.StringIO())
    assert len(outbox) == 1  # the confirmation only

    _confirm(client, outbox)
    _publish(DocumentFactory(title_en="First", is_published=False))
    call_command("send_digests", stdout=io.StringIO())
    _publish(DocumentFactory(title_en="Second", is_published=False))
    call_command("send_digests", stdout=io.StringIO())

    assert len(outbox) == 2 and "First" in outbox[1].body and "Second" not in outbox[1].body


@pytest.mark.parametrize("multipart", [False, True])
def test_one_click_unsubscribe_needs_no_cookie_nor_token_and_answers_200_every_time(
    client, content, outbox, multipart
):
    _subscribe(client)
    subscriber = _confirm(client, outbox)
    provider = Client(enforce_csrf_checks=True)  # a mail provider: no cookie, no CSRF token
    url = f"/en/subscriptions/{subscriber.token}/unsubscribe/"
    body = {"List-Unsubscribe": "One-Click"}

    answers = [
        provider.post(url, body)
        if multipart
        else provider.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        for _ in range(25)
    ]

    assert {answer.status_code for answer in answers} == {200}
    assert not Subscriber.objects.exists()


def test_opening_the_unsubscribe_link_never_unsubscribes(client, content, outbox):
    _subscribe(client)
    subscriber = _confirm(client, outbox)

    page = client.get(f"/es/subscriptions/{subscriber.token}/unsubscribe/")

    assert page.status_code == 200 and "Cancelar la suscripción" in page.content.decode()
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_topics_are_changed_through_the_private_link(client, content, outbox):
    _subscribe(client)
    subscriber = _confirm(client, outbox)

    response = client.post(f"/es/subscriptions/{subscriber.token}/", {"topics": ["events"]})

    assert response.status_code == 303
    subscriber.refresh_from_db()
    assert subscriber.topics == ["events"] and subscriber.language == "es"


def test_unsubscribing_is_the_only_view_exempt_from_csrf():
    exempt = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif getattr(pattern.callback, "csrf_exempt", False):
                exempt.add(pattern.callback.__module__ + "." + pattern.callback.__name__)

    walk(get_resolver().url_patterns)

    assert exempt == {"subscriptions.views.unsubscribe"}


def test_events_are_marked_visible_once(content):
    event = EventFactory(is_published=False)
    _publish(event)
    first = Event.objects.get(pk=event.pk).visible_since

    Event.objects.filter(pk=event.pk).mark_visible()

    assert Event.objects.get(pk=event.pk).visible_since == first
