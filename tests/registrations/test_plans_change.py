"""When plans change: an event moved (time, place, link) or called off in the admin goes
through services.event_save, which raises its calendar SEQUENCE and emails every active
registrant, in their language, the updated .ics (same UID). A called-off event closes
registration, shows a notice and promotes nobody; an edit nobody is affected by sends
nothing."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains, assertNotContains

from registrations import services
from registrations.models import Registration
from taskforce.background.models import Email
from tests.factories import EventFactory, RegistrationFactory
from tests.registrations.test_admin import EVENTS, event_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrants(event):
    """Two confirmed (one reads Spanish) in the two seats, one waiting, one cancelled."""
    event.capacity = 2
    event.save()
    return {
        "ana": RegistrationFactory(event=event, email="ana@example.mx", language="es"),
        "bo": RegistrationFactory(event=event, email="bo@example.org"),
        "cy": RegistrationFactory(
            event=event, email="cy@example.org", status=Registration.Status.WAITLISTED
        ),
        "gone": RegistrationFactory(
            event=event, email="gone@example.org", status=Registration.Status.CANCELLED
        ),
    }


def _save(client, event, **changes):
    return client.post(f"{EVENTS}{event.pk}/change/", event_form(event, **changes), follow=True)


def _calendar(sent):
    (name, content, mimetype) = sent.attachments[0]
    assert mimetype.startswith("text/calendar")
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    return vevent


def _by_address(outbox):
    return {sent.to[0]: sent for sent in outbox}


def test_moving_an_event_emails_every_active_registrant_the_updated_calendar(
    editor_client, event, registrants, outbox
):
    local = timezone.localtime(event.starts_at + datetime.timedelta(days=1), event.zone)
    end = timezone.localtime(event.ends_at + datetime.timedelta(days=1), event.zone)

    response = _save(
        editor_client, event, starts_at_0=f"{local:%Y-%m-%d}", ends_at_0=f"{end:%Y-%m-%d}"
    )

    assertContains(response, "3 registrants are emailed the event as it is now")
    event.refresh_from_db()
    assert event.sequence == 1
    sent = _by_address(outbox)
    assert set(sent) == {"ana@example.mx", "bo@example.org", "cy@example.org"}
    assert sent["bo@example.org"].subject == f"Changed: {event.title_en}"
    assert "The time or place of this event has changed" in sent["bo@example.org"].body
    assert sent["ana@example.mx"].subject == f"Cambio: {event.title_es}"
    vevent = _calendar(sent["bo@example.org"])
    assert str(vevent["UID"]) == f"event-{event.pk}@{_domain()}"
    assert int(vevent["SEQUENCE"]) == 1
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent["DTSTART"].dt.date() == local.date()


def _domain():
    from django.conf import settings

    return settings.PORTAL_CALENDAR_DOMAIN


def test_calling_an_event_off_emails_a_cancelled_calendar_with_a_higher_sequence(
    editor_client, event, registrants, outbox
):
    _save(editor_client, event, venue_en="Monterrey", venue_es="Monterrey")
    event.refresh_from_db()
    first = {sent.to[0]: int(_calendar(sent)["SEQUENCE"]) for sent in outbox}
    outbox.clear()

    response = _save(editor_client, event, is_cancelled="on")

    assertContains(response, "3 registrants are emailed")
    event.refresh_from_db()
    assert event.is_cancelled and event.sequence == 2
    sent = _by_address(outbox)
    assert set(sent) == {"ana@example.mx", "bo@example.org", "cy@example.org"}
    assert sent["bo@example.org"].subject == f"Called off: {event.title_en}"
    assert "this event has been called off" in sent["bo@example.org"].body
    assert sent["ana@example.mx"].subject == f"Evento cancelado: {event.title_es}"
    for address, email in sent.items():
        vevent = _calendar(email)
        assert str(vevent["STATUS"]) == "CANCELLED"
        assert int(vevent["SEQUENCE"]) == 2 > first[address]


def test_an_event_back_on_tells_its_registrants_it_takes_place_after_all(
    editor_client, event, registrants, outbox
):
    _save(editor_client, event, is_cancelled="on")
    outbox.clear()

    response = _save(editor_client, event)  # the box unticked: back on

    assertContains(response, "3 registrants are emailed")
    event.refresh_from_db()
    assert not event.is_cancelled and event.sequence == 2
    sent = _by_address(outbox)
    assert set(sent) == {"ana@example.mx", "bo@example.org", "cy@example.org"}
    assert sent["bo@example.org"].subject == f"Back on: {event.title_en}"
    assert "takes place after all" in sent["bo@example.org"].body
    assert "has changed" not in sent["bo@example.org"].body
    assert sent["ana@example.mx"].subject == f"Se realizará: {event.title_es}"
    for email in sent.values():
        vevent = _calendar(email)
        assert str(vevent["STATUS"]) == "CONFIRMED"
        assert int(vevent["SEQUENCE"]) == 2


def test_an_edit_that_affects_no_registrant_sends_nothing(
    editor_client, event, registrants, outbox
):
    response = _save(
        editor_client, event, description_en="A meeting of the working group, fixed.", capacity=40
    )

    assertContains(response, "was changed successfully")
    assertNotContains(response, "are emailed the event")
    event.refresh_from_db()
    # A new revision for the calendars that follow the feeds, but no email about it.
    assert event.sequence == 1
    # The capacity gave the waiting list its seat: that email only.
    assert [sent.to[0] for sent in outbox] == ["cy@example.org"]


def test_putting_right_a_past_events_place_tells_no_one(event, registrants, outbox):
    event.starts_at = timezone.now() - datetime.timedelta(days=2)
    event.ends_at = event.starts_at + datetime.timedelta(hours=3)
    event.save()
    event.venue_en = "Saltillo, Coahuila"

    saved = services.event_save(event=event, changed_fields=["venue_en"])

    assert saved.told == 0
    assert outbox == []
    event.refresh_from_db()
    assert event.sequence == 1


def test_the_service_tells_no_cancelled_or_erased_registrant(event, registrants, outbox):
    RegistrationFactory(event=event, is_anonymised=True, email="anonymised-9@invalid")
    event.online_url = "https://meet.example.org/new-room"

    saved = services.event_save(event=event, changed_fields=["online_url"])

    assert saved.told == 3
    assert {sent.to[0] for sent in outbox} == {
        "ana@example.mx",
        "bo@example.org",
        "cy@example.org",
    }


def test_a_moved_notice_not_yet_sent_when_the_event_is_called_off_is_not_sent(
    event, registrants, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as moved_callbacks:
        event.venue_en = "Saltillo"
        services.event_save(event=event, changed_fields=["venue_en"])
    event.is_cancelled = True
    services.event_save(event=event, changed_fields=["is_cancelled"])
    for callback in moved_callbacks:
        callback()

    assert {sent.subject for sent in outbox} == {
        f"Called off: {event.title_en}",
        f"Evento cancelado: {event.title_es}",
    }
    moved = Email.objects.filter(kind="registration.moved")
    assert set(moved.values_list("status", flat=True)) == {Email.Status.ABORTED}


@pytest.fixture
def called_off(event):
    event.is_cancelled = True
    event.save()
    return event


def test_a_called_off_event_page_shows_a_notice_and_no_register_link(client, called_off):
    response = client.get("/en/events/border-meeting/")

    assertContains(response, "This event has been called off.")
    assertContains(response, "This event has been called off: registration is closed.")
    assertNotContains(response, 'href="/en/events/border-meeting/register/"')
    spanish = client.get("/es/events/border-meeting/")
    assertContains(spanish, "Este evento se canceló.")


def test_the_private_page_says_the_event_is_called_off(client, called_off):
    registration = RegistrationFactory(event=called_off)

    response = client.get(f"/es/registrations/{registration.token}/")

    assertContains(response, "Este evento se canceló.")


def test_the_event_list_marks_a_called_off_event(client, called_off):
    assertContains(client.get("/en/events/"), "Called off")


def test_registering_for_a_called_off_event_is_refused_with_a_page_that_says_why(
    client, called_off, outbox
):
    response = client.post(
        "/en/events/border-meeting/register/",
        {"full_name": "Ana", "email": "ana@example.org", "sector": "oem", "country": "MX"},
    )

    assert response.status_code == 403
    assertContains(
        response, "This event has been called off: registration is closed.", status_code=403
    )
    assert not Registration.objects.exists()
    assert outbox == []


def test_the_service_refuses_a_called_off_event(called_off):
    with pytest.raises(services.RegistrationRefused) as refusal:
        services.registration_create(
            event=called_off, data={"full_name": "A", "email": "a@example.org"}, language="en"
        )

    assert refusal.value.code == "called_off"


def test_nobody_is_promoted_when_someone_cancels_for_a_called_off_event(
    called_off, registrants, outbox
):
    promoted = services.registration_cancel(registration=registrants["bo"])

    assert promoted == []
    registrants["cy"].refresh_from_db()
    assert registrants["cy"].status == Registration.Status.WAITLISTED


def test_no_reminder_goes_out_for_a_called_off_event(called_off, registrants):
    soon = EventFactory(starts_at=timezone.now() + datetime.timedelta(hours=5))
    RegistrationFactory(event=soon)
    called_off.starts_at = timezone.now() + datetime.timedelta(hours=5)
    called_off.ends_at = called_off.starts_at + datetime.timedelta(hours=2)
    called_off.save()

    due = Registration.objects.reminder_due(hours=24, now=timezone.now())

    assert {registration.event for registration in due} == {soon}


def test_the_public_calendars_keep_a_called_off_event_as_cancelled(client, called_off):
    for path in ("/en/events/border-meeting/calendar.ics", "/en/events/calendar.ics"):
        (vevent,) = Calendar.from_ical(client.get(path).content).walk("VEVENT")
        assert str(vevent["STATUS"]) == "CANCELLED"
        assert str(vevent["UID"]) == f"event-{called_off.pk}@{_domain()}"
