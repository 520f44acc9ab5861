"""Participants' accounts (django-allauth, email only, verified) and their registrations page.

The flows are walked through with the test client as a participant would: sign up, follow the
emailed link, log in, log out, reset a forgotten password, in English and in Spanish.
"""

import datetime
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from registrations.models import Registration
from tests.factories import RegistrationFactory, account

pytestmark = pytest.mark.django_db

PASSWORD = "green-corridor-2026"
NEW_PASSWORD = "charging-stations-2030"
CONFIRMATION_LINK = re.compile(r"https?://testserver(/(?:en|es)/accounts/confirm-email/\S+/)")
RESET_LINK = re.compile(r"https?://testserver(/(?:en|es)/accounts/password/reset/key/\S+/)")


def _participant(django_user_model, email, *, verified=True):
    return account(email, verified=verified, password=PASSWORD)


@pytest.fixture
def participant(django_user_model):
    return _participant(django_user_model, "ana@example.org")


@pytest.fixture
def participant_client(client, participant):
    client.force_login(participant)
    return client


def _is_logged_in(client):
    return "_auth_user_id" in client.session


def _sign_up(client, email, lang="en"):
    return client.post(
        f"/{lang}/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def _log_in(client, email, password=PASSWORD, lang="en"):
    return client.post(f"/{lang}/accounts/login/", {"login": email, "password": password})


def _link(pattern, message):
    match = pattern.search(message.body)
    assert match, message.body
    return match.group(1)


class PageOutline(HTMLParser):
    """What the accessibility and Content-Security-Policy checks look at."""

    def __init__(self, html):
        super().__init__()
        self.html_lang = None
        self.h1_count = 0
        self.inline_scripts = 0
        self.event_handlers = []
        self.style_attributes = 0
        self.label_targets = set()
        self.controls = []  # (name, id) of every input a person fills in or ticks
        self.inputs = {}  # name: attributes
        self.by_id = {}  # id: attributes
        self.button_classes = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.by_id[attributes["id"]] = attributes
        if tag == "input" and "name" in attributes:
            self.inputs[attributes["name"]] = attributes
        if tag == "button":
            self.button_classes.append(attributes.get("class", ""))
        self.event_handlers += [name for name in attributes if name.startswith("on")]
        self.style_attributes += "style" in attributes
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "script" and not attributes.get("src"):
            self.inline_scripts += 1
        elif tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        elif tag in {"input", "select", "textarea"} and attributes.get("type") not in {
            "hidden",
            "submit",
        }:
            self.controls.append((attributes.get("name"), attributes.get("id")))

    @property
    def unlabelled_controls(self):
        # The header's search box is labelled too: every control on the page is checked.
        return [name for name, id_ in self.controls if id_ not in self.label_targets]


def _assert_accessible_portal_page(response, lang):
    assert response.status_code == 200
    assertContains(response, 'class="site-header"')  # the portal's own layout
    outline = PageOutline(response.content.decode())
    assert outline.html_lang == lang
    assert outline.h1_count == 1
    assert outline.inline_scripts == 0
    assert outline.event_handlers == []
    assert outline.style_attributes == 0
    assert outline.unlabelled_controls == []


# --- The pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(
    "path",
    [
        "accounts/login/",
        "accounts/signup/",
        "accounts/password/reset/",
        "accounts/password/reset/done/",
        "accounts/confirm-email/",
        "accounts/confirm-email/not-a-valid-key/",
        "accounts/password/reset/key/1-not-a-valid-key/",
    ],
)
def test_account_pages_use_the_portal_layout_accessibly(client, path, lang):
    _assert_accessible_portal_page(client.get(f"/{lang}/{path}"), lang)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(
    "path",
    ["accounts/email/", "accounts/password/change/", "accounts/logout/", "accounts/registrations/"],
)
def test_signed_in_account_pages_use_the_portal_layout_accessibly(participant_client, path, lang):
    _assert_accessible_portal_page(participant_client.get(f"/{lang}/{path}"), lang)


def test_login_form_has_labelled_login_and_password_fields_in_bootstrap_markup(client):
    response = client.get("/en/accounts/login/")
    page = PageOutline(response.content.decode())

    login, password = page.inputs["login"], page.inputs["password"]
    assert login["type"] == "email"
    assert password["type"] == "password"
    for field in (login, password):
        assert "form-control" in field["class"].split()
        assert field["id"] in page.label_targets
    assert "form-check-input" in page.inputs["remember"]["class"].split()
    assert "btn btn-primary" in page.button_classes
    assertContains(response, 'href="/en/accounts/password/reset/"')
    assertContains(response, 'href="/en/accounts/signup/"')


