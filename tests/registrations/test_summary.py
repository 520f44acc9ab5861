"""An event's registration summary: what coordinators see of who registered."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from registrations.models import Registration
from taskforce.core.roles import COORDINATORS
from tests.factories import EventFactory, RegistrationFactory, account

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
        "<tr><th scope='row'>United States</th><td>1</td><td>33.3 %</td></tr>",
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


def _bars(content, slug):
    """(text, width of the bar) of each bar of a chart, as the SVG draws them."""
    svg = re.search(
        rf'aria-labelledby="chart-{slug}-title[^>]*>(.*?)</svg>', content, re.DOTALL
    ).group(1)
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    widths = re.findall(r'<rect [^>]*width="([^"]+)"[^>]*fill="#0b5d3b"', svg)
    tracks = re.findall(r'<rect [^>]*width="100%"[^>]*fill="#e3e7eb"', svg)
    assert len(texts) == len(widths) == len(tracks), svg
    return list(zip(texts, widths, strict=True))


def test_each_bar_is_its_share_of_the_total_with_the_number_and_percentage_written(
    coordinator_client, event
):
    register_sample(event)  # statuses: 2 confirmed, 1 waitlisted, 1 cancelled

    content = coordinator_client.get(summary_url(event)).content.decode()

    # Half the registrations fill half the track, not all of it.
    assert _bars(content, "status") == [
        ("Confirmed: 2 (50.0 %)", "50.00%"),
        ("On the waiting list: 1 (25.0 %)", "25.00%"),
        ("Cancelled: 1 (25.0 %)", "25.00%"),
    ]
    assert _bars(content, "attendance") == [("In person: 3 (100.0 %)", "100.00%")]
    assert _bars(content, "sector") == [
        ("Vehicle manufacturer (OEM): 2 (66.7 %)", "66.67%"),
        ("Parts supplier: 1 (33.3 %)", "33.33%"),
    ]


def test_a_bar_of_one_among_many_still_shows_and_a_zero_does_not(coordinator_client, event):
    RegistrationFactory.create_batch(300, event=event, sector="oem")
    RegistrationFactory(event=event, sector="academia")

    content = coordinator_client.get(summary_url(event)).content.decode()

    sectors = dict(_bars(content, "sector"))
    assert sectors["Vehicle manufacturer (OEM): 300 (99.7 %)"] == "99.67%"
    assert sectors["Academia and research: 1 (0.3 %)"] == "0.50%"
    assert dict(_bars(content, "status"))["On the waiting list: 0 (0.0 %)"] == "0.00%"


# --- The way there: the public event page ----------------------------------------------

COORDINATOR_LINKS = ("/summary/", "/registrants.csv", "/registrants.xlsx")


def _coordinator_links(response, event):
    return [
        link
        for link in COORDINATOR_LINKS
        if f'href="/en/events/{event.slug}{link}"' in response.content.decode()
    ]


def test_the_event_page_offers_a_coordinator_the_summary_and_both_exports(
    coordinator_client, event
):
    response = coordinator_client.get(event.get_absolute_url())

    assert _coordinator_links(response, event) == list(COORDINATOR_LINKS)
    assertContains(response, "For coordinators")
    assert "X-Cache" not in response  # a signed-in page: neither served from nor stored


def test_the_event_page_offers_no_such_links_to_others(client, django_user_model, event):
    assert _coordinator_links(client.get(event.get_absolute_url()), event) == []
    client.force_login(django_user_model.objects.create_user("participant"))
    assert _coordinator_links(client.get(event.get_absolute_url()), event) == []


def test_an_anonymous_visitor_never_gets_the_coordinators_page_from_the_cache(
    coordinator_client, event
):
    url = event.get_absolute_url()
    anonymous = Client()
    before = anonymous.get(url)
    coordinators_page = coordinator_client.get(url)
    after = [anonymous.get(url), Client().get(url)]

    assert before["X-Cache"] == "miss"
    assert _coordinator_links(coordinators_page, event) == list(COORDINATOR_LINKS)
    for response in after:
        assert response["X-Cache"] == "hit"
        assert _coordinator_links(response, event) == []


def test_a_coordinators_visit_first_stores_nothing_for_the_public(coordinator_client, event):
    url = event.get_absolute_url()
    coordinator_client.get(url)

    first, second = Client().get(url), Client().get(url)

    assert first["X-Cache"] == "miss"  # the coordinator's page was not stored
    assert second["X-Cache"] == "hit"
    assert _coordinator_links(first, event) == _coordinator_links(second, event) == []


def test_the_coordinators_links_are_in_spanish_on_the_spanish_page(coordinator_client, event):
    response = coordinator_client.get(f"/es/events/{event.slug}/")

    assertContains(response, "Para la coordinación")
    assertContains(response, f'href="/es/events/{event.slug}/summary/"')


def test_the_admin_link_shows_only_to_coordinators_who_may_use_the_admin(
    coordinator_client, client, event
):
    admin_link = "/admin/registrations/registration/?event__id__exact="
    assertContains(coordinator_client.get(summary_url(event)), admin_link)

    not_staff = account("coordinadora@example.org")
    not_staff.groups.add(Group.objects.get(name=COORDINATORS))
    client.force_login(not_staff)
    response = client.get(summary_url(event))
    assertContains(response, f"/en/events/{event.slug}/registrants.csv")
    assertNotContains(response, admin_link)


# --- Who came ---------------------------------------------------------------------------


def presence_figures(response):
    text = response.content.decode()
    return {
        name: re.search(rf'class="col-sm-8 presence-{name}">([^<]*)<', text).group(1).strip()
        for name in ("attended", "absent", "online")
    }


def test_the_summary_counts_who_attended_was_absent_and_joined_online_by_sector_and_country(
    coordinator_client,
):
    now = timezone.now()
    event = EventFactory(
        mode="hybrid",
        starts_at=now - datetime.timedelta(hours=3),
        ends_at=now - datetime.timedelta(hours=1),
    )
    RegistrationFactory(event=event, sector="oem", country="MX", attended=True, checked_in_at=now)
    RegistrationFactory(
        event=event, sector="utility", country="US", attended=True, joined_online_at=now
    )
    RegistrationFactory.create_batch(2, event=event, sector="oem", country="US")
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    response = coordinator_client.get(summary_url(event))

    assert presence_figures(response) == {"attended": "2", "absent": "2", "online": "1"}
    text = response.content.decode()
    by_sector = text[text.index("By sector") :].split("</table>")[0]
    assert re.search(r"OEM.*?</th><td>1</td>\s*<td>2</td><td>0</td>", by_sector, re.S)
    by_country = text[text.index("By country") :].split("</table>")[0]
    assert re.search(r"United States.*?</th><td>1</td>\s*<td>2</td><td>1</td>", by_country, re.S)


def test_before_the_event_ends_nobody_is_counted_absent(coordinator_client, event):
    RegistrationFactory(event=event)

    figures = presence_figures(coordinator_client.get(summary_url(event)))

    assert figures["absent"] == "known once the event has ended"
    assert figures["attended"] == figures["online"] == "0"
