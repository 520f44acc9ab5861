"""Check-in at the meeting: the page a badge's QR code opens, the desk's name search and
one-tap check-in, who may use them, what is logged, and that nobody is counted twice (two
desks scanning the same badge at once, on PostgreSQL with real threads)."""

import pytest
from django.contrib.auth.models import Group

from registrations import attendance
from registrations.models import AccessRecord, Registration
from taskforce.core.roles import COORDINATORS
from tests.factories import EventFactory, RegistrationFactory
from tests.registrations.test_concurrency import run_simultaneously

pytestmark = pytest.mark.django_db


def check_in_url(registration, language="en", event=None):
    url = f"/{language}/check-in/{registration.attendance_code}/"
    return f"{url}?event={event.slug}" if event else url


def desk_url(event, language="en"):
    return f"/{language}/events/{event.slug}/check-in/"


@pytest.fixture
def ana(event):
    return RegistrationFactory(event=event, full_name="Ana Torres", organization="Transportes")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_code_page_shows_the_registrant_and_logs_the_look_up(
    coordinator_client, coordinator, ana, event, language
):
    response = coordinator_client.get(check_in_url(ana, language, event))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Ana Torres" in text
    assert "Transportes" in text
    assert "no-store" in response["Cache-Control"]
    record = AccessRecord.objects.get()
    assert (record.action, record.user, record.registration) == (
        AccessRecord.Action.LOOKUP,
        coordinator,
        ana,
    )
    ana.refresh_from_db()
    assert ana.checked_in_at is None


def test_posting_the_code_checks_in_once_and_again_changes_nothing(coordinator_client, ana, event):
    first = coordinator_client.post(check_in_url(ana), {"event": event.slug})
    ana.refresh_from_db()
    checked_in_at = ana.checked_in_at

    second = coordinator_client.post(check_in_url(ana), {"event": event.slug})

    assert first.status_code == second.status_code == 303
    assert first["Location"] == desk_url(event)
    ana.refresh_from_db()
    assert ana.attended is True
    assert ana.checked_in_at == checked_in_at is not None
    assert event.registrations.checked_in().count() == 1
    details = list(
        AccessRecord.objects.filter(action=AccessRecord.Action.CHECK_IN)
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details == ["checked in", "already checked in"]
    desk = coordinator_client.get(desk_url(event))
    assert "Ana Torres was already checked in." in desk.content.decode()


def test_posting_without_a_desk_shows_the_outcome_on_the_code_page(coordinator_client, ana):
    response = coordinator_client.post(check_in_url(ana))

    assert response.status_code == 200
    assert "Checked in." in response.content.decode()


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (Registration.Status.WAITLISTED, "On the waiting list"),
        (Registration.Status.CANCELLED, "cancelled"),
    ],
)
def test_waitlisted_or_cancelled_registrants_are_refused_with_the_reason(
    coordinator_client, event, status, reason
):
    registration = RegistrationFactory(event=event, status=status)

    page = coordinator_client.get(check_in_url(registration, event=event))
    response = coordinator_client.post(check_in_url(registration), {"event": event.slug})

    assert reason in page.content.decode()
    assert "Check in</button>" not in page.content.decode()
    assert response.status_code == 409
    assert reason in response.content.decode()
    assert "nothing was recorded" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert registration.attended is None


def test_a_code_of_another_event_is_refused_at_this_desk(coordinator_client, ana):
    other_desk = EventFactory()

    response = coordinator_client.post(check_in_url(ana), {"event": other_desk.slug})

    assert response.status_code == 409
    assert "another event" in response.content.decode()
    ana.refresh_from_db()
    assert ana.checked_in_at is None


def test_the_desk_finds_names_as_typed_and_offers_one_tap_check_in(
    coordinator_client, coordinator, ana, event
):
    RegistrationFactory(event=event, full_name="Luis Pérez")
    RegistrationFactory(full_name="Ana Torres de otro evento")

    response = coordinator_client.get(desk_url(event), {"q": "ana tor"})

    text = response.content.decode()
    assert text.count("<strong>Ana Torres") == 1
    assert "Luis Pérez" not in text
    assert f'action="/en/check-in/{ana.attendance_code}/"' in text
    record = AccessRecord.objects.get()
    assert record.action == AccessRecord.Action.LOOKUP
    assert record.detail == "name search: ana tor"
    assert record.event == event


