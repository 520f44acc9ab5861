"""The registrant's own page (reached by its secret link) and cancelling from it: the
confirmation step, the freed seat going to the oldest waitlisted registration, and the
cases where nothing should happen."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from registrations.models import Registration
from taskforce.core.csrf import csrf_failure
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def page_text(response):
    """What a reader sees: the page without tags, spaces collapsed."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    return re.sub(r" ([:.,;])", r"\1", text)


@pytest.fixture
def cancel(client, django_capture_on_commit_callbacks):
    """POST the cancel form of a registration; emails queued for after the commit go out."""

    def post(registration, language="en"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/{language}/registrations/{registration.token}/cancel/")

    return post


def queue(event, *emails, start=None):
    """Waitlisted registrations in the order they came in, a minute apart."""
    start = start or timezone.now() - datetime.timedelta(hours=1)
    return [
        RegistrationFactory(
            event=event,
            email=email,
            status=Registration.Status.WAITLISTED,
            created_at=start + datetime.timedelta(minutes=number),
        )
        for number, email in enumerate(emails)
    ]


def refreshed(*registrations):
    for registration in registrations:
        registration.refresh_from_db()
    return registrations


# --- The registrant's page ---------------------------------------------------------------


def test_the_registrants_page_shows_the_details_and_the_status(client, event):
    registration = RegistrationFactory(
        event=event,
        full_name="Ana García",
        email="ana@example.org",
        organization="Sample Motors",
        job_title="Supply chain lead",
        needs="Vegetarian meal",
        interpretation=True,
    )

    response = client.get(f"/en/registrations/{registration.token}/")

    assert response.status_code == 200
    text = page_text(response)
    for shown in [
        event.title_en,
        "Ana García",
        "ana@example.org",
        "Sample Motors",
        "Supply chain lead",
        "Vegetarian meal",
        "your registration is confirmed",
    ]:
        assert shown in text


def test_the_registrants_page_links_to_the_calendar_file_and_to_cancelling(client, event):
    registration = RegistrationFactory(event=event)

    response = client.get(f"/en/registrations/{registration.token}/")

    assertContains(response, f'href="/en/events/{event.slug}/calendar.ics"')
    assertContains(response, f'href="/en/registrations/{registration.token}/cancel/"')


def test_the_registrants_page_of_a_waitlisted_registration_says_so(client, event):
    registration = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    response = client.get(f"/en/registrations/{registration.token}/")

    assert "waiting list" in page_text(response)


def test_the_registrants_page_is_kept_out_of_caches_and_search_engines(client, event):
    registration = RegistrationFactory(event=event)

    response = client.get(f"/en/registrations/{registration.token}/")

    assert "no-store" in response["Cache-Control"]
    assertContains(response, '<meta name="robots" content="noindex">', html=True)


@pytest.mark.parametrize("path", ["/en/registrations/{}/", "/en/registrations/{}/cancel/"])
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "token",
    [
        "not-a-real-token-0123456789abcdef",
        # A NUL character cannot even be looked up on PostgreSQL: it must still be a 404.
        "%00",
        "abc%00def",
        "%C3%B1and%C3%BA",
    ],
)
def test_an_unknown_token_answers_404(client, event, path, method, token):
    RegistrationFactory(event=event)

    response = getattr(client, method)(path.format(token))

    assert response.status_code == 404


# --- Cancelling ---------------------------------------------------------------------------


def test_cancelling_first_asks_for_confirmation_and_changes_nothing(client, event, outbox):
    registration = RegistrationFactory(event=event, full_name="Ana García")

    response = client.get(f"/en/registrations/{registration.token}/cancel/")

    assert response.status_code == 200
    assert "Cancel your registration?" in page_text(response)
    assert re.search(
        rf'<form\b[^>]*method="post"[^>]*action="/en/registrations/{registration.token}/cancel/"',
        response.content.decode(),
    )
    assertContains(response, "csrfmiddlewaretoken")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert outbox == []


def test_cancelling_marks_the_registration_cancelled_and_shows_it(client, cancel, event, outbox):
    registration = RegistrationFactory(event=event, email="ana@example.org")

    response = cancel(registration)

    assert response.status_code == 303
    assert response["Location"] == f"/en/registrations/{registration.token}/"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert registration.cancelled_at is not None
    page = client.get(response["Location"])
    assert "This registration is cancelled." in page_text(page)
    assertNotContains(page, f"/registrations/{registration.token}/cancel/")
    assert [message.to for message in outbox] == [["ana@example.org"]]


