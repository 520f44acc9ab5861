"""load_demo_data's sample data never contradicts itself where a visitor sees it: a federal
agency sits in its own country, and a webinar is never held in a venue."""

import io

import pytest
from django.core.management import call_command

from registrations.models import Event, Registration
from workinggroups.models import Organization, Sector

pytestmark = pytest.mark.django_db

OWN_COUNTRY = {Sector.GOVERNMENT_US: {"US"}, Sector.GOVERNMENT_MX: {"MX"}}


def load(seed):
    call_command(
        "load_demo_data",
        members=400,
        documents=0,
        events=40,
        registrations=400,
        seed=seed,
        stdout=io.StringIO(),
    )


@pytest.mark.parametrize("seed", [1, 7])
def test_sample_federal_agencies_sit_in_their_own_country(client, content, seed):
    load(seed)

    agencies = Organization.objects.filter(is_demo=True, sector__in=OWN_COUNTRY)
    assert agencies.exists()
    for agency in agencies:
        assert agency.country.code in OWN_COUNTRY[agency.sector], agency.name
    local = Organization.objects.filter(is_demo=True, sector=Sector.GOVERNMENT_STATE_LOCAL)
    assert {organization.country.code for organization in local} <= {"MX", "US"}
    registrants = Registration.objects.filter(event__is_demo=True, sector__in=OWN_COUNTRY)
    assert all(r.country.code in OWN_COUNTRY[r.sector] for r in registrants)


@pytest.mark.parametrize("seed", [1, 7])
def test_a_sample_webinar_is_always_online(client, content, seed):
    load(seed)

    events = Event.objects.filter(is_demo=True)
    for event in events.filter(title_en__contains="webinar"):
        assert event.mode == Event.Mode.ONLINE, event.title_en
        assert event.title_es.startswith("Seminario web")
    in_person = events.exclude(mode=Event.Mode.ONLINE)
    assert in_person.exists()
    for event in in_person:
        assert "webinar" not in event.title_en and "Seminario web" not in event.title_es
        response = client.get(f"/en/events/{event.slug}/")
        assert "webinar" not in response.content.decode()
