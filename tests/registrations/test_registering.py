"""Registering through the public form: labels, validation, what is stored, the "check your
email" page, the honeypot, duplicates, seats and the waiting list, and the rate limit."""

import datetime
import html
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from registrations import services
from registrations.models import Registration
from tests.factories import EventFactory, RegistrationFactory
from tests.support.forms import registration_form_data

pytestmark = pytest.mark.django_db


def valid_form(**overrides):
    """The shared valid submission, with the job title these tests look for."""
    return registration_form_data(**{"job_title": "Supply chain lead", **overrides})


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    """POST the form as a visitor does; emails queued for after the commit go out."""

    def post(event, language="en", visitor=None, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return (visitor or client).post(
                f"/{language}/events/{event.slug}/register/", valid_form(**overrides)
            )

    return post


def page_text(response):
    """What a reader sees: the page without tags, spaces collapsed."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    return re.sub(r" ([:.,;])", r"\1", text)


def done_url(event, language="en"):
    return f"/{language}/events/{event.slug}/register/done/"


def clean_label(text):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).replace("*", " ").split())


def form_labels(response):
    """Each field's visible label or legend, the asterisk of required fields left out."""
    content = response.content.decode()
    labels = {
        name: clean_label(text)
        for name, text in re.findall(
            r'<label\b[^>]*for="id_(\w+)"[^>]*>(.*?)</label>', content, re.S
        )
    }
    for legend, name in re.findall(
        r"<fieldset\b[^>]*>\s*<legend\b[^>]*>(.*?)</legend>.*?name=\"(\w+)\"", content, re.S
    ):
        labels[name] = clean_label(legend)
    return labels


# --- The form ---------------------------------------------------------------------------


def test_the_form_has_the_contracts_english_labels(client, event):
    response = client.get(f"/en/events/{event.slug}/register/")

    assert response.status_code == 200
    content = response.content.decode()
    labels = form_labels(response)
    assert labels["full_name"] == "Full name"
    assert labels["email"] == "Email"
    assert labels["organization"] == "Organization"
    assert labels["job_title"] == "Job title"
    assert labels["sector"] == "Sector"
    assert labels["country"] == "Country"
    assert labels["needs"] == "Accessibility or dietary needs"
    assert labels["interpretation"] == "I need English–Spanish interpretation"
    assert labels["consent"].startswith("I agree")
    assert re.search(r'<button\b[^>]*type="submit"[^>]*>\s*Register\s*</button>', content)
    # Attendance is asked of hybrid events only.
    assert "attendance_mode" not in content


def test_a_hybrid_events_form_asks_how_the_participant_will_attend(client):
    event = EventFactory(mode="hybrid")

    response = client.get(f"/en/events/{event.slug}/register/")

    labels = form_labels(response)
    assert labels.get("attendance_mode") == "Attendance", labels
    assertContains(response, 'value="in_person"')
    assertContains(response, 'value="online"')


def test_the_form_offers_the_contracts_sectors_and_iso_countries(client, event):
    response = client.get(f"/en/events/{event.slug}/register/")

    for sector in [
        "oem",
        "supplier",
        "government_us",
        "government_mx",
        "government_state_local",
        "utility",
        "freight",
        "public_transport",
        "academia",
        "civil_society",
        "other",
    ]:
        assertContains(response, f'<option value="{sector}"')
    assertContains(response, '<option value="MX">Mexico</option>', html=True)
    assertContains(response, '<option value="US">United States</option>', html=True)


def country_options(response):
    """The country list's options as (value, text), in the order shown."""
    content = response.content.decode()
    select = re.search(r'<select[^>]*name="country".*?</select>', content, re.S)[0]
    return [
        (value, html.unescape(text).strip())
        for value, text in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select)
    ]


@pytest.mark.parametrize(
    ("language", "mexico", "united_states", "germany", "not_shown"),
    [
        ("en", "Mexico", "United States", "Germany", "Alemania"),
        ("es", "México", "Estados Unidos", "Alemania", "Germany"),
    ],
)
def test_the_countries_are_in_the_pages_language_with_mexico_and_the_us_first(
    client, event, language, mexico, united_states, germany, not_shown
):
    client.get(f"/en/events/{event.slug}/register/")  # the other language first
    response = client.get(f"/{language}/events/{event.slug}/register/")

    options = country_options(response)
    countries = [(value, text) for value, text in options if value]
    assert countries[:2] == [("MX", mexico), ("US", united_states)]
    assert ("DE", germany) in countries
    assert not_shown not in {text for _value, text in options}