def test_login_page_in_spanish_uses_allauths_spanish_text(client):
    response = client.get("/es/accounts/login/")

    assertContains(response, "Iniciar sesión")
    assertContains(response, "Contraseña")
    assertContains(response, 'action="/es/accounts/login/"')
    assertNotContains(response, "Sign In")


def test_signup_asks_for_an_email_and_a_password_only(client):
    response = client.get("/en/accounts/signup/")

    names = set(re.findall(r'<input[^>]* name="([^"]+)"', response.content.decode()))
    assert names - {"csrfmiddlewaretoken", "q"} == {"email", "password1", "password2"}


def test_a_field_error_is_shown_next_to_its_field_and_tied_to_it(client):
    response = client.post("/en/accounts/login/", {"login": "not-an-email", "password": ""})
    page = PageOutline(response.content.decode())

    assert response.status_code == 200
    for name in ("login", "password"):
        field = page.inputs[name]
        error_id = f"id_{name}_error"
        assert field["aria-invalid"] == "true"
        assert "is-invalid" in field["class"].split()
        assert error_id in field["aria-describedby"].split()
        assert "invalid-feedback" in page.by_id[error_id]["class"].split()
    assertContains(response, "Enter a valid email address.")


def test_a_wrong_password_is_refused_with_an_alert(client, participant):
    response = _log_in(client, "ana@example.org", "not-the-password")

    assert response.status_code == 200
    assertContains(response, 'class="alert alert-danger" role="alert"')
    assertContains(response, "The email address and/or password you specified are not correct.")
    assert not _is_logged_in(client)


# --- Signing up, with mandatory email verification ------------------------------------------


def test_signing_up_emails_a_confirmation_link_and_does_not_log_in(client, outbox):
    response = _sign_up(client, "new.participant@example.org")

    assertRedirects(response, "/en/accounts/confirm-email/")
    assert len(outbox) == 1
    assert outbox[0].to == ["new.participant@example.org"]
    assert _link(CONFIRMATION_LINK, outbox[0]).startswith("/en/accounts/confirm-email/")
    address = EmailAddress.objects.get(email="new.participant@example.org")
    assert not address.verified
    assert not _is_logged_in(client)


def test_the_verification_sent_page_tells_the_participant_to_check_their_email(client, outbox):
    response = _sign_up(client, "new.participant@example.org")

    response = client.get(response.url)
    assertContains(response, "We have sent an email to you for verification.")


def test_logging_in_before_confirming_the_email_is_refused(client, outbox):
    _sign_up(client, "new.participant@example.org")

    response = _log_in(client, "new.participant@example.org")

    assertRedirects(response, "/en/accounts/confirm-email/")
    assert not _is_logged_in(client)


def test_confirming_the_emailed_link_lets_the_participant_log_in(client, outbox):
    _sign_up(client, "New.Participant@example.org")
    confirmation_path = _link(CONFIRMATION_LINK, outbox[0])

    page = client.get(confirmation_path)
    assertContains(page, "Confirm email address")
    assertContains(page, 'method="post" action="/en/accounts/confirm-email/')
    client.post(confirmation_path)
    response = _log_in(client, "new.participant@example.org")

    assert EmailAddress.objects.get(email__iexact="new.participant@example.org").verified
    assert response.status_code == 302
    assert response.url.startswith("/en/")  # wherever LOGIN_REDIRECT_URL points
    assert _is_logged_in(client)


def test_signing_up_in_spanish_sends_a_spanish_email_with_a_spanish_link(client, outbox):
    response = _sign_up(client, "nueva@example.org", lang="es")

    assertRedirects(response, "/es/accounts/confirm-email/")
    assert outbox[0].subject == (
        "[Grupo de Trabajo para la Electrificación del Transporte] "
        "Confirme su dirección de correo electrónico"
    )
    confirmation_path = _link(CONFIRMATION_LINK, outbox[0])
    assert confirmation_path.startswith("/es/accounts/confirm-email/")
    assertContains(client.get(confirmation_path), "Confirmar dirección de correo electrónico")
    client.post(confirmation_path)
    response = _log_in(client, "nueva@example.org", lang="es")
    assert response.status_code == 302
    assert response.url.startswith("/es/")
    assert _is_logged_in(client)


def test_signup_in_spanish_shows_spanish_errors(client, participant):
    response = client.post(
        "/es/accounts/signup/",
        {"email": "ana@example.org", "password1": PASSWORD, "password2": "otra-cosa-2026"},
    )

    assert response.status_code == 200
    assertContains(response, "Crear una cuenta")
    assertContains(response, "invalid-feedback")
    assertNotContains(response, "You must type the same password each time.")


