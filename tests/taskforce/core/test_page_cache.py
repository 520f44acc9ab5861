"""Anonymous visitors' public pages come from the cache until the content changes.

What a visitor would notice if this went wrong: an edit that does not show, a page in the
wrong language, someone else's form or messages, or a signed-in coordinator's page shown
to the public. Each is checked here with the test client, on the real middleware.
"""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import Client

from taskforce.core.pagecache import CACHED_VIEWS, PublicPageCacheMiddleware
from taskforce.core.pagestore import freeze
from tests.factories import EventFactory, RegistrationFactory, ThemeFactory
from tests.support.forms import registration_form_data

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REGISTRATION = registration_form_data(attendance_mode="in_person")


def test_the_second_anonymous_visit_is_served_from_the_cache(client, content):
    first = client.get("/en/themes/")
    second = client.get("/en/themes/")

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "en"
    # The same headers as a freshly rendered page.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_a_cached_page_needs_no_query(client, content, django_assert_num_queries):
    client.get("/en/working-groups/public-transport/")

    with django_assert_num_queries(0):
        response = client.get("/en/working-groups/public-transport/")

    assert response.status_code == 200


def test_each_language_has_its_own_copy(client, content):
    client.get("/en/themes/")
    client.get("/es/themes/")

    english = client.get("/en/themes/")
    spanish = client.get("/es/themes/")

    assert english["X-Cache"] == spanish["X-Cache"] == "hit"
    assert b'lang="en"' in english.content
    assert b'lang="es"' in spanish.content


def test_each_query_has_its_own_copy(client, content):
    client.get("/en/search/?q=hydrogen")

    response = client.get("/en/search/?q=charging")

    assert response["X-Cache"] == "miss"


def test_each_host_has_its_own_copy_since_pages_carry_absolute_links(client, content, settings):
    settings.ALLOWED_HOSTS = ["zev.example.org", "www.zev.example.org"]
    client.get("/en/themes/", HTTP_HOST="zev.example.org")

    response = client.get("/en/themes/", HTTP_HOST="www.zev.example.org")

    assert response["X-Cache"] == "miss"
    assert b'href="http://www.zev.example.org/en/themes/"' in response.content


def test_an_edit_shows_at_once(client, content):
    theme = content.themes["infrastructure"]
    client.get("/en/themes/")

    theme.name_en = "Charging infrastructure and the grid"
    theme.save()
    response = client.get("/en/themes/")

    assert response["X-Cache"] == "miss"
    assert b"Charging infrastructure and the grid" in response.content


def test_new_and_deleted_content_shows_at_once(client, content):
    client.get("/en/themes/")

    theme = ThemeFactory(name_en="Battery recycling")
    assert b"Battery recycling" in client.get("/en/themes/").content

    theme.delete()
    assert b"Battery recycling" not in client.get("/en/themes/").content


def test_seats_left_follow_registrations(client, content, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=3, title_en="Grid readiness workshop")
    url = f"/en/events/{event.slug}/"
    before = client.get(url)

    # The event's pages are renewed when the registration's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        RegistrationFactory(event=event)
    after = client.get(url)

    assert after["X-Cache"] == "miss"
    assert before.content != after.content


def test_signed_in_people_always_get_a_fresh_page_and_never_fill_the_cache(client, content, editor):
    signed_in = Client()
    signed_in.force_login(editor)

    assert "X-Cache" not in signed_in.get("/en/themes/")
    assert "X-Cache" not in signed_in.get("/en/themes/")
    assert client.get("/en/themes/")["X-Cache"] == "miss"