def test_cancelling_frees_a_seat(client, cancel):
    event = EventFactory(capacity=3)
    registration, _other = RegistrationFactory.create_batch(2, event=event)
    assert "1 seat left" in page_text(client.get(f"/en/events/{event.slug}/"))

    cancel(registration)

    assert "2 seats left" in page_text(client.get(f"/en/events/{event.slug}/"))


def test_cancelling_a_confirmed_registration_promotes_the_oldest_waitlisted(cancel, outbox):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event, email="seat@example.org")
    start = timezone.now() - datetime.timedelta(hours=2)
    # Created first (lower id) but registered later: the queue goes by time, not by id.
    later = RegistrationFactory(
        event=event,
        email="later@example.org",
        status=Registration.Status.WAITLISTED,
        created_at=start + datetime.timedelta(minutes=30),
    )
    oldest = RegistrationFactory(
        event=event,
        email="oldest@example.org",
        status=Registration.Status.WAITLISTED,
        created_at=start,
    )

    cancel(confirmed)

    refreshed(confirmed, later, oldest)
    assert confirmed.status == Registration.Status.CANCELLED
    assert oldest.status == Registration.Status.CONFIRMED
    assert later.status == Registration.Status.WAITLISTED
    assert event.registrations.confirmed().count() == 1
    promoted_emails = [message for message in outbox if message.to == ["oldest@example.org"]]
    assert len(promoted_emails) == 1
    assert "confirmed" in promoted_emails[0].body
    assert not [message for message in outbox if message.to == ["later@example.org"]]


def test_the_promoted_registrant_sees_their_seat_on_their_page(client, cancel):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event)
    (waiting,) = queue(event, "waiting@example.org")

    cancel(confirmed)

    page = client.get(f"/en/registrations/{waiting.token}/")
    assert "your registration is confirmed" in page_text(page)


def test_cancelling_a_waitlisted_registration_promotes_nobody(cancel, outbox):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event)
    first, second = queue(event, "first@example.org", "second@example.org")

    cancel(first)

    refreshed(confirmed, first, second)
    assert confirmed.status == Registration.Status.CONFIRMED
    assert first.status == Registration.Status.CANCELLED
    assert second.status == Registration.Status.WAITLISTED
    assert [message.to for message in outbox] == [["first@example.org"]]


def test_cancelling_twice_is_harmless(client, cancel, outbox):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event)
    first, second = queue(event, "first@example.org", "second@example.org")
    cancel(confirmed)
    emails_after_the_first = len(outbox)

    again = cancel(confirmed)

    assert again.status_code in (302, 303)
    assert again["Location"] == f"/en/registrations/{confirmed.token}/"
    refreshed(confirmed, first, second)
    assert confirmed.status == Registration.Status.CANCELLED
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITLISTED
    assert len(outbox) == emails_after_the_first
    assert client.get(f"/en/registrations/{confirmed.token}/cancel/").status_code in (200, 302)


def test_cancelling_when_the_waiting_list_is_empty_just_frees_the_seat(cancel, outbox):
    event = EventFactory(capacity=2)
    confirmed, other = RegistrationFactory.create_batch(2, event=event)

    cancel(confirmed)

    assert event.registrations.confirmed().get() == other
    assert len(outbox) == 1


def install_promotion_failure():
    """Make the database refuse any waitlisted → confirmed change, as a crash half-way
    through a cancellation would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                CREATE FUNCTION refuse_promotion() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'promotion refused by the test'; END;
                $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse_promotion BEFORE UPDATE ON registrations_registration
                FOR EACH ROW WHEN (OLD.status = 'waitlisted' AND NEW.status = 'confirmed')
                EXECUTE FUNCTION refuse_promotion();
                """
            )
        else:
            cursor.execute(
                """
                CREATE TRIGGER refuse_promotion BEFORE UPDATE ON registrations_registration
                FOR EACH ROW WHEN OLD.status = 'waitlisted' AND NEW.status = 'confirmed'
                BEGIN SELECT RAISE(ABORT, 'promotion refused by the test'); END;
                """
            )


