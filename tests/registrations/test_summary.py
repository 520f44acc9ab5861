"""An event's registration summary: what coordinators see of who registered."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from registrations.models import Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def summary_url(event, language="en"):
    return f"/{language}/events/{event.slug}/summary/"


def register_sample(event, times=1):
    """Per unit: two confirmed (OEM, Mexico), one waitlisted (supplier, United States,
    wanting interpretation) and one cancelled."""
    for _unit in range(times):
        RegistrationFactory.create_batch(2, event=event, sector="oem", country="MX")
        RegistrationFactory(
            event=event,
            sector="supplier",
            country="US",
            interpretation=True,
            status=Registration.Status.WAITLISTED,
        )
        RegistrationFactory(event=event, status=Registration.Status.CANCELLED)


def test_anonymous_visitors_are_sent_to_the_login_page(client, event):
    response = client.get(summary_url(event))

    assertRedirects(
        response,
        f"/en/accounts/login/?next={summary_url(event)}",
        fetch_redirect_response=False,
    )


def test_a_user_who_may_not_view_registrations_is_refused(client, django_user_model, event):
    client.force_login(django_user_model.objects.create_user("visitor", is_staff=True))

    assert client.get(summary_url(event)).status_code == 403


def test_a_coordinator_sees_the_counts_by_status_sector_country_and_interpretation(
    coordinator_client, event
):
    register_sample(event)

    response = coordinator_client.get(summary_url(event))

    assert response.status_code == 200
    assertContains(response, "<dt class='col-sm-4'>Registrations</dt>", html=True)
    rows = {
        # status: all four registrations
        "<tr><th scope='row'>Confirmed</th><td>2</td><td>50.0 %</td></tr>",
        "<tr><th scope='row'>On the waiting list</th><td>1</td><td>25.0 %</td></tr>",
        "<tr><th scope='row'>Cancelled</th><td>1</td><td>25.0 %</td></tr>",
        # the others: the three active ones
        "<tr><th scope='row'>Vehicle manufacturer (OEM)</th><td>2</td><td>66.7 %</td></tr>",
        "<tr><th scope='row'>Parts supplier</th><td>1</td><td>33.3 %</td></tr>",
        "<tr><th scope='row'>Mexico</th><td>2</td><td>66.7 %</td></tr>",
        "<tr><th scope='row'>United States of America</th><td>1</td><td>33.3 %</td></tr>",
        "<tr><th scope='row'>In person</th><td>3</td><td>100.0 %</td></tr>",
        "<tr><th scope='row'>Yes</th><td>1</td><td>33.3 %</td></tr>",
    }
    for row in rows:
        assertContains(response, row, html=True)
    assertContains(response, "2 of 30 seats")


def test_the_charts_are_svg_images_with_a_title_and_no_inline_style_or_script(
    coordinator_client, event
):
    register_sample(event)

    content = coordinator_client.get(summary_url(event)).content.decode()

    assert content.count('role="img"') == 5
    assert '<title id="chart-sector-title">Active registrations by sector</title>' in content
    # The longest bar spans the chart; the others in proportion.
    assert 'width="100.00%"' in content
    assert 'width="50.00%"' in content
    assert "style=" not in content
    assert not re.search(r"<script(?![^>]*\bsrc=)", content), "inline script"


def test_export_links_show_only_to_those_who_may_export(
    coordinator_client, client, django_user_model, event
):
    csv_url = f"/en/events/{event.slug}/registrants.csv"
    assertContains(coordinator_client.get(summary_url(event)), csv_url)

    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(viewer)
    response = client.get(summary_url(event))
    assert response.status_code == 200
    assertNotContains(response, csv_url)


def test_an_unpublished_event_has_a_summary_and_an_unknown_one_is_not_found(
    coordinator_client,
):
    draft = EventFactory(is_published=False, title_en="Closed-door session")

    assertContains(coordinator_client.get(summary_url(draft)), "Closed-door session")
    assert coordinator_client.get("/en/events/no-such-event/summary/").status_code == 404


def test_an_event_without_registrations_says_so(coordinator_client, event):
    response = coordinator_client.get(summary_url(event))

    assertContains(response, "None yet.", count=5)


def test_the_summary_is_in_spanish_on_the_spanish_site(coordinator_client, event):
    register_sample(event)

    response = coordinator_client.get(summary_url(event, "es"))

    assertContains(response, '<html lang="es">')
    assertContains(response, "<th scope='row'>México</th>", html=True)


def test_the_summary_takes_the_same_few_queries_however_many_registered(coordinator_client, event):
    register_sample(event)
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(summary_url(event))
    register_sample(event, times=20)
    RegistrationFactory.create_batch(5, event=event, country="CA", sector="academia")

    with CaptureQueriesContext(connection) as many:
        response = coordinator_client.get(summary_url(event))

    assertContains(response, "<th scope='row'>Canada</th>", html=True)
    assert len(many) == len(few) <= MAX_QUERIES
