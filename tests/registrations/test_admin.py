"""The admin as coordinators and editors use it for events and registrations.

Coordinators are staff in the Coordinators group, not superusers: they view events, view
and change registrations, and export lists. Emails go out after the transaction commits,
so the tests that expect them run the on-commit callbacks.
"""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from registrations.models import Registration
from taskforce.background import sending
from tests.factories import EventFactory, RegistrationFactory
from tests.support.outbox import a_minute_passes

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/admin/registrations/registration/"
EVENTS = "/admin/registrations/event/"


def run_action(client, action, registrations, **extra):
    return client.post(
        REGISTRATIONS,
        {"action": action, "_selected_action": [r.pk for r in registrations], **extra},
        follow=True,
    )


def test_a_coordinator_lists_registrations_but_cannot_add_any(coordinator_client, event):
    RegistrationFactory(event=event, full_name="Lucía Herrera", email="lucia@example.mx")

    response = coordinator_client.get(REGISTRATIONS)

    assertContains(response, "Lucía Herrera")
    assertContains(response, "lucia@example.mx")
    assertNotContains(response, f"{REGISTRATIONS}add/")
    assert coordinator_client.get(f"{REGISTRATIONS}add/").status_code == 403


def test_the_registration_list_filters_by_event_and_searches_by_organization(
    coordinator_client, event
):
    RegistrationFactory(event=event, full_name="In the border meeting", organization="CFE")
    RegistrationFactory(full_name="At another meeting", organization="CFE")

    by_event = coordinator_client.get(f"{REGISTRATIONS}?event__id__exact={event.pk}")
    by_organization = coordinator_client.get(f"{REGISTRATIONS}?q=CFE")

    assertContains(by_event, "In the border meeting")
    assertNotContains(by_event, "At another meeting")
    assertContains(by_organization, "At another meeting")


def test_a_registrations_event_status_and_token_are_read_only(coordinator_client, event):
    registration = RegistrationFactory(event=event)

    response = coordinator_client.get(f"{REGISTRATIONS}{registration.pk}/change/")

    assertContains(response, registration.token)
    assertNotContains(response, 'name="status"')
    assertNotContains(response, 'name="event"')
    assertContains(response, 'name="attended"')


def test_a_coordinator_exports_the_selected_registrations_as_csv(coordinator_client, event):
    chosen = RegistrationFactory(event=event, full_name="=Chosen One")
    RegistrationFactory(event=event, full_name="Not chosen")

    response = run_action(coordinator_client, "export_csv", [chosen])

    content = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(content, newline="")))
    assert header[:2] == ["Event", "Registered at (UTC)"]
    assert rows == [[event.title, *rows[0][1:]]]
    assert "'=Chosen One" in rows[0]


def test_without_the_export_permission_the_export_action_is_not_offered(
    client, django_user_model, event
):
    helper = django_user_model.objects.create_user("helper", is_staff=True)
    helper.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_registration", "change_registration"])
    )
    client.force_login(helper)
    RegistrationFactory(event=event)

    response = client.get(REGISTRATIONS)

    assertContains(response, 'value="resend_confirmation"')
    assertNotContains(response, 'value="export_csv"')


def test_resending_emails_the_confirmation_with_the_calendar_file(
    coordinator_client, event, outbox
):
    registration = RegistrationFactory(event=event, email="ana@example.mx")
    cancelled = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    response = run_action(coordinator_client, "resend_confirmation", [registration, cancelled])

    assertContains(response, "1 email will be sent; its delivery shows in the Last email column.")
    assertContains(response, "1 cancelled or anonymized registration skipped.")
    assert [message.to for message in outbox] == [["ana@example.mx"]]
    assert [name for name, _content, _type in outbox[0].attachments] == ["border-meeting.ics"]
    assert "BEGIN:VCALENDAR" in outbox[0].attachments[0][1]