# --- Logging out --------------------------------------------------------------------------


def test_logging_out_asks_for_confirmation_then_ends_the_session_on_post(participant_client):
    page = participant_client.get("/en/accounts/logout/")
    assert _is_logged_in(participant_client)
    assertContains(page, 'method="post" action="/en/accounts/logout/"')

    response = participant_client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert not _is_logged_in(participant_client)


def test_logging_out_in_spanish(participant_client):
    assertContains(participant_client.get("/es/accounts/logout/"), "Cerrar sesión")

    participant_client.post("/es/accounts/logout/")

    assert not _is_logged_in(participant_client)


# --- Resetting a forgotten password -------------------------------------------------------

SUBJECT_PREFIX = {
    "en": "[US–Mexico Transportation Electrification Task Force] ",
    "es": "[Grupo de Trabajo para la Electrificación del Transporte] ",
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_password_reset_emails_a_link_that_sets_a_new_password(client, participant, outbox, lang):
    response = client.post(f"/{lang}/accounts/password/reset/", {"email": "ANA@example.org"})

    assertRedirects(response, f"/{lang}/accounts/password/reset/done/")
    assert len(outbox) == 1
    assert outbox[0].to == ["ana@example.org"]
    # The task force's name in front of the subject is in the visitor's language too.
    assert outbox[0].subject.startswith(SUBJECT_PREFIX[lang])
    reset_path = _link(RESET_LINK, outbox[0])
    assert reset_path.startswith(f"/{lang}/")

    # allauth moves the key from the address into the session before showing the form.
    form_page = client.get(reset_path, follow=True)
    assertContains(form_page, 'name="password1"')
    set_password_path = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assertRedirects(response, f"/{lang}/accounts/password/reset/key/done/")
    assert not _is_logged_in(client)
    _log_in(client, "ana@example.org", PASSWORD, lang)
    assert not _is_logged_in(client)
    _log_in(client, "ana@example.org", NEW_PASSWORD, lang)
    assert _is_logged_in(client)


def test_password_reset_pages_in_spanish(client, participant, outbox):
    assertContains(client.get("/es/accounts/password/reset/"), "Restablecer la contraseña")

    response = client.post(
        "/es/accounts/password/reset/", {"email": "ana@example.org"}, follow=True
    )

    assertContains(response, "Le hemos enviado un correo electrónico")
    assert outbox[0].subject.endswith("Correo electrónico para restablecer contraseña")


def test_a_used_or_wrong_reset_link_says_so(client):
    response = client.get("/en/accounts/password/reset/key/1-not-a-valid-key/", follow=True)

    assertContains(response, "Bad token")
    assertContains(response, 'href="/en/accounts/password/reset/"')


# --- My registrations -----------------------------------------------------------------------


def test_my_registrations_requires_logging_in(client):
    response = client.get("/en/accounts/registrations/", follow=True)

    final_path, _status = response.redirect_chain[-1]
    assert final_path.startswith("/en/accounts/login/")
    assert "next=/en/accounts/registrations/" in unquote(final_path)
    assertContains(response, 'name="password"')


def test_my_registrations_in_spanish_requires_logging_in_on_the_spanish_login_page(client):
    response = client.get("/es/accounts/registrations/")

    assert response.url.startswith("/es/accounts/login/?next=/es/accounts/registrations/")


def test_my_registrations_lists_registrations_of_every_verified_address_in_any_case(
    participant_client, participant
):
    EmailAddress.objects.create(user=participant, email="ana.work@example.org", verified=True)
    personal = RegistrationFactory(email="ANA@Example.org")
    work = RegistrationFactory(email="Ana.Work@EXAMPLE.org")

    response = participant_client.get("/en/accounts/registrations/")

    for registration in (personal, work):
        assertContains(response, registration.event.title_en)
        assertContains(response, f'href="{registration.get_absolute_url()}"')
    assertContains(response, "ana.work@example.org")


def test_my_registrations_never_shows_an_unverified_address_or_another_persons(
    participant_client, participant, django_user_model
):
    EmailAddress.objects.create(user=participant, email="ana.old@example.org", verified=False)
    unverified = RegistrationFactory(email="ana.old@example.org")
    someone_else = RegistrationFactory(email="bruno@example.org")
    _participant(django_user_model, "bruno@example.org")
    lookalike = RegistrationFactory(email="xana@example.org")

    response = participant_client.get("/en/accounts/registrations/")

    for registration in (unverified, someone_else, lookalike):
        assertNotContains(response, registration.event.title_en)
        assertNotContains(response, registration.token)
    assertContains(response, "You have no registrations for upcoming events.")


def test_my_registrations_separates_upcoming_from_past_events(participant_client):
    now = timezone.now()
    later = RegistrationFactory(
        email="ana@example.org", event__starts_at=now + datetime.timedelta(days=60)
    )
    sooner = RegistrationFactory(
        email="ana@example.org", event__starts_at=now + datetime.timedelta(days=5)
    )
    past = RegistrationFactory(
        email="ana@example.org", event__starts_at=now - datetime.timedelta(days=30)
    )

    html = participant_client.get("/en/accounts/registrations/").content.decode()
    upcoming_part, past_part = html.split('id="past-heading"')

    assert sooner.event.title_en in upcoming_part
    assert later.event.title_en in upcoming_part
    assert upcoming_part.index(sooner.event.title_en) < upcoming_part.index(later.event.title_en)
    assert past.event.title_en not in upcoming_part
    assert past.event.title_en in past_part


def test_my_registrations_shows_each_registrations_status(participant_client):
    for status in Registration.Status:
        RegistrationFactory(email="ana@example.org", status=status)

    response = participant_client.get("/en/accounts/registrations/")

    assertContains(response, "Confirmed")
    assertContains(response, "On the waiting list")
    assertContains(response, "Cancelled")


def test_my_registrations_explains_itself_and_links_to_email_management(participant_client):
    response = participant_client.get("/en/accounts/registrations/")

    assertContains(response, "verified email addresses")
    assertContains(response, 'href="/en/accounts/email/"')
    assertContains(response, 'href="/en/accounts/logout/"')


def test_without_a_verified_address_my_registrations_shows_none_and_says_why(
    client, django_user_model
):
    user = _participant(django_user_model, "carla@example.org", verified=False)
    RegistrationFactory(email="carla@example.org")
    client.force_login(user)

    response = client.get("/en/accounts/registrations/")

    assertContains(response, "no verified email address")
    assertContains(response, 'href="/en/accounts/email/"')
    assertNotContains(response, "/registrations/" + Registration.objects.get().token)


def test_my_registrations_in_spanish_links_to_spanish_pages(participant_client):
    registration = RegistrationFactory(email="ana@example.org")

    response = participant_client.get("/es/accounts/registrations/")

    assertContains(response, '<html lang="es">')
    assertContains(response, registration.event.title_es)
    assertContains(response, f'href="/es/registrations/{registration.token}/"')
    assertContains(response, 'href="/es/accounts/email/"')


def test_logging_in_from_my_registrations_comes_back_to_it(client, participant):
    login_page = client.get("/en/accounts/registrations/", follow=True)
    login_path = login_page.redirect_chain[-1][0]

    response = client.post(login_path, {"login": "ana@example.org", "password": PASSWORD})

    assertRedirects(response, "/en/accounts/registrations/")


def test_the_footers_account_link_serves_visitors_and_participants_alike(client, participant):
    home = client.get("/es/")
    assertContains(home, '<a href="/es/accounts/registrations/">Su cuenta</a>', html=True)

    anonymous = client.get("/es/accounts/registrations/")
    assert anonymous["Location"].startswith("/es/accounts/login/")

    client.force_login(participant)
    assert client.get("/es/accounts/registrations/").status_code == 200


# --- Addresses that no mail can reach ---------------------------------------------------------

UNSENDABLE_EMAILS = ["x@\ufffd.example", "x@" + "é" * 60 + ".example"]
UNSENDABLE_ERROR = "Enter an email address that can receive mail"


@pytest.mark.parametrize("email", UNSENDABLE_EMAILS)
def test_signing_up_with_an_address_no_mail_can_reach_is_a_form_error(client, outbox, email):
    response = _sign_up(client, email)

    assert response.status_code == 200
    assertContains(response, UNSENDABLE_ERROR)
    assert not EmailAddress.objects.exists()
    assert outbox == []


@pytest.mark.parametrize("email", UNSENDABLE_EMAILS)
def test_a_password_reset_for_an_address_no_mail_can_reach_is_a_form_error(
    client, participant, outbox, email
):
    response = client.post("/en/accounts/password/reset/", {"email": email})

    assert response.status_code == 200
    assertContains(response, UNSENDABLE_ERROR)
    assert outbox == []


def test_the_unreachable_address_error_is_in_spanish_on_spanish_pages(client, outbox):
    response = _sign_up(client, "x@\ufffd.example", lang="es")

    assertContains(response, "Escriba una dirección de correo que pueda recibir mensajes")
