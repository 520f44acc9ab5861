"""The seat rule, written once on the Event model (seats_left_after, seats_left, is_full,
refuses_when_full): the registration service, the event page, the registration form and
the coordinator summary all answer from it, so they agree."""

import datetime

import pytest
from django.utils import timezone

from registrations import services
from registrations.models import Event, Registration
from tests.factories import EventFactory, RegistrationFactory
from tests.registrations.test_registering import page_text

pytestmark = pytest.mark.django_db

NEW_PERSON = {"full_name": "Ana García", "email": "ana@example.org", "organization": "Org"}


@pytest.mark.parametrize(
    ("capacity", "confirmed", "expected"),
    [(None, 0, None), (None, 500, None), (3, 0, 3), (3, 2, 1), (3, 3, 0), (3, 7, 0)],
)
def test_seats_left_after_is_never_negative_and_none_without_a_limit(capacity, confirmed, expected):
    assert Event(capacity=capacity).seats_left_after(confirmed) == expected


def test_seats_left_reads_the_annotation_when_present(django_assert_num_queries):
    event = EventFactory(capacity=3)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    annotated = Event.objects.with_seat_counts().get(pk=event.pk)
    with django_assert_num_queries(0):
        assert annotated.seats_left == 1
    plain = Event.objects.get(pk=event.pk)
    with django_assert_num_queries(1):
        assert plain.seats_left == 1


@pytest.mark.parametrize(
    ("capacity", "waitlist", "is_full", "refuses"),
    [(1, True, True, False), (1, False, True, True), (2, False, False, False)],
)
def test_full_and_refuses_when_full(capacity, waitlist, is_full, refuses):
    event = EventFactory(capacity=capacity, waitlist_enabled=waitlist)
    RegistrationFactory(event=event)
    event = Event.objects.with_seat_counts().get(pk=event.pk)

    assert event.is_full is is_full
    assert event.refuses_when_full is refuses


def test_an_event_without_a_limit_is_never_full():
    event = EventFactory(capacity=None, waitlist_enabled=False)
    RegistrationFactory.create_batch(3, event=event)

    assert event.seats_left is None
    assert not event.is_full
    assert not event.refuses_when_full


@pytest.mark.parametrize("waitlist", [True, False], ids=["waiting-list", "no-waiting-list"])
@pytest.mark.parametrize(
    ("capacity", "seats"), [(1, 0), (2, 1), (None, None)], ids=["0-seats", "1-seat", "unlimited"]
)
def test_service_event_page_form_and_summary_agree(
    client, django_user_model, capacity, seats, waitlist
):
    event = EventFactory(capacity=capacity, waitlist_enabled=waitlist)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    model = Event.objects.with_seat_counts().get(pk=event.pk)
    assert model.seats_left == seats

    # The coordinator summary.
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)
    summary = client.get(f"/en/events/{event.slug}/summary/").context["summary"]
    assert summary.seats_left == seats
    client.logout()

    # The event page and the registration form.
    event_page = page_text(client.get(f"/en/events/{event.slug}/"))
    form_page = page_text(client.get(f"/en/events/{event.slug}/register/"))
    if seats is None:
        assert "No seat limit" in event_page
    elif seats:
        assert f"{seats} seat left" in event_page
    else:
        assert "Full" in event_page
    for text in (event_page, form_page):
        assert ("Sorry, this event is full." in text) is model.refuses_when_full
    assert ("registering puts you on the waiting list" in form_page) is (
        model.is_full and not model.refuses_when_full
    )

    # The registration service.
    if model.refuses_when_full:
        with pytest.raises(services.RegistrationRefused) as refusal:
            services.registration_create(event=event, data=NEW_PERSON, language="en")
        assert refusal.value.code == "full"
        assert not event.registrations.filter(email=NEW_PERSON["email"]).exists()
    else:
        outcome = services.registration_create(event=event, data=NEW_PERSON, language="en")
        expected = "waitlisted" if model.is_full else "confirmed"
        assert outcome.created and outcome.registration.status == expected


# --- One refusal protocol ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("timing", "code"),
    [
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=1)}, "not_yet"),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)}, "closed"),
        (
            {
                "starts_at": timezone.now() - datetime.timedelta(days=2),
                "ends_at": timezone.now() - datetime.timedelta(days=1),
            },
            "past",
        ),
    ],
)
def test_every_refusal_is_raised_with_its_code(timing, code):
    event = EventFactory(**timing)

    with pytest.raises(services.RegistrationRefused) as refusal:
        services.registration_create(event=event, data=NEW_PERSON, language="en")

    assert refusal.value.code == code
    assert not event.registrations.exists()


def test_every_refusal_code_has_one_status_and_message_in_the_view():
    from registrations.views import REFUSALS

    assert set(REFUSALS) == set(services.RegistrationRefused.CODES)
    assert {code: status for code, (status, _message) in REFUSALS.items()} == {
        "called_off": 403,
        "not_yet": 403,
        "closed": 403,
        "past": 403,
        "full": 409,
    }


def test_an_unknown_refusal_code_is_a_programming_error():
    with pytest.raises(ValueError):
        services.RegistrationRefused("sold_out")


@pytest.mark.django_db(transaction=True)
def test_a_link_re_sent_before_a_full_refusal_survives_it(outbox):
    """A registered address tries again at a full event without a waiting list: the
    service refuses ("full", as for anyone), and the link it queued still goes out, with
    its re-send time kept (the refusal does not roll the transaction back)."""
    event = EventFactory(capacity=1, waitlist_enabled=False)
    registration = RegistrationFactory(event=event, email="ana@example.org")

    with pytest.raises(services.RegistrationRefused) as refusal:
        services.registration_create(
            event=event, data={**NEW_PERSON, "email": "ANA@example.org"}, language="en"
        )

    assert refusal.value.code == "full"
    assert [message.to for message in outbox] == [["ana@example.org"]]
    assert f"/registrations/{registration.token}/" in outbox[0].body
    registration.refresh_from_db()
    assert registration.link_resent_at is not None
    assert event.registrations.count() == 1