def test_a_name_typed_at_the_desk_is_one_access_record_naming_its_broadest_search(
    coordinator_client, ana, event
):
    """Each keystroke refreshes the results; the record of who looked up whom is one line
    per name searched, with the query that showed the most people."""
    for typed in ("an", "ana", "ana t", "ana to", "ana t", "ana tor"):
        coordinator_client.get(desk_url(event), {"q": typed})
    coordinator_client.get(desk_url(event), {"q": "luis"})  # another name: another record

    records = AccessRecord.objects.order_by("at", "pk")
    assert [record.detail for record in records] == ["name search: an", "name search: luis"]


@pytest.mark.parametrize("typed", ["perez", "PÉREZ luis", "Luís Pere"])
def test_the_desk_finds_a_name_whatever_the_accents_and_case(coordinator_client, ana, event, typed):
    RegistrationFactory(event=event, full_name="Luis Pérez")

    text = coordinator_client.get(desk_url(event), {"q": typed}).content.decode()

    assert "<strong>Luis Pérez" in text
    assert "<strong>Ana Torres" not in text


def test_the_desk_counts_who_is_in_and_lists_them(coordinator_client, ana, event):
    luis = RegistrationFactory(event=event, full_name="Luis Pérez")
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    coordinator_client.post(check_in_url(luis), {"event": event.slug})

    for language, count in [("en", "1 of 2 confirmed checked in"), ("es", "1 de 2")]:
        text = coordinator_client.get(desk_url(event, language)).content.decode()
        assert count in text
        checked_in = text[text.index("checked-in-list") :]
        assert "Luis Pérez" in checked_in
        assert "Ana Torres" not in checked_in


def test_a_typed_code_opens_its_check_in_page(coordinator_client, ana, event):
    response = coordinator_client.get(desk_url(event), {"code": f" {ana.attendance_code} "})

    assert response.status_code == 302
    assert response["Location"] == check_in_url(ana, event=event)


def test_the_desk_works_without_javascript_and_loads_its_script_from_the_site(
    coordinator_client, event
):
    response = coordinator_client.get(desk_url(event))

    text = response.content.decode()
    assert '<form method="get" class="desk-search' in text
    assert "<script>" not in text
    assert 'src="/static/registrations/check_in_desk.js"' in text
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["desk", "code"])
def test_check_in_needs_its_own_permission(client, django_user_model, ana, event, path):
    url = desk_url(event) if path == "desk" else check_in_url(ana)
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    viewer = django_user_model.objects.create_user(username="viewer", is_staff=True)
    client.force_login(viewer)

    assert client.get(url).status_code == 403
    assert client.post(check_in_url(ana), {"event": event.slug}).status_code == 403
    ana.refresh_from_db()
    assert ana.checked_in_at is None


def test_coordinators_have_the_check_in_permission(coordinator):
    assert (
        Group.objects.get(name=COORDINATORS)
        .permissions.filter(codename="check_in_registrant")
        .exists()
    )
    assert coordinator.has_perm("registrations.check_in_registrant")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_desks_scanning_the_same_badge_at_once_count_it_once(django_user_model):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    desks = [django_user_model.objects.create_user(username=f"desk{n}") for n in range(8)]

    results, errors = run_simultaneously(
        [
            lambda user=user: (
                attendance.check_in(
                    registration=Registration.objects.get(pk=registration.pk),
                    desk_event=event,
                    user=user,
                ).outcome
            )
            for user in desks
        ]
    )

    assert errors == []
    assert sorted(results) == ["already"] * 7 + ["checked_in"]
    assert event.registrations.checked_in().count() == 1
    assert AccessRecord.objects.filter(detail="checked in").count() == 1
