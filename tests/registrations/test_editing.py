"""Changing a registration from its private link: only what does not move a seat
(organization, job title, attendance mode of a hybrid event, needs, interpretation), only
while the registration is active and its event not over."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from registrations.models import Event, Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page_text(response):
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    return re.sub(r" ([:.,;])", r"\1", text)


def edit_url(registration, language="en"):
    return f"/{language}/registrations/{registration.token}/edit/"


def changes(**overrides):
    data = {
        "organization": "Frontera Freight",
        "job_title": "Fleet manager",
        "attendance_mode": "online",
        "needs": "Step-free access",
        "interpretation": "on",
        **overrides,
    }
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def hybrid_registration(db):
    return RegistrationFactory(
        event=EventFactory(mode=Event.Mode.HYBRID),
        full_name="Ana García",
        email="ana@example.org",
        organization="Sample Motors",
        job_title="",
        attendance_mode=Registration.AttendanceMode.IN_PERSON,
        needs="",
        interpretation=False,
    )


def test_the_private_page_links_to_the_edit_page(client, hybrid_registration):
    response = client.get(f"/en/registrations/{hybrid_registration.token}/")

    assertContains(response, f'href="{edit_url(hybrid_registration)}"')
    assert "Change my details" in page_text(response)


def test_the_edit_page_shows_the_five_changeable_details_filled_in(client, hybrid_registration):
    response = client.get(edit_url(hybrid_registration))

    assert response.status_code == 200
    content = response.content.decode()
    form = content[content.index("registration-edit-form") :]
    names = set(re.findall(r'<(?:input|select|textarea)\b[^>]*name="(\w+)"', form))
    names -= {"csrfmiddlewaretoken"}
    assert names == {"organization", "job_title", "attendance_mode", "needs", "interpretation"}
    assert 'value="Sample Motors"' in content
    assert re.search(r'<input[^>]*value="in_person"[^>]*checked', content)
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_an_in_person_event_does_not_ask_how_to_attend(client):
    registration = RegistrationFactory(event=EventFactory(mode=Event.Mode.IN_PERSON))

    response = client.get(edit_url(registration))

    assertNotContains(response, 'name="attendance_mode"')


def test_saving_answers_303_to_the_private_page_which_shows_the_change(client, hybrid_registration):
    response = client.post(edit_url(hybrid_registration), changes())

    assert response.status_code == 303
    assert response["Location"] == f"/en/registrations/{hybrid_registration.token}/"
    page = client.get(response["Location"])
    text = page_text(page)
    assert "Your changes are saved." in text
    for shown in ["Frontera Freight", "Fleet manager", "Online", "Step-free access"]:
        assert shown in text
    assert "English–Spanish interpretation requested" in text
    hybrid_registration.refresh_from_db()
    assert (
        hybrid_registration.organization,
        hybrid_registration.job_title,
        hybrid_registration.attendance_mode,
        hybrid_registration.needs,
        hybrid_registration.interpretation,
    ) == ("Frontera Freight", "Fleet manager", "online", "Step-free access", True)


def test_the_edit_page_changes_nothing_else(client, hybrid_registration):
    client.post(
        edit_url(hybrid_registration),
        changes(
            full_name="Someone Else",
            email="other@example.org",
            sector="utility",
            country="US",
            status="cancelled",
        ),
    )

    hybrid_registration.refresh_from_db()
    assert hybrid_registration.full_name == "Ana García"
    assert hybrid_registration.email == "ana@example.org"
    assert hybrid_registration.status == Registration.Status.CONFIRMED


def test_a_waitlisted_registrant_keeps_their_place_when_editing(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    registration = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    client.post(edit_url(registration), changes(attendance_mode=None))

    registration.refresh_from_db()
    assert registration.status == Registration.Status.WAITLISTED
    assert registration.organization == "Frontera Freight"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"organization": ""}, "organization", "This field is required."),
        ({"attendance_mode": None}, "attendance_mode", "This field is required."),
        ({"attendance_mode": "teleport"}, "attendance_mode", "Select a valid choice."),
        ({"needs": "x" * 2001}, "needs", "at most 2000 characters"),
        ({"job_title": "a\x00b"}, "job_title", "Null characters are not allowed."),
    ],
)
def test_invalid_changes_re_render_with_the_error_and_store_nothing(
    client, hybrid_registration, overrides, field, message
):
    response = client.post(edit_url(hybrid_registration), changes(**overrides))

    assert response.status_code == 200
    assert "Please correct the errors below." in page_text(response)
    assert message in page_text(response)
    assertContains(response, f'href="#id_{field}')
    hybrid_registration.refresh_from_db()
    assert hybrid_registration.organization == "Sample Motors"
    assert hybrid_registration.needs == ""


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_cancelled_registration_cannot_be_changed_and_the_page_says_why(client, method):
    registration = RegistrationFactory(
        event=EventFactory(),
        organization="Sample Motors",
        status=Registration.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )

    response = getattr(client, method)(edit_url(registration), changes(attendance_mode=None))

    assert response.status_code == 302
    assert response["Location"] == f"/en/registrations/{registration.token}/"
    page = client.get(response["Location"])
    assert "This registration is cancelled: it can no longer be changed." in page_text(page)
    assertNotContains(page, edit_url(registration))
    registration.refresh_from_db()
    assert registration.organization == "Sample Motors"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_registration_of_an_event_that_is_over_cannot_be_changed(client, method):
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    registration = RegistrationFactory(event=event, organization="Sample Motors")

    response = getattr(client, method)(edit_url(registration), changes(attendance_mode=None))

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "This event is over: its registration can no longer be changed." in page_text(page)
    assertNotContains(page, edit_url(registration))
    registration.refresh_from_db()
    assert registration.organization == "Sample Motors"


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_token_answers_404(client, method):
    response = getattr(client, method)("/en/registrations/not-a-real-token-0123456789/edit/")

    assert response.status_code == 404


def test_the_edit_form_posted_as_a_browser_posts_it_saves(hybrid_registration):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(edit_url(hybrid_registration))
    assert page["Referrer-Policy"] == "same-origin"  # so the browser sends its own Origin
    token = CSRF_TOKEN.search(page.content.decode())[1]

    response = browser.post(
        edit_url(hybrid_registration),
        {**changes(), "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 303
    hybrid_registration.refresh_from_db()
    assert hybrid_registration.organization == "Frontera Freight"


def test_the_edit_page_in_spanish(client, hybrid_registration):
    response = client.get(edit_url(hybrid_registration, "es"))

    text = page_text(response)
    assert "Cambiar su registro" in text
    assert "Organización" in text
    saved = client.post(edit_url(hybrid_registration, "es"), changes())
    assert saved["Location"] == f"/es/registrations/{hybrid_registration.token}/"
    assert "Sus cambios se guardaron." in page_text(client.get(saved["Location"]))