def test_the_spanish_countries_are_sorted_in_spanish(client, event):
    response = client.get(f"/es/events/{event.slug}/register/")

    names = [text for value, text in country_options(response) if value][2:]
    assert names.index("Alemania") < names.index("Argentina") < names.index("Austria")
    # In English order "Germany" would come after "Francia".
    assert names.index("Alemania") < names.index("Francia")
    assert [value for value, _text in country_options(response)].count("MX") == 1


def test_the_form_keeps_the_honeypot_out_of_sight_and_out_of_the_tab_order(client, event):
    response = client.get(f"/en/events/{event.slug}/register/")

    content = response.content.decode()
    honeypot = re.search(r'<input\b[^>]*name="website"[^>]*>', content)
    assert honeypot, "no honeypot field"
    assert 'tabindex="-1"' in honeypot.group(0)
    assert 'autocomplete="off"' in honeypot.group(0)
    # It sits in a block hidden from screen readers, with no other field in that block.
    before = content[: honeypot.start()]
    hidden_block = before.rfind('aria-hidden="true"')
    assert hidden_block != -1
    assert 'name="' not in before[hidden_block:]


# --- Validation -------------------------------------------------------------------------


INVALID = {
    "name missing": ({"full_name": None}, "Full name: This field is required."),
    "name blank": ({"full_name": "   "}, "Full name: This field is required."),
    "name too long": (
        {"full_name": "A" * 201},
        "Full name: Ensure this value has at most 200 characters (it has 201).",
    ),
    "name with a NUL": ({"full_name": "Ana\x00García"}, "Full name: Null characters are not"),
    "email missing": ({"email": None}, "Email: This field is required."),
    "email malformed": ({"email": "ana.example.org"}, "Email: Enter a valid email address."),
    "email with two @": ({"email": "ana@@example.org"}, "Email: Enter a valid email address."),
    "email too long": (
        {"email": "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".org"},
        "Email: Ensure this value has at most 254 characters",
    ),
    "organization too long": (
        {"organization": "O" * 201},
        "Organization: Ensure this value has at most 200 characters (it has 201).",
    ),
    "job title too long": (
        {"job_title": "J" * 201},
        "Job title: Ensure this value has at most 200 characters (it has 201).",
    ),
    "sector missing": ({"sector": None}, "Sector: This field is required."),
    "sector unknown": (
        {"sector": "astronaut"},
        "Sector: Select a valid choice. astronaut is not one of the available choices.",
    ),
    "country unknown": ({"country": "XX"}, "Country: Select a valid choice."),
    "country as a name": ({"country": "Mexico"}, "Country: Select a valid choice."),
    "country as three letters": ({"country": "MEX"}, "Country: Select a valid choice."),
    "country in lower case": ({"country": "mx"}, "Country: Select a valid choice."),
    "country as the list's separator": ({"country": "──────────"}, "Country: Select a valid"),
    "needs too long": (
        {"needs": "n" * 2001},
        "Accessibility or dietary needs: Ensure this value has at most 2000 characters "
        "(it has 2001).",
    ),
    "no consent": ({"consent": None}, "You must agree to the privacy notice to register."),
}


@pytest.mark.parametrize("case", INVALID)
def test_invalid_input_re_renders_the_form_with_a_clear_message_and_stores_nothing(
    register, event, outbox, case
):
    overrides, message = INVALID[case]

    response = register(event, **overrides)

    assert response.status_code == 200
    text = page_text(response)
    assert "Please correct the errors below." in text
    assert message in text
    # The form comes back with what was typed, ready to correct.
    assertContains(response, f'action="/en/events/{event.slug}/register/"')
    kept = 'value="Supply chain lead"' if "job_title" not in overrides else 'value="Sample Motors"'
    assertContains(response, kept)
    assert not Registration.objects.exists()
    assert outbox == []


def test_accessibility_needs_of_exactly_2000_characters_are_accepted(register, event):
    response = register(event, needs="n" * 2000)

    assert response.status_code == 303
    assert Registration.objects.get().needs == "n" * 2000


def test_a_hybrid_event_requires_the_attendance_mode(register, outbox):
    event = EventFactory(mode="hybrid")

    response = register(event)

    assert response.status_code == 200
    assert "Attendance: This field is required." in page_text(response)
    assert not Registration.objects.exists()
    assert outbox == []


def test_a_hybrid_event_refuses_an_unknown_attendance_mode(register):
    event = EventFactory(mode="hybrid")

    response = register(event, attendance_mode="teleport")

    assert response.status_code == 200
    assert "Attendance: Select a valid choice." in page_text(response)
    assert not Registration.objects.exists()


@pytest.mark.parametrize("mode", ["in_person", "online"])
def test_a_hybrid_event_stores_the_chosen_attendance_mode(register, mode):
    event = EventFactory(mode="hybrid")

    response = register(event, attendance_mode=mode)

    assert response.status_code == 303
    assert Registration.objects.get().attendance_mode == mode


@pytest.mark.parametrize(("mode", "stored"), [("in_person", "in_person"), ("online", "online")])
def test_a_single_mode_event_needs_no_attendance_mode(register, mode, stored):
    event = EventFactory(mode=mode)

    response = register(event)

    assert response.status_code == 303
    assert Registration.objects.get().attendance_mode == stored


# --- A valid registration ---------------------------------------------------------------


def test_a_valid_registration_redirects_to_check_your_email_and_sends_one_email(
    client, register, event, outbox
):
    response = register(event)

    assert response.status_code == 303
    assert response["Location"] == done_url(event)
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert "Check your email" in page_text(done)
    assert len(outbox) == 1
    assert outbox[0].to == ["ana@example.org"]


def test_a_valid_registration_stores_what_was_entered(register, event):
    register(event, interpretation="on", needs="Wheelchair access; vegetarian meal.")

    registration = Registration.objects.get()
    assert registration.event == event
    assert registration.full_name == "Ana García"
    assert registration.email == "ana@example.org"
    assert registration.organization == "Sample Motors"
    assert registration.job_title == "Supply chain lead"
    assert registration.sector == "oem"
    assert registration.country.code == "MX"
    assert registration.needs == "Wheelchair access; vegetarian meal."
    assert registration.interpretation is True
    assert registration.status == Registration.Status.CONFIRMED
    assert len(registration.token) >= 22  # at least 128 bits, URL-safe


def test_a_registration_records_the_consent_with_its_time_and_the_notice_version(register, event):
    before = timezone.now()

    register(event)

    registration = Registration.objects.get()
    assert before <= registration.consent_at <= timezone.now()
    assert registration.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_registration_remembers_the_language_it_was_made_in(register, event, language):
    response = register(event, language=language)

    assert response.status_code == 303
    assert response["Location"] == done_url(event, language)
    assert Registration.objects.get().language == language


def test_a_filled_honeypot_gets_the_same_answer_and_stores_and_sends_nothing(
    register, event, outbox
):
    response = register(event, website="http://spam.example.com")

    assert response.status_code == 303
    assert response["Location"] == done_url(event)
    assert not Registration.objects.exists()
    assert outbox == []


# --- Registering twice --------------------------------------------------------------------


def test_registering_again_with_the_same_email_in_other_letters_creates_nothing(
    client, register, event, outbox
):
    first = register(event, email="ana@example.org")
    second = register(event, email="ANA@Example.ORG", full_name="Ana G.")

    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Registration.objects.count() == 1
    assert Registration.objects.get().full_name == "Ana García"
    # The existing private link goes out again.
    token = Registration.objects.get().token
    assert len(outbox) == 2
    assert f"/registrations/{token}/" in outbox[1].body


def test_the_resent_link_is_in_the_language_of_the_new_request(register, event, outbox):
    register(event, language="en", email="ana@example.org")
    register(event, language="es", email="Ana@Example.org")

    registration = Registration.objects.get()
    assert registration.language == "en"
    resent = outbox[-1]
    assert f"/es/registrations/{registration.token}/" in resent.body
    html_part, mimetype = resent.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="es">' in html_part
    assert event.title_es in resent.body


def test_registering_again_while_on_the_waiting_list_creates_nothing(register, outbox):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    register(event, email="ana@example.org")

    response = register(event, email="ANA@EXAMPLE.ORG")

    assert response.status_code == 303
    assert event.registrations.waitlisted().count() == 1
    assert event.registrations.count() == 2


def test_after_cancelling_registering_again_creates_a_new_registration(register, event):
    register(event)
    services.registration_cancel(registration=Registration.objects.get())

    response = register(event)

    assert response.status_code == 303
    assert event.registrations.count() == 2
    assert event.registrations.active().count() == 1
    assert event.registrations.filter(status="cancelled").count() == 1


def test_after_cancelling_registering_again_goes_to_the_back_of_the_queue(
    register, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, email="first@example.org")
    register(event, email="ana@example.org")
    register(event, email="beto@example.org")
    ana = event.registrations.get(email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=ana)

    register(event, email="ana@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(
            registration=event.registrations.get(email="first@example.org")
        )
    assert event.registrations.get(email="beto@example.org").status == "confirmed"
    assert event.registrations.active().get(email="ana@example.org").status == "waitlisted"


def test_the_database_refuses_a_second_active_registration_of_one_address(event):
    RegistrationFactory(event=event, email="ana@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="Ana@Example.org")


def test_the_database_allows_registering_again_after_a_cancellation(event):
    RegistrationFactory(event=event, email="ana@example.org", status="cancelled")
    RegistrationFactory(event=event, email="ana@example.org", status="cancelled")

    RegistrationFactory(event=event, email="ANA@example.org")

    assert event.registrations.active().count() == 1


# --- Seats --------------------------------------------------------------------------------


def test_registrations_are_confirmed_while_seats_are_left_then_waitlisted(register, outbox):
    event = EventFactory(capacity=2, waitlist_enabled=True)

    statuses = []
    for number in range(4):
        response = register(event, email=f"person{number}@example.org")
        assert response.status_code == 303
        statuses.append(event.registrations.get(email=f"person{number}@example.org").status)

    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert len(outbox) == 4


def test_cancelled_registrations_do_not_take_seats(register):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    register(event)

    assert Registration.objects.get(email="ana@example.org").status == "confirmed"


def test_a_full_event_without_a_waiting_list_refuses_and_stores_nothing(register, outbox):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(event=event)

    response = register(event)

    assert response.status_code != 303
    assert 400 <= response.status_code < 500
    assert "this event is full" in page_text(response)
    assert event.registrations.count() == 1
    assert outbox == []


def test_a_full_event_without_a_waiting_list_does_not_reveal_who_is_registered(register):
    """ "Responses never reveal whether an email is registered": a registered address and
    an unregistered one get the same answer from a full event."""
    event = EventFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(event=event, email="registered@example.org")

    registered = register(event, email="REGISTERED@example.org")
    stranger = register(event, email="stranger@example.org")

    assert registered.status_code == stranger.status_code
    assert registered.get("Location") == stranger.get("Location")
    assert event.registrations.count() == 1


def test_the_form_of_a_full_event_says_registering_joins_the_waiting_list(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    response = client.get(f"/en/events/{event.slug}/register/")

    assert "waiting list" in page_text(response)
    assertContains(response, 'name="full_name"')


def test_the_form_of_a_full_event_without_a_waiting_list_says_it_is_full(client):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(event=event)

    response = client.get(f"/en/events/{event.slug}/register/")

    assert "this event is full" in page_text(response)
    assertNotContains(response, 'name="full_name"')


def test_an_event_without_a_limit_confirms_everyone(register):
    event = EventFactory(capacity=None)
    RegistrationFactory.create_batch(40, event=event)

    register(event)

    assert Registration.objects.get(email="ana@example.org").status == "confirmed"


# --- Rate limit ---------------------------------------------------------------------------


def test_too_many_posts_from_one_address_answer_429_with_try_again_later(
    register, settings, event, outbox
):
    settings.REGISTRATION_RATE_LIMIT = "3/10m"

    answers = [
        register(event, email=f"person{number}@example.org").status_code for number in range(3)
    ]
    fourth = register(event, email="person3@example.org")

    assert answers == [303, 303, 303]
    assert fourth.status_code == 429
    assert "try again later" in page_text(fourth)
    assert event.registrations.count() == 3
    assert len(outbox) == 3


def test_the_rate_limit_counts_each_address_on_its_own(client, register, settings, event):
    settings.REGISTRATION_RATE_LIMIT = "3/10m"
    for number in range(4):
        register(event, email=f"person{number}@example.org")

    other = Client(REMOTE_ADDR="203.0.113.77")
    response = register(event, visitor=other, email="other@example.org")

    assert response.status_code == 303
    assert event.registrations.filter(email="other@example.org").exists()


def test_a_rate_limit_of_off_lets_every_post_through(register, settings, event):
    settings.REGISTRATION_RATE_LIMIT = "off"

    answers = {
        register(event, email=f"person{number}@example.org").status_code for number in range(25)
    }

    assert answers == {303}
    assert event.registrations.count() == 25


def test_rate_limited_get_requests_still_show_the_form(client, register, settings, event):
    settings.REGISTRATION_RATE_LIMIT = "3/10m"
    for number in range(4):
        register(event, email=f"person{number}@example.org")

    response = client.get(f"/en/events/{event.slug}/register/")

    assert response.status_code == 200
    assertContains(response, 'name="full_name"')


# --- Re-sending the link at most once per 10 minutes --------------------------------------


def test_registering_again_and_again_resends_the_link_once_per_ten_minutes(register, event, outbox):
    for _ in range(4):
        assert register(event, email="ana@example.org").status_code == 303

    registration = Registration.objects.get()
    # The confirmation, then a single re-send.
    assert len(outbox) == 2
    assert f"/registrations/{registration.token}/" in outbox[1].body
    assert registration.link_resent_at is not None


def test_the_link_can_be_resent_again_after_ten_minutes(register, event, outbox):
    registration = RegistrationFactory(event=event, email="ana@example.org")
    Registration.objects.filter(pk=registration.pk).update(
        link_resent_at=timezone.now() - datetime.timedelta(minutes=11)
    )

    register(event, email="ANA@example.org")

    assert [message.to for message in outbox] == [["ana@example.org"]]
    registration.refresh_from_db()
    assert timezone.now() - registration.link_resent_at < datetime.timedelta(minutes=1)


def test_the_resend_limit_is_read_from_the_database_not_from_the_process(register, event, outbox):
    """Another app-server process re-sent the link 5 minutes ago: nothing goes now."""
    registration = RegistrationFactory(event=event, email="ana@example.org")
    Registration.objects.filter(pk=registration.pk).update(
        link_resent_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    response = register(event, email="ana@example.org")

    assert response.status_code == 303
    assert outbox == []


def test_a_full_event_without_a_waiting_list_resends_the_link_despite_the_409(register, outbox):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    registration = RegistrationFactory(event=event, email="ana@example.org")

    first = register(event, email="ana@example.org")
    second = register(event, email="ana@example.org")

    assert first.status_code == second.status_code == 409
    assert [message.to for message in outbox] == [["ana@example.org"]]
    assert f"/registrations/{registration.token}/" in outbox[0].body


# --- The "check your email" page ----------------------------------------------------------


def test_the_done_page_shows_the_event_and_its_calendar_file(client, register, event):
    response = client.get(register(event)["Location"])

    text = page_text(response)
    assert event.title_en in text
    assert event.venue_en in text
    assert event.starts_at.astimezone(event.zone).strftime("%H:%M") in text
    assertContains(response, f'href="/en/events/{event.slug}/calendar.ics"')
    calendar = client.get(f"/en/events/{event.slug}/calendar.ics")
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in calendar.content


def test_the_done_page_is_identical_for_every_submission(client, register, event, outbox):
    """New, repeated (link re-sent), repeated again (re-send held back) and a bot's: the
    same bytes, never the registrant's name or status."""
    answers = [
        register(event, full_name="Ana García"),
        register(event, full_name="Ana García"),
        register(event, full_name="Ana García"),
        register(event, full_name="Robot", email="bot@example.org", website="http://x.example"),
    ]
    assert {answer.status_code for answer in answers} == {303}
    pages = {client.get(answer["Location"]).content for answer in answers}

    assert len(pages) == 1
    page = pages.pop().decode()
    assert "Ana García" not in page
    for status in ["You have a seat", "waiting list.", "confirmed", "Robot"]:
        assert status not in page


# --- Addresses that no mail can reach -----------------------------------------------------

UNSENDABLE_EMAILS = [
    "x@\ufffd.example",
    "x@" + "a" * 64 + ".example",
    "x@" + "é" * 60 + ".example",
]


@pytest.mark.parametrize("email", UNSENDABLE_EMAILS)
def test_an_address_whose_domain_cannot_be_encoded_is_refused_with_a_clear_error(
    register, event, outbox, email
):
    response = register(event, email=email)

    assert response.status_code == 200
    # Django's own check refuses some ("Enter a valid email address."), ours the rest.
    assert re.search(
        r"Email: Enter (a valid email address|an email address that can receive mail)",
        page_text(response),
    )
    assert not Registration.objects.exists()
    assert outbox == []


def test_an_international_domain_that_can_be_encoded_is_accepted(register, event, outbox):
    response = register(event, email="ana@bücher.example")

    assert response.status_code == 303
    assert Registration.objects.get().email == "ana@bücher.example"
    assert len(outbox) == 1


@pytest.mark.parametrize("email", UNSENDABLE_EMAILS)
def test_the_model_refuses_an_address_no_mail_can_reach_wherever_it_is_entered(event, email):
    """The admin and any other model form validate the address the same way."""
    registration = Registration(event=event, full_name="Ana García", email=email)

    with pytest.raises(ValidationError) as refused:
        registration.full_clean()

    assert "email" in refused.value.message_dict