def test_a_resend_during_a_mail_outage_shows_in_the_list_and_goes_when_the_server_returns(
    coordinator_client, event, smtp, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(event=event, email="ana@example.mx")
    smtp.stop()

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(coordinator_client, "resend_confirmation", [registration])

    assertContains(response, "1 email will be sent")
    listing = coordinator_client.get(
        "/admin/registrations/registration/?email_delivery=undelivered"
    )
    assertContains(listing, "ana@example.mx")
    assertContains(listing, "Queued: ConnectionRefusedError")

    smtp.start()
    a_minute_passes()
    sending.sweep()

    assert smtp.recipients() == ["ana@example.mx"]
    listing = coordinator_client.get(
        "/admin/registrations/registration/?email_delivery=undelivered"
    )
    assertNotContains(listing, "ana@example.mx")
    assertContains(coordinator_client.get("/admin/registrations/registration/"), ">Sent<")


def test_cancelling_asks_first_and_changes_nothing_until_confirmed(
    coordinator_client, event, outbox
):
    registration = RegistrationFactory(event=event, full_name="Still Coming")

    response = run_action(coordinator_client, "cancel_registrations", [registration])

    assertContains(response, "These registrations will be cancelled.")
    assertContains(response, "Still Coming")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert outbox == []


def test_cancelling_promotes_the_oldest_waitlisted_and_emails_them(
    coordinator_client, outbox, django_capture_on_commit_callbacks
):
    full = EventFactory(capacity=1, slug="full-meeting")
    leaving = RegistrationFactory(event=full, email="leaving@example.org")
    first_in_line = RegistrationFactory(
        event=full, email="first@example.org", status=Registration.Status.WAITLISTED
    )
    RegistrationFactory(
        event=full, email="second@example.org", status=Registration.Status.WAITLISTED
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            coordinator_client, "cancel_registrations", [leaving], confirmed="yes"
        )

    assertContains(response, "1 registration cancelled.")
    assertContains(response, "1 registration moved from the waiting list to a seat.")
    leaving.refresh_from_db()
    first_in_line.refresh_from_db()
    assert leaving.status == Registration.Status.CANCELLED
    assert first_in_line.status == Registration.Status.CONFIRMED
    assert full.registrations.waitlisted().get().email == "second@example.org"
    emails = {message.to[0]: message for message in outbox}
    assert set(emails) == {"leaving@example.org", "first@example.org"}
    assert emails["first@example.org"].subject.startswith("A seat is yours")
    assert emails["first@example.org"].attachments[0][0] == "full-meeting.ics"


def test_cancelling_a_waitlisted_and_a_confirmed_one_together_promotes_neither_of_them(
    coordinator_client, outbox, django_capture_on_commit_callbacks
):
    full = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=full)
    waitlisted = RegistrationFactory(event=full, status=Registration.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            coordinator_client, "cancel_registrations", [confirmed, waitlisted], confirmed="yes"
        )

    assertContains(response, "2 registrations cancelled.")
    assertContains(response, "0 registrations moved from the waiting list to a seat.")
    assert not full.registrations.active().exists()
    assert len(outbox) == 2
    assert not any(message.subject.startswith("A seat is yours") for message in outbox)


def test_marking_attended_and_absent(coordinator_client, event):
    came, missed = RegistrationFactory.create_batch(2, event=event)

    attended = run_action(coordinator_client, "mark_attended", [came])
    absent = run_action(coordinator_client, "mark_absent", [missed])

    assertContains(attended, "1 registrant marked as attended.")
    assertContains(absent, "1 registrant marked as absent.")
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, missed.attended) == (True, False)


def test_the_event_list_shows_seats_taken_and_waiting_without_a_query_per_event(
    coordinator_client, django_assert_max_num_queries
):
    for index in range(5):
        busy = EventFactory(capacity=2, title_en=f"Busy meeting {index}")
        RegistrationFactory.create_batch(2, event=busy)
        RegistrationFactory.create_batch(3, event=busy, status=Registration.Status.WAITLISTED)
        RegistrationFactory(event=busy, status=Registration.Status.CANCELLED)

    with django_assert_max_num_queries(12):
        response = coordinator_client.get(EVENTS)

    assertContains(response, '<td class="field-seats_taken">2 / 2</td>', count=5, html=True)
    assertContains(response, '<td class="field-waiting">3</td>', count=5, html=True)
    assertContains(response, "/en/events/")
    assertContains(response, "/summary/", count=5)