def test_the_registration_form_is_cached_but_each_visitor_gets_their_own_token(content):
    event = EventFactory(capacity=10)
    url = f"/en/events/{event.slug}/register/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    first_page = first.get(url)
    second_page = second.get(url)

    assert first_page["X-Cache"] == "miss" and second_page["X-Cache"] == "hit"
    tokens = [CSRF_TOKEN.search(page.content.decode())[1] for page in (first_page, second_page)]
    assert tokens[0] != tokens[1]
    assert second_page.cookies["csrftoken"].value != first_page.cookies["csrftoken"].value
    assert "Cookie" in second_page["Vary"]
    # Each token works with its own cookie, and only with it.
    response = second.post(url, {**REGISTRATION, "csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 303
    foreign = first.post(
        url, {**REGISTRATION, "email": "other@example.org", "csrfmiddlewaretoken": tokens[1]}
    )
    assert foreign.status_code == 403


def test_a_cached_form_with_its_errors_is_never_served(client, content):
    event = EventFactory(capacity=10)
    url = f"/en/events/{event.slug}/register/"
    client.get(url)

    errors = client.post(url, {})
    page = Client().get(url)

    assert "X-Cache" not in errors
    assert b"is-invalid" in errors.content
    assert b"is-invalid" not in page.content


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_visitor_with_a_session_or_waiting_messages_gets_a_fresh_page(client, content, cookie):
    client.get("/en/themes/")
    client.cookies[cookie] = "something-of-theirs"

    response = client.get("/en/themes/")

    assert response.status_code == 200
    assert "X-Cache" not in response


def test_the_admin_accounts_and_registrants_pages_are_not_in_the_cacheable_list():
    assert all(not name.startswith(("admin", "account", "mfa")) for name in CACHED_VIEWS)
    assert "registrations:registration_detail" not in CACHED_VIEWS
    assert "registrations:registration_cancel" not in CACHED_VIEWS
    assert "registrations:export_csv" not in CACHED_VIEWS


def test_the_cache_can_be_turned_off(client, content, settings):
    settings.PAGE_CACHE_SECONDS = 0

    client.get("/en/themes/")
    response = client.get("/en/themes/")

    assert "X-Cache" not in response


def test_pages_travel_compressed_fresh_or_cached(client, content):
    fresh = client.get("/en/themes/", HTTP_ACCEPT_ENCODING="gzip")
    cached = client.get("/en/themes/", HTTP_ACCEPT_ENCODING="gzip")

    for response in (fresh, cached):
        assert response["Content-Encoding"] == "gzip"
        assert b'lang="en"' in gzip.decompress(response.content)
    assert "Accept-Encoding" in cached["Vary"]


@pytest.mark.parametrize(
    "what",
    ["session read", "own cookie", "vary on cookie", "private", "not found", "token left"],
)
def test_a_page_that_became_personal_is_never_stored(rf, what):
    """What the middleware refuses to keep, whichever page it comes from."""
    request = rf.get("/en/themes/")
    request.session = SessionStore()
    response = HttpResponse("<html>page</html>")
    if what == "session read":
        request.session.get("anything")
    elif what == "own cookie":
        response.set_cookie("sessionid", "theirs")
    elif what == "vary on cookie":
        response["Vary"] = "Cookie"
    elif what == "private":
        response["Cache-Control"] = "private"
    elif what == "not found":
        response.status_code = 404
    elif what == "token left":
        # A token used outside the form field, where it cannot be taken out.
        response.set_cookie(settings.CSRF_COOKIE_NAME, "secret")
        response.content = b'<meta name="csrf" content="abc"><input value="abc">'

    stored = PublicPageCacheMiddleware._storable(request, response) and (
        freeze(response) is not None
    )

    assert not stored


def test_made_up_queries_are_rendered_but_never_stored(client, content):
    client.get("/en/themes/?x=1")

    response = client.get("/en/themes/?x=1")

    assert response.status_code == 200
    assert "X-Cache" not in response
    assert client.get("/en/documents/?kind=report&page=1")["X-Cache"] == "miss"


def test_unpublishing_from_the_admin_takes_a_document_off_at_once(client, content, editor_client):
    document = content.documents["task-force-concept-note"]
    url = document.get_absolute_url()
    assert client.get(url).status_code == 200

    editor_client.post(
        "/admin/documents/document/",
        {"action": "unpublish", "_selected_action": [document.pk]},
    )

    assert client.get(url).status_code == 404


def test_the_sitemap_keeps_its_robots_header_when_cached(client, content):
    fresh = client.get("/sitemap.xml")
    cached = client.get("/sitemap.xml")

    assert cached["X-Cache"] == "hit"
    assert cached["X-Robots-Tag"] == fresh["X-Robots-Tag"]


def test_a_change_is_shown_after_its_transaction_commits(
    client, content, django_capture_on_commit_callbacks
):
    client.get("/en/themes/")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ThemeFactory(name_en="Hydrogen corridors")

    assert callbacks  # the cache is renewed once more after the commit
    assert b"Hydrogen corridors" in client.get("/en/themes/").content
