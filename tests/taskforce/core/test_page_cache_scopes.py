"""A cached page is answered early with the headers of a fresh one, and a registration
renews only the pages that show its event's seats.

What a visitor would notice if this went wrong: a cached page without its security policy
or in the wrong language, a seat count that lags behind, or (at the moment of a
registration rush) the whole site rendered again for every visitor.
"""

import gzip
import time

import pytest
from django.test import Client

from registrations import services
from registrations.models import AccessRecord, Message, MessageRecipient, Registration
from tests.factories import EventFactory, RegistrationFactory, ThemeFactory
from tests.support.forms import CSRF_TOKEN, registration_form_data

pytestmark = pytest.mark.django_db

# Headers that differ between any two responses of the same page.
PER_RESPONSE_HEADERS = {"x-cache", "content-length"}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """The changes made inside it as if committed: the page cache renews an event's pages
    when a registration's transaction commits, not before."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def event(content):
    return EventFactory(capacity=3, title_en="Grid readiness workshop")


def _pages(event, content):
    theme = next(iter(content.themes))
    group = next(iter(content.groups))
    pages = []
    for language in ("en", "es"):
        pages += [
            f"/{language}/",
            f"/{language}/themes/",
            f"/{language}/themes/{theme}/",
            f"/{language}/working-groups/{group}/",
            f"/{language}/documents/",
            f"/{language}/events/",
            f"/{language}/events/{event.slug}/",
            f"/{language}/events/{event.slug}/register/",
            f"/{language}/events/{event.slug}/calendar.ics",
        ]
    return [*pages, "/sitemap.xml", "/robots.txt"]


def _headers(response):
    return {
        name.lower(): value
        for name, value in response.items()
        if name.lower() not in PER_RESPONSE_HEADERS
    }


@pytest.mark.parametrize("encoding", ["gzip, deflate, br", ""])
def test_a_hit_carries_the_headers_of_a_miss(content, event, encoding):
    """Security headers, CSP, Content-Language, Vary and the CSRF cookie, in both languages."""
    for url in _pages(event, content):
        miss = Client().get(url, HTTP_ACCEPT_ENCODING=encoding)
        hit = Client().get(url, HTTP_ACCEPT_ENCODING=encoding)

        assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit"), url
        assert _headers(hit) == _headers(miss), url
        assert "Content-Security-Policy" in hit and "X-Frame-Options" in hit, url
        assert int(hit["Content-Length"]) == len(hit.content), url
        assert sorted(hit.cookies) == sorted(miss.cookies), url
    assert Client().get("/es/themes/")["Content-Language"] == "es"


def test_a_hit_keeps_the_visitors_own_csrf_cookie(content, event):
    url = f"/en/events/{event.slug}/register/"
    client = Client(enforce_csrf_checks=True)
    first = client.get(url)

    again = client.get(url)

    assert again["X-Cache"] == "hit"
    # The visitor already holds a valid token cookie: it is kept (sent again, as Django
    # does for every page with a form, with the same value).
    assert again.cookies["csrftoken"].value == first.cookies["csrftoken"].value


def _warm(*urls):
    for url in urls:
        Client().get(url)


def _x_cache(url):
    return Client().get(url)["X-Cache"]


def test_a_registration_renews_only_its_event_pages(content, event, commit):
    other = EventFactory(capacity=10)
    theme = next(iter(content.themes))
    kept = [
        "/en/themes/",
        f"/es/themes/{theme}/",
        "/en/documents/",
        "/en/members/",
        f"/en/events/{other.slug}/",
        f"/en/events/{other.slug}/register/",
    ]
    renewed = [
        f"/en/events/{event.slug}/",
        f"/es/events/{event.slug}/",
        f"/en/events/{event.slug}/register/",
        f"/en/events/{event.slug}/calendar.ics",
    ]
    _warm(*kept, *renewed)
    assert b"3 seats left" in Client().get(f"/en/events/{event.slug}/").content

    with commit():
        RegistrationFactory(event=event)

    assert [_x_cache(url) for url in kept] == ["hit"] * len(kept)
    page = Client().get(f"/en/events/{event.slug}/")
    assert page["X-Cache"] == "miss"
    assert b"2 seats left" in page.content
    assert [_x_cache(url) for url in renewed[1:]] == ["miss"] * (len(renewed) - 1)


def test_a_registration_posted_through_the_form_keeps_the_rest_cached(content, event, commit):
    _warm("/en/themes/", f"/en/events/{event.slug}/")

    with commit():
        response = Client().post(
            f"/en/events/{event.slug}/register/",
            registration_form_data(attendance_mode="in_person"),
        )

    assert response.status_code == 303
    assert _x_cache("/en/themes/") == "hit"
    assert b"2 seats left" in Client().get(f"/en/events/{event.slug}/").content


def test_a_cancellation_renews_its_event_pages_only(content, event, commit):
    registration = RegistrationFactory(event=event)
    _warm("/en/themes/", f"/en/events/{event.slug}/")

    with commit():
        services.registration_cancel(registration=registration)

    assert _x_cache("/en/themes/") == "hit"
    page = Client().get(f"/en/events/{event.slug}/")
    assert page["X-Cache"] == "miss"
    assert b"3 seats left" in page.content


def test_a_change_that_moves_no_seat_renews_nothing(content, event, commit):
    registration = RegistrationFactory(event=event)
    _warm(f"/en/events/{event.slug}/")

    with commit():
        services.registration_update(registration=registration, data={"job_title": "Engineer"})

    assert _x_cache(f"/en/events/{event.slug}/") == "hit"


def test_what_coordinators_do_with_registrants_renews_no_public_page(
    content, event, django_user_model, commit
):
    """Check-ins, messages and the record of who saw registrants' data are written during
    a meeting, when people read the site: they must not render it all anew."""
    registration = RegistrationFactory(event=event)
    coordinator = django_user_model.objects.create_user("coordinator", "c@example.org")
    _warm("/en/themes/", f"/en/events/{event.slug}/")

    with commit():
        message = Message.objects.create(
            event=event, audience="confirmed", subject_en="Agenda", body_en="Hello {name}"
        )
        MessageRecipient.objects.create(message=message, registration=registration)
        AccessRecord.objects.create(
            user=coordinator, action="check_in", event=event, registration=registration
        )

    assert _x_cache("/en/themes/") == "hit"
    assert _x_cache(f"/en/events/{event.slug}/") == "hit"


def test_editing_content_still_renews_every_page(content, event):
    _warm("/en/themes/", f"/en/events/{event.slug}/")

    event.title_en = "Grid readiness workshop, second day"
    event.save()

    assert _x_cache("/en/themes/") == "miss"
    assert b"second day" in Client().get(f"/en/events/{event.slug}/").content
    ThemeFactory()
    assert _x_cache(f"/en/events/{event.slug}/") == "miss"


def test_pages_listing_many_events_seats_are_kept_a_few_seconds(
    content, event, settings, monkeypatch
):
    settings.PAGE_CACHE_SEATS_SECONDS = 5
    group = next(iter(content.groups))
    listing = ["/en/", "/es/events/", f"/en/working-groups/{group}/"]
    _warm(*listing, "/en/themes/")
    assert [_x_cache(url) for url in listing] == ["hit"] * len(listing)

    Registration.objects.create(event=event, full_name="Ana", email="ana@example.org")
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 6)

    assert [_x_cache(url) for url in listing] == ["miss"] * len(listing)
    assert _x_cache("/en/themes/") == "hit"


def test_a_cached_form_travels_gzipped_with_the_visitors_own_token(content, event):
    url = f"/en/events/{event.slug}/register/"
    Client().get(url)
    client = Client(enforce_csrf_checks=True)

    hit = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert (hit["X-Cache"], hit["Content-Encoding"]) == ("hit", "gzip")
    html = gzip.decompress(hit.content).decode()
    token = CSRF_TOKEN.search(html)[1]
    assert html.count(token) == 1
    data = {**registration_form_data(attendance_mode="in_person"), "csrfmiddlewaretoken": token}
    assert client.post(url, data).status_code == 303


def test_deleting_a_registration_renews_every_page_as_before(content, event):
    """Only the admin deletes registrations (or their event is deleted): rare enough."""
    registration = RegistrationFactory(event=event)
    _warm("/en/themes/")

    registration.delete()

    assert _x_cache("/en/themes/") == "miss"