def test_the_event_list_filters_upcoming_and_past_events(coordinator_client):
    EventFactory(title_en="Next month's meeting")
    past_start = timezone.now() - timezone.timedelta(days=30)
    EventFactory(
        title_en="Last month's meeting",
        starts_at=past_start,
        ends_at=past_start + timezone.timedelta(hours=2),
    )

    upcoming = coordinator_client.get(f"{EVENTS}?when=upcoming")
    past = coordinator_client.get(f"{EVENTS}?when=past")

    assertContains(upcoming, "Next month&#x27;s meeting")
    assertNotContains(upcoming, "Last month&#x27;s meeting")
    assertContains(past, "Last month&#x27;s meeting")
    assertNotContains(past, "Next month&#x27;s meeting")


def test_a_coordinator_sees_an_event_read_only_with_links_to_its_registrations(
    coordinator_client, event
):
    response = coordinator_client.get(f"{EVENTS}{event.pk}/change/")

    assertContains(response, f"/en/events/{event.slug}/summary/")
    assertContains(response, f"/en/events/{event.slug}/registrants.xlsx")
    assertNotContains(response, 'name="capacity"')


def event_form(event, **changes):
    """The event's change form as the admin posts it (times in the event's zone)."""

    def date_and_time(name, moment):
        if moment is None:
            return {f"{name}_0": "", f"{name}_1": ""}
        local = timezone.localtime(moment, event.zone)
        return {f"{name}_0": f"{local:%Y-%m-%d}", f"{name}_1": f"{local:%H:%M:%S}"}

    return {
        "title_en": event.title_en,
        "title_es": event.title_es,
        "description_en": event.description_en,
        "description_es": event.description_es,
        "slug": event.slug,
        "working_group": "",
        **date_and_time("starts_at", event.starts_at),
        **date_and_time("ends_at", event.ends_at),
        "timezone": event.timezone,
        "mode": event.mode,
        "venue_en": event.venue_en,
        "venue_es": event.venue_es,
        "online_url": "",
        "capacity": event.capacity,
        "waitlist_enabled": "on",
        **date_and_time("registration_opens_at", None),
        **date_and_time("registration_closes_at", None),
        "is_published": "on",
        **changes,
    }


def test_raising_the_capacity_promotes_the_oldest_waitlisted(
    editor_client, outbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, slug="bigger-room")
    RegistrationFactory(event=event)
    oldest, middle, newest = (
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED) for _i in range(3)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"{EVENTS}{event.pk}/change/", event_form(event, capacity=3), follow=True
        )

    assertContains(response, "2 registrations moved from the waiting list to a seat")
    statuses = {registration.pk: registration.status for registration in event.registrations.all()}
    assert statuses[oldest.pk] == statuses[middle.pk] == Registration.Status.CONFIRMED
    assert statuses[newest.pk] == Registration.Status.WAITLISTED
    assert sorted(message.to[0] for message in outbox) == sorted([oldest.email, middle.email])
    assert all(message.subject.startswith("A seat is yours") for message in outbox)


def test_saving_an_event_with_no_free_seat_promotes_no_one(editor_client, outbox):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    response = editor_client.post(
        f"{EVENTS}{event.pk}/change/", event_form(event, title_en="Renamed"), follow=True
    )

    assertContains(response, "was changed successfully")
    assertNotContains(response, "moved from the waiting list")
    event.refresh_from_db()
    waiting.refresh_from_db()
    assert event.title_en == "Renamed"
    assert waiting.status == Registration.Status.WAITLISTED