def test_a_cancellation_and_its_promotion_happen_in_one_transaction(client, outbox):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event)
    (waiting,) = queue(event, "waiting@example.org")
    install_promotion_failure()

    with pytest.raises(DatabaseError):
        client.post(f"/en/registrations/{confirmed.token}/cancel/")

    # The promotion failed, so the cancellation did not happen either: no seat is lost.
    refreshed(confirmed, waiting)
    assert confirmed.status == Registration.Status.CONFIRMED
    assert waiting.status == Registration.Status.WAITLISTED
    assert outbox == []


# --- Cancelling from a real browser's request ---------------------------------------------

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def browser_origin(page):
    """The Origin header a browser sends with a form posted from `page`: under a
    `no-referrer` policy Chromium and Firefox send `Origin: null`; otherwise the page's
    own origin."""
    return "null" if page["Referrer-Policy"] == "no-referrer" else "http://testserver"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_cancel_form_posted_as_a_browser_posts_it_cancels(language, outbox):
    registration = RegistrationFactory(event=EventFactory())
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(f"/{language}/registrations/{registration.token}/cancel/")
    token = CSRF_TOKEN.search(page.content.decode())[1]

    response = browser.post(
        f"/{language}/registrations/{registration.token}/cancel/",
        {"csrfmiddlewaretoken": token},
        HTTP_ORIGIN=browser_origin(page),
    )

    assert response.status_code == 303
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


@pytest.mark.parametrize("path", ["/en/registrations/{}/", "/en/registrations/{}/cancel/"])
def test_the_private_pages_send_referrers_to_the_site_only_and_stay_private(client, path):
    registration = RegistrationFactory(event=EventFactory())

    response = client.get(path.format(registration.token))

    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(
    ("language", "heading", "back"),
    [
        ("en", "Your form could not be sent", "Open the form again"),
        ("es", "No se pudo enviar su formulario", "Abrir el formulario de nuevo"),
    ],
)
def test_a_post_without_its_security_token_gets_a_clear_page_in_its_language(
    language, heading, back
):
    registration = RegistrationFactory(event=EventFactory())
    path = f"/{language}/registrations/{registration.token}/cancel/"

    response = Client(enforce_csrf_checks=True).post(path, HTTP_ORIGIN="http://testserver")

    assert response.status_code == 403
    assert f'<html lang="{language}"' in response.content.decode()
    text = page_text(response)
    assert heading in text
    assert back in text
    assertContains(response, f'href="{path}"', status_code=403)
    assert "CSRF verification failed" not in text
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("path", ["//evil.example/en/", "/\\evil.example/en/"])
def test_the_security_failure_page_never_links_off_site(rf, path):
    """No URL of the portal answers such a path today; the page must not rely on that."""
    request = rf.post("/en/", PATH_INFO=path)
    request.user = AnonymousUser()

    response = csrf_failure(request, reason="CSRF cookie not set.")

    assert response.status_code == 403
    # (The language switch's links are the header's business, tested with it.)
    main = response.content.decode().split("<main", 1)[1]
    assert "evil.example" not in main
    assert "Open the form again</a>" not in main
    assert 'href="/en/"' in main  # the home page, on this site


def test_a_waitlisted_registrant_sees_their_place_in_the_queue(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    first, second, third = queue(event, "a@example.org", "b@example.org", "c@example.org")
    RegistrationFactory(
        event=event,
        status=Registration.Status.CANCELLED,
        created_at=first.created_at - datetime.timedelta(minutes=5),
    )

    pages = [client.get(f"/en/registrations/{r.token}/") for r in (first, second, third)]

    assert "You are number 1 on the waiting list." in page_text(pages[0])
    assert "You are number 3 on the waiting list." in page_text(pages[2])
    spanish = client.get(f"/es/registrations/{second.token}/")
    assert "Ocupa la posición 2 en la lista de espera." in page_text(spanish)


def test_a_confirmed_registrant_is_shown_no_place_in_a_queue(client, event):
    registration = RegistrationFactory(event=event)

    response = client.get(f"/en/registrations/{registration.token}/")

    assert "on the waiting list." not in page_text(response)
