"""load_demo_data: clearly labelled, deterministic sample data on top of the real content."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Max, Min
from django.utils import timezone

from documents.models import Document
from registrations.models import Event, Registration
from taskforce.roadmap.models import Recommendation
from tests.factories import EventFactory, RegistrationFactory
from workinggroups.models import Membership, Organization, Person


def load(**options):
    output = io.StringIO()
    call_command("load_demo_data", stdout=output, **options)
    return output.getvalue()


@pytest.mark.django_db
def test_counts_are_totals_with_about_one_organization_per_five_people(content):
    load(members=50, documents=20, seed=1)

    assert Person.objects.filter(is_demo=True).count() == 50
    assert Organization.objects.filter(is_demo=True).count() == 10
    assert Document.objects.filter(is_demo=True).count() == 20
    assert Membership.objects.filter(person__is_demo=True).count() >= 50
    assert Recommendation.objects.filter(is_demo=True).count() == 15


@pytest.mark.django_db
def test_running_again_replaces_the_sample_data_and_keeps_the_real_content(content):
    load(members=40, documents=10)
    load(members=40, documents=10)
    load(members=20, documents=5)

    assert Person.objects.filter(is_demo=True).count() == 20
    assert Document.objects.filter(is_demo=True).count() == 5
    assert Document.objects.filter(is_demo=False).count() == 3
    assert Organization.objects.filter(is_demo=False).count() == 4
    assert Recommendation.objects.filter(is_demo=False).count() == 1


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(content):
    def snapshot():
        return (
            list(Person.objects.filter(is_demo=True).order_by("pk").values_list("name", flat=True)),
            list(Document.objects.filter(is_demo=True).values_list("title_en", "published_on")),
        )

    load(members=30, documents=10, seed=7)
    first = snapshot()
    load(members=30, documents=10, seed=7)
    assert snapshot() == first
    load(members=30, documents=10, seed=8)
    assert snapshot() != first


@pytest.mark.django_db
def test_sample_rows_say_so_on_the_public_pages(client, content):
    load(members=50, documents=5, seed=3)
    document = Document.objects.filter(is_demo=True, is_published=True).first()
    assert Organization.objects.filter(is_demo=True, is_public=True).exists()

    page = client.get(document.get_absolute_url()).content.decode()
    members = client.get("/es/members/").content.decode()

    assert "Sample" in page
    assert "Ejemplo" in members


@pytest.mark.django_db
def test_sample_people_keep_their_email_private(client, content):
    load(members=10, documents=0, seed=3)
    email = Person.objects.filter(is_demo=True).first().email

    for url in ["/en/members/", "/en/working-groups/light-duty-vehicles/"]:
        assert email not in client.get(url).content.decode()


@pytest.mark.django_db
def test_zero_members_makes_no_organizations(content):
    load(members=0, documents=0)

    assert not Organization.objects.filter(is_demo=True).exists()
    assert not Document.objects.filter(is_demo=True).exists()


@pytest.mark.django_db
def test_a_negative_count_is_refused_and_changes_nothing(content):
    with pytest.raises(CommandError, match="--members must be zero or more"):
        load(members=-1)
    assert not Person.objects.filter(is_demo=True).exists()


@pytest.mark.django_db
def test_it_needs_the_real_content_first():
    with pytest.raises(CommandError, match="load_portal_content"):
        load()


def sample_events():
    return Event.objects.filter(is_demo=True).with_seat_counts()


@pytest.mark.django_db
def test_events_and_registrations_counts_are_totals(content):
    load(members=10, documents=5, events=5, registrations=53)

    assert sample_events().count() == 5
    assert Registration.objects.filter(event__is_demo=True).count() == 53
    assert all(event.registrations.exists() for event in sample_events())


@pytest.mark.django_db
def test_the_default_events_cover_every_case_a_visitor_meets(content):
    load(members=10, documents=10)
    events = list(sample_events())
    now = timezone.now()

    assert len(events) == 6
    assert Registration.objects.filter(event__is_demo=True).count() == 120
    assert {event.mode for event in events} == {"in_person", "online", "hybrid"}
    assert any(event.starts_at > now for event in events)
    assert any(event.ends_at < now for event in events)
    assert {event.timezone for event in events} == {
        "America/Mexico_City",
        "America/Tijuana",
        "America/Los_Angeles",
    }
    full = [event for event in events if event.capacity and event.is_full]
    assert any(not event.waitlist_enabled and event.waitlisted_count == 0 for event in full)
    assert any(event.waitlisted_count > 0 for event in full)
    online = next(event for event in events if event.mode == "online")
    assert online.online_url and not online.venue
    assert any(event.working_group for event in events)
    assert Document.objects.filter(events__is_demo=True, is_demo=True).exists()


@pytest.mark.django_db
def test_hybrid_registrants_say_how_they_attend(content):
    load(events=6, registrations=300)
    hybrid = Registration.objects.filter(event__is_demo=True, event__mode="hybrid")

    assert set(hybrid.values_list("attendance_mode", flat=True)) == {"in_person", "online"}


@pytest.mark.django_db
def test_the_waiting_list_holds_the_latest_registrants(content):
    load(events=6, registrations=120)
    event = sample_events().filter(waitlisted_count__gt=0).first()

    last_confirmed = event.registrations.confirmed().aggregate(last=Max("created_at"))["last"]
    first_waiting = event.registrations.waitlisted().aggregate(first=Min("created_at"))["first"]
    assert event.waitlist_enabled
    assert last_confirmed < first_waiting


@pytest.mark.django_db
def test_no_sample_event_has_more_confirmed_than_seats(content):
    load(members=0, documents=0, events=20, registrations=2000, seed=5)

    assert not sample_events().filter(confirmed_count__gt=F("capacity")).exists()
    assert sample_events().filter(confirmed_count=F("capacity")).exists()


@pytest.mark.django_db
def test_sample_registrations_use_example_addresses_and_happened_before_today(content):
    load(events=6, registrations=200)
    registrations = Registration.objects.filter(event__is_demo=True)
    now = timezone.now()

    assert all(
        email.endswith("@example.org") for email in registrations.values_list("email", flat=True)
    )
    assert not registrations.filter(created_at__gt=now).exists()
    assert not registrations.filter(created_at__gt=F("event__starts_at")).exists()
    assert not registrations.filter(cancelled_at__gt=now).exists()


@pytest.mark.django_db
def test_an_upcoming_sample_event_spans_a_clock_change(content):
    load(events=6, registrations=0)
    online = Event.objects.get(is_demo=True, mode="online")

    assert online.starts_at > timezone.now()
    start_offset = online.starts_at.astimezone(online.zone).utcoffset()
    assert online.ends_at.astimezone(online.zone).utcoffset() != start_offset


@pytest.mark.django_db
def test_sample_event_pages_show_and_say_sample(client, content):
    load(events=6, registrations=60)

    listing = client.get("/en/events/")
    assert listing.status_code == 200
    for event in Event.objects.filter(is_demo=True):
        page = client.get(event.get_absolute_url())
        assert page.status_code == 200
        assert "Sample" in page.content.decode()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_events_and_registrations(content):
    def snapshot():
        return (
            list(
                Event.objects.filter(is_demo=True)
                .order_by("slug")
                .values_list("slug", "title_en", "starts_at", "mode", "capacity")
            ),
            list(
                Registration.objects.filter(event__is_demo=True)
                .order_by("event__slug", "created_at", "email")
                .values_list("event__slug", "email", "status", "language", "created_at")
            ),
        )

    load(members=5, documents=5, events=8, registrations=90, seed=7)
    first = snapshot()
    load(members=5, documents=5, events=8, registrations=90, seed=7)
    assert snapshot() == first
    load(members=5, documents=5, events=8, registrations=90, seed=8)
    assert snapshot() != first


@pytest.mark.django_db
def test_running_again_replaces_sample_events_and_keeps_real_ones(content):
    real_event = EventFactory(slug="real-meeting")
    real_registration = RegistrationFactory(event=real_event, email="real@example.com")

    load(events=6, registrations=120)
    load(events=6, registrations=120)
    load(events=3, registrations=30)

    assert Event.objects.filter(is_demo=True).count() == 3
    assert Registration.objects.filter(event__is_demo=True).count() == 30
    assert Event.objects.filter(is_demo=False).get() == real_event
    assert Registration.objects.filter(event=real_event).get() == real_registration


@pytest.mark.django_db
def test_zero_events_makes_no_registrations(content):
    output = load(members=5, documents=0, events=0, registrations=120)

    assert not Event.objects.filter(is_demo=True).exists()
    assert not Registration.objects.exists()
    assert "0 events, 0 registrations" in output


@pytest.mark.django_db
def test_a_negative_event_count_is_refused(content):
    with pytest.raises(CommandError, match="--events must be zero or more"):
        load(events=-1)
    with pytest.raises(CommandError, match="--registrations must be zero or more"):
        load(registrations=-5)
