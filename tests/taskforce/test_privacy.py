import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading", "retention"),
    [("en", "Privacy notice", "365 days"), ("es", "Aviso de privacidad", "365 días")],
)
def test_the_privacy_notice_says_what_is_kept_for_how_long_and_whom_to_ask(
    client, language, heading, retention
):
    response = client.get(f"/{language}/privacy/")

    assert response.status_code == 200
    assertContains(response, f"<h1>{heading}</h1>", html=True)
    assertContains(response, retention)
    assertContains(response, 'href="mailto:jail.cruzgarcia@ucr.edu"')


def test_every_page_links_to_the_privacy_notice(client):
    response = client.get("/es/")

    assertContains(response, 'href="/es/privacy/"')


def test_data_rights_requests_go_to_the_privacy_contact(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "datos.personales@example.gob.mx"

    response = client.get("/en/privacy/")

    assertContains(response, 'href="mailto:datos.personales@example.gob.mx"')


def test_the_privacy_contact_defaults_to_the_working_groups_contact():
    from django.conf import settings

    assert settings.PRIVACY_CONTACT_EMAIL == settings.PORTAL_CONTACT_EMAIL


@pytest.mark.parametrize(
    ("language", "terms"),
    [
        ("en", ["access", "corrected", "deleted", "object to its use"]),
        ("es", ["derechos ARCO", "acceso", "rectificación", "cancelación", "oposición"]),
    ],
)
def test_the_privacy_notice_names_the_rights_in_each_countrys_terms(client, language, terms):
    response = client.get(f"/{language}/privacy/")

    for term in terms:
        assertContains(response, term)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_privacy_notice_promises_no_deadline_the_sources_do_not_give(client, language):
    content = client.get(f"/{language}/privacy/").content.decode()

    # No promise to answer a request by a date (what is deleted after how long is stated).
    assert not re.search(r"(answer|respond|respuesta|responder)[^.]*\d+ (days|días)", content)
    assert not re.search(r"within|en un plazo", content)
    assert "ZEV" not in content.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_spanish_notice_says_the_password_is_kept_as_a_hash_not_encrypted(client):
    response = client.get("/es/privacy/")

    assertContains(response, "una huella criptográfica (hash) de su contraseña")
    assertNotContains(response, "cifrad")


def test_the_spanish_notice_calls_the_portals_events_eventos_as_the_menu_does(client):
    """The menu and lists say "Eventos"; the notice does not call them "reuniones"."""
    response = client.get("/es/privacy/")

    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "Registro en un evento" in text
    assert "cuando usted se registra en un evento" in text
    assert "después de que termine el evento" in text
    assert (
        "Usted tiene derecho a acceder a los datos personales que el portal conserva sobre "
        "usted, a rectificarlos, a cancelarlos y a oponerse a su tratamiento (derechos ARCO), "
        "así como a revocar su consentimiento."
    ) in text
    assert "reuni" not in text
    assert "se registra a " not in text
