"""Coordinators' messages to an event's registrants: the form's audiences and checks, the
preview and the test to oneself, sending through the outbox in each registrant's language,
and the list of what was sent with each delivery."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from registrations.models import AccessRecord, Message, MessageRecipient, Registration
from taskforce.background.models import Email
from taskforce.core.roles import COORDINATORS
from tests.factories import RegistrationFactory, account
from tests.registrations.test_second_factor import _current_code, _log_in, _with_totp

pytestmark = pytest.mark.django_db

NEW = "/en/events/border-meeting/messages/new/"
LIST = "/en/events/border-meeting/messages/"


def _message(**overrides):
    data = {
        "audience": "confirmed",
        "subject_en": "Room change for {event}",
        "body_en": "Dear {name},\nWe meet in room 4. Your registration: {link}",
        "subject_es": "Cambio de sala: {event}",
        "body_es": "Hola, {name}:\nNos vemos en la sala 4. Tu registro: {link}",
        "action": "send",
    }
    return {**data, **overrides}


@pytest.fixture
def registrants(event):
    return {
        "ana": RegistrationFactory(
            event=event, full_name="Ana Torres", email="ana@example.mx", language="es"
        ),
        "bo": RegistrationFactory(event=event, full_name="Bo Chen", email="bo@example.org"),
        "cy": RegistrationFactory(
            event=event, full_name="Cy Ortiz", status=Registration.Status.WAITLISTED
        ),
        "dee": RegistrationFactory(
            event=event, full_name="Dee Gone", status=Registration.Status.CANCELLED
        ),
    }


def test_sending_writes_one_email_per_confirmed_registrant_in_their_language(
    coordinator_client, coordinator, event, registrants, outbox
):
    response = coordinator_client.post(NEW, _message())

    assert response.status_code == 303
    assert response["Location"] == LIST
    message = Message.objects.get()
    assert message.recipient_count == 2
    assert message.sent_by == coordinator
    by_address = {sent.to[0]: sent for sent in outbox}
    assert set(by_address) == {"ana@example.mx", "bo@example.org"}
    ana, bo = by_address["ana@example.mx"], by_address["bo@example.org"]
    assert ana.subject == f"Cambio de sala: {event.title_es}"
    assert "Hola, Ana Torres:" in ana.body
    assert f"/es/registrations/{registrants['ana'].token}/" in ana.body
    assert bo.subject == f"Room change for {event.title_en}"
    assert "Dear Bo Chen," in bo.body
    assert f"/en/registrations/{registrants['bo'].token}/" in bo.body
    assert ana.reply_to == ["coordinator@example.org"]
    assert set(Email.objects.values_list("status", flat=True)) == {Email.Status.SENT}
    assert MessageRecipient.objects.filter(message=message).count() == 2


def test_the_form_shows_each_audience_with_its_count(coordinator_client, registrants):
    response = coordinator_client.get(NEW)

    assert response.status_code == 200
    assertContains(response, "Confirmed registrants (2)")
    assertContains(response, "The waiting list (1)")
    assertContains(response, "Every active registration (3)")
    assertContains(response, "Confirmed registrants who did not attend (0)")
    assertContains(response, "Nobody is absent before the event has ended")
    assertContains(response, "{name}")


def test_the_spanish_page_shows_the_form_in_spanish(coordinator_client, registrants):
    response = coordinator_client.get("/es/events/border-meeting/messages/new/")

    assert response.status_code == 200
    assertContains(response, '<html lang="es"')
    assertNotContains(response, "Confirmed registrants (2)")


def test_a_spanish_registrant_gets_the_english_text_while_the_spanish_one_is_empty(
    coordinator_client, registrants, outbox
):
    coordinator_client.post(NEW, _message(subject_es="", body_es=""))

    ana = next(sent for sent in outbox if sent.to == ["ana@example.mx"])
    assert ana.subject.startswith("Room change for ")
    assert "Dear Ana Torres," in ana.body
    # The rest of the email is in her language.
    assert "/es/registrations/" in ana.body


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"subject_en": ""}, "subject_en", "This field is required."),
        ({"body_en": "  "}, "body_en", "This field is required."),
        ({"subject_en": "x" * 201}, "subject_en", "at most 200 characters"),
        ({"body_en": "Hi {{ name }}"}, "body_en", "Template code such as"),
        ({"body_es": "{% if x %}hola{% endif %}"}, "body_es", "Template code such as"),
        ({"body_en": "Hi {nombre} and {date}"}, "body_en", "{date}, {nombre} are not placeholders"),
        ({"subject_en": "About {when}"}, "subject_en", "{when} is not a placeholder"),
        ({"audience": "everyone"}, "audience", "Select a valid choice."),
        ({"body_es": "x" * 10001}, "body_es", "at most 10000 characters"),
        ({"preview_as": "Ana"}, "preview_as", "Enter a whole number."),
    ],
)
def test_a_bad_message_is_refused_with_a_clear_message_and_nothing_is_sent(
    coordinator_client, registrants, outbox, changes, field, error
):
    response = coordinator_client.post(NEW, _message(**changes))

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assertContains(response, "Please correct the errors below.")
    assert not Message.objects.exists()
    assert not Email.objects.exists()
    assert outbox == []


def test_half_a_spanish_text_is_refused(coordinator_client, registrants, outbox):
    response = coordinator_client.post(NEW, _message(body_es=""))

    assertContains(response, "Write both the Spanish subject and the Spanish message")
    assert not Email.objects.exists()


def test_an_empty_audience_is_refused(coordinator_client, event, outbox):
    response = coordinator_client.post(NEW, _message(audience="waitlisted"))

    assertContains(response, "Nobody is in this audience")
    assert not Message.objects.exists()


def test_the_absent_audience_is_empty_until_the_event_has_ended(
    coordinator_client, registrants, outbox
):
    response = coordinator_client.post(NEW, _message(audience="absent"))

    assertContains(
        response, "Nobody is absent yet: this audience is known once the event has ended."
    )
    assert not Message.objects.exists()


def test_placeholders_are_text_a_name_that_looks_like_one_is_not_filled_again(
    coordinator_client, event, outbox
):
    RegistrationFactory(event=event, full_name="{link} <b>Eve</b>", email="eve@example.org")

    coordinator_client.post(NEW, _message(body_en="Hello {name}! {link}"))

    (sent,) = outbox
    assert sent.body.startswith("Hello {link} <b>Eve</b>! http")
    html = sent.alternatives[0][0]
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html
    assert "<b>Eve</b>" not in html


def test_the_preview_shows_the_email_as_the_chosen_registrant_reads_it(
    coordinator_client, registrants, outbox
):
    response = coordinator_client.post(
        NEW, _message(action="preview", preview_as=registrants["ana"].pk)
    )

    assert response.status_code == 200
    assertContains(response, "Preview: as Ana Torres reads it")
    assertContains(response, "Cambio de sala:")
    assertContains(response, "Hola, Ana Torres:")
    assertContains(response, "/es/registrations/private-link/")
    assertNotContains(response, registrants["ana"].token)
    assert not Message.objects.exists()
    assert outbox == []


def test_the_preview_takes_the_first_of_the_audience_when_the_one_chosen_left_it(
    coordinator_client, registrants
):
    response = coordinator_client.post(
        NEW, _message(action="preview", audience="waitlisted", preview_as=registrants["ana"].pk)
    )

    assertContains(response, "Preview: as Cy Ortiz reads it")


def test_a_test_goes_to_the_coordinator_only_marked_as_a_test(
    coordinator_client, registrants, outbox
):
    response = coordinator_client.post(
        NEW, _message(action="test", preview_as=registrants["bo"].pk)
    )

    assert response.status_code == 200
    assertContains(response, "A test was sent to coordinator@example.org")
    (sent,) = outbox
    assert sent.to == ["coordinator@example.org"]
    assert sent.subject.startswith("[Test] Room change for ")
    assert "Dear Bo Chen," in sent.body
    assert registrants["bo"].token not in sent.body
    assert not Message.objects.exists()
    assert not AccessRecord.objects.exists()


def test_a_double_click_sends_the_message_once(coordinator_client, registrants, outbox):
    first = coordinator_client.post(NEW, _message())
    second = coordinator_client.post(NEW, _message(), follow=True)

    assert first.status_code == 303
    assertContains(second, "This message was sent a moment ago; it has not been sent again.")
    assert Message.objects.count() == 1
    assert len(outbox) == 2


def test_each_send_is_recorded_with_its_audience_and_recipient_count(
    coordinator_client, coordinator, event, registrants, outbox
):
    coordinator_client.post(NEW, _message(audience="all"))

    (record,) = AccessRecord.objects.all()
    assert record.action == AccessRecord.Action.MESSAGE
    assert record.user == coordinator
    assert record.event == event
    assert record.detail == "audience: all; recipients: 3"


def _ended(event):
    event.starts_at = timezone.now() - datetime.timedelta(days=1)
    event.ends_at = event.starts_at + datetime.timedelta(hours=3)
    event.save()


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("confirmed", {"ana", "bo", "eve"}),
        ("waitlisted", {"cy"}),
        ("attended", {"ana", "eve"}),
        ("absent", {"bo"}),
        ("all", {"ana", "bo", "cy", "eve"}),
    ],
)
def test_each_audience_reaches_its_registrants(
    coordinator_client, event, registrants, outbox, audience, expected
):
    registrants["ana"].attended = True
    registrants["ana"].save()
    RegistrationFactory(event=event, full_name="Eve", email="eve@example.org", attended=True)
    RegistrationFactory(event=event, full_name="Gone", is_anonymised=True)
    _ended(event)

    response = coordinator_client.post(NEW, _message(audience=audience))

    assert response.status_code == 303
    names = {sent.to[0].split("@")[0] for sent in outbox}
    emails = {"ana": "ana", "bo": "bo", "eve": "eve", "cy": registrants["cy"].email}
    assert names == {emails[name].split("@")[0] for name in expected}


def test_a_registrant_who_cancels_before_the_message_goes_out_is_not_sent_it(
    coordinator_client, registrants, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        coordinator_client.post(NEW, _message())
    Registration.objects.filter(pk=registrants["bo"].pk).update(status="cancelled")
    for callback in callbacks:
        callback()

    statuses = dict(Email.objects.values_list("to", "status"))
    assert statuses == {"ana@example.mx": "sent", "bo@example.org": "aborted"}


def test_the_list_shows_each_message_and_each_recipients_delivery(
    coordinator_client, registrants, outbox
):
    coordinator_client.post(NEW, _message())
    assert len(outbox) == 2
    bo = Email.objects.get(to="bo@example.org")
    bo.status = Email.Status.RETRYING
    bo.last_error = "451 4.3.0 Try again later"
    bo.save()

    response = coordinator_client.get(LIST)

    assert response.status_code == 200
    assertContains(response, "Room change for {event}")
    assertContains(response, "by coordinator@example.org")
    assertContains(response, "Confirmed registrants")
    assertContains(response, "2 recipients")
    assertContains(response, "Sent: 1")
    assertContains(response, "Retrying: 1")
    assertContains(response, "Ana Torres")
    assertContains(response, "451 4.3.0 Try again later")


def test_the_list_in_spanish_uses_the_outboxs_spanish_status_labels(
    coordinator_client, registrants, outbox
):
    coordinator_client.post(NEW, _message())
    assert len(outbox) == 2

    response = coordinator_client.get("/es/events/border-meeting/messages/")

    assertContains(response, "Enviado: 2")


@pytest.mark.parametrize("url", [NEW, LIST])
def test_anonymous_visitors_are_sent_to_sign_in(client, event, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


@pytest.mark.parametrize("url", [NEW, LIST])
def test_a_user_without_the_permission_gets_403(client, django_user_model, event, url):
    user = django_user_model.objects.create_user(username="staff", is_staff=True)
    client.force_login(user)

    assert client.get(url).status_code == 403
    assert client.post(NEW, _message()).status_code == 403
    assert not Message.objects.exists()


def test_coordinators_have_the_permission_through_their_group(coordinator):
    assert (
        Group.objects.get(name=COORDINATORS)
        .permissions.filter(codename="message_registrants")
        .exists()
    )
    assert coordinator.has_perm("registrations.message_registrants")


def test_the_event_page_and_the_summary_link_to_the_messages(coordinator_client, event):
    assertContains(coordinator_client.get("/en/events/border-meeting/"), f'href="{LIST}"')
    assertContains(coordinator_client.get("/en/events/border-meeting/summary/"), f'href="{LIST}"')


@pytest.mark.parametrize("url", [NEW, LIST])
def test_with_the_second_factor_required_a_password_alone_is_not_enough(
    client, settings, registrants, url
):

    settings.ADMIN_REQUIRE_2FA = True
    user = account("coordinadora@example.org")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    _log_in(client, user)

    refused = client.get(url)
    posted = client.post(NEW, _message())

    assert refused.status_code == 302
    assert refused["Location"] == "/en/accounts/2fa/"
    assert posted.status_code == 302
    assert not Message.objects.exists()
    secret = _with_totp(user)
    second = Client()
    _log_in(second, user)
    second.post("/en/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert second.get(url).status_code == 200


def test_an_unknown_event_answers_404(coordinator_client):
    assert coordinator_client.get("/en/events/no-such-event/messages/new/").status_code == 404
    assert coordinator_client.get("/en/events/no-such-event/messages/").status_code == 404
