"""The portal's wording rules: Spanish as a Mexican government portal writes it, English in
US spelling and sentence case, and sentences that reach translators whole."""

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from taskforce import content
from taskforce.core.allauth_text import ALLAUTH_TEXT
from tests.factories import EventFactory, WorkingGroupFactory
from workinggroups.models import Membership, Sector

LOCALE = Path(settings.BASE_DIR) / "locale"


def _catalogue(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        return [message for message in read_po(po_file, locale=language) if message.id]


def _pairs(language="es"):
    """(English, translation) for every entry and plural form."""
    for message in _catalogue(language):
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        for string in strings:
            yield ids[-1], string


# Words a Mexican government portal does not use for these things, and the reason.
AVOIDED_IN_SPANISH = {
    r"\bMiembros?\b": "members are Integrantes (gender-neutral)",
    r"\bCo[Pp]residente|\bPresidente": "roles are Presidencia and Copresidencia",
    r"\bObservador\b": "the role is Persona observadora",
    r"inscrib": "the portal says registrarse everywhere",
    r"cifrad": "a hash is not encryption",
    r"Fabricante de vehículos": "an OEM is an Armadora",
    r"estatal o local": "Mexico's levels are estatal o municipal",
    r"[^\W\d]–[^\W\d]": "Spanish joins words with a hyphen, not an en dash (México-Estados Unidos)",
    r"\bZEV\b": "the task force is the GTE in Spanish",
    r"(?i)\b(tú|tu|tus|ti|te|contigo|puedes|tienes|quieres|introduce|elige|confía|regístrate)\b": (
        "the portal says usted"
    ),
    r"(?i)\bqué tan\b": "a calque of 'how closely': su estrecha vinculación",
    r"(?i)por ciento": "a percentage is written with %",
    r"(?i)\b(hacer|haga|dar|de) cli(c|ck)": "links are followed, not 'clicked': consulte, abra",
    r"(?i)\bremov": "remove is eliminar or quitar",
    r"(?i)\ben orden de\b": "sorted by is ordenado por",
    r"(?i)doble factor|dos factores|segundo factor": (
        "two-factor authentication is the verificación en dos pasos"
    ),
    r"[«»]": "the catalogue quotes with “ ”",
    r"\d%": "a percentage is written with a space before %: 76 %",
    r"(?i)\b(las y los|los y las)\b": "gender-neutral wording uses personas, not doubled articles",
    r"(?i)visibles? públicamente": "what is public is publicado or en la lista pública",
    r"\bElij[ao]\b": "a form asks to Seleccione",
    r"(?i)\bpor favor\b": "an instruction in usted needs no por favor",
    r"(?i)\bconvoca(n|ron)? el GTE": "one convenes someone: convoca al GTE",
}


# The task force's English names, quoted as they are in Spanish text, keep their en dash.
ENGLISH_NAMES = re.compile(r"U\.?S\.?–Mexico")


@pytest.mark.parametrize("pattern", AVOIDED_IN_SPANISH)
def test_no_spanish_translation_uses_an_avoided_word(pattern):
    offending = [
        (english, spanish)
        for english, spanish in _pairs()
        if re.search(pattern, ENGLISH_NAMES.sub("", spanish))
    ]
    assert offending == [], AVOIDED_IN_SPANISH[pattern]


def _content_spanish(value):
    """Every Spanish text of taskforce/content.py, the real content loaded into the database."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_es") and isinstance(item, str):
                yield item
            else:
                yield from _content_spanish(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _content_spanish(item)


@pytest.mark.parametrize("pattern", list(AVOIDED_IN_SPANISH))
def test_the_spanish_content_uses_no_avoided_word_either(pattern):
    texts = [
        text
        for name in dir(content)
        if name.isupper()
        for text in _content_spanish(getattr(content, name))
    ]
    assert texts
    offending = [text for text in texts if re.search(pattern, ENGLISH_NAMES.sub("", text))]
    assert offending == [], AVOIDED_IN_SPANISH[pattern]


def test_apply_and_help_are_not_translated_by_their_look_alikes():
    """ "Apply" for a place is solicitar, not aplicar; "help" is ayudar, not asistir."""
    offending = [
        (english, spanish)
        for english, spanish in _pairs()
        if (re.search(r"(?i)\bapply (for|to)\b", english) and re.search(r"(?i)\baplic", spanish))
        or (re.search(r"(?i)\b(help|assist)", english) and re.search(r"(?i)\basist", spanish))
    ]
    assert offending == []


def test_charging_is_recarga_in_spanish_never_carga():
    """ "Infraestructura de carga" reads as freight next to the freight sector."""
    charging = [
        (english, spanish) for english, spanish in _pairs() if re.search(r"charg", english, re.I)
    ]
    assert [pair for pair in charging if re.search(r"\bde carga\b", pair[1])] == []


def test_the_task_force_is_el_gte_never_a_bare_grupo_de_trabajo():
    """The task force and its working groups would read alike: "Grupo de Trabajo" is only
    ever the start of the GTE's full name; elsewhere the task force is "el GTE"."""
    offending = [
        spanish
        for _english, spanish in _pairs()
        if re.search(r"Grupo de Trabajo(?! para la Electrificación del Transporte)", spanish)
    ]
    assert offending == []


def test_spanish_translations_keep_the_brace_placeholders():
    placeholder = re.compile(r"\{\w+\}")
    broken = [
        english
        for english, spanish in _pairs()
        if set(placeholder.findall(english)) != set(placeholder.findall(spanish))
    ]
    assert broken == []


def test_roles_and_sectors_read_as_mexican_spanish():
    with translation.override("es"):
        roles = [str(label) for label in Membership.Role.labels]
        sectors = {value: str(label) for value, label in Sector.choices}
    assert roles == ["Presidencia", "Copresidencia", "Integrante", "Persona observadora"]
    assert sectors["oem"] == "Armadora (OEM)"
    assert sectors["government_state_local"] == "Gobierno estatal o municipal"


def test_english_interface_text_uses_us_spelling():
    british = re.compile(r"\b\w*(anonymis|organis|behaviour|colour|favour|licence|centre)\w*", re.I)
    assert [english for english, _spanish in _pairs() if british.search(english)] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "en",
            "I agree that the task force keeps these details to organize this meeting, as the "
            "privacy notice explains.",
        ),
        (
            "es",
            "Acepto que el GTE conserve estos datos para organizar este evento, en los términos "
            "del aviso de privacidad.",
        ),
    ],
)
def test_the_consent_label_is_one_sentence_with_its_link_inside(client, language, sentence):
    event = EventFactory()

    content = client.get(f"/{language}/events/{event.slug}/register/").content.decode()

    label = re.search(r'<label\b[^>]*for="id_consent"[^>]*>(.*?)</label>', content, re.S)[1]
    assert f'href="/{language}/privacy/"' in label
    text = " ".join(re.sub(r"<[^>]+>|\*", " ", label).split())
    assert text.replace(" .", ".") == sentence


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "link_text"), [("en", "Atom feed"), ("es", "canal Atom")])
def test_the_documents_page_links_the_feed_inside_its_sentence(client, language, link_text):
    content = client.get(f"/{language}/documents/").content.decode()

    assert re.search(rf'<a href="/{language}/documents/feed/">{link_text}</a>\.</p>', content)


@pytest.mark.django_db
def test_the_login_page_is_in_sentence_case(client):
    response = client.get("/en/accounts/login/")

    assertContains(response, "Sign in")
    assertContains(response, "Remember me")
    for title_case in ("Sign In", "Remember Me", "Sign Up"):
        assertNotContains(response, title_case)


@pytest.mark.django_db
def test_the_account_pages_are_in_sentence_case_in_spanish_too(client):
    response = client.get("/es/accounts/password/reset/")

    assertContains(response, "Restablecer la contraseña")
    assertNotContains(response, "Restablecer Contraseña")


def test_the_english_overrides_of_allauth_are_listed_strings_in_sentence_case():
    english = {message.id: message.string for message in _catalogue("en")}

    assert set(english) <= set(ALLAUTH_TEXT)
    for title_case, override in english.items():
        assert override != title_case
        phrase = re.split(r"[.?!] ", override)[0]
        assert phrase[1:] == phrase[1:].lower(), override


@pytest.mark.django_db
def test_allauths_emails_have_sentence_case_subjects(client, mailoutbox):
    client.post(
        "/en/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "green-corridor-2026",
            "password2": "green-corridor-2026",
        },
    )

    assert mailoutbox[0].subject.endswith("Please confirm your email address")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "For more about this working group, write to groups@example.org."),
        (
            "es",
            "Para obtener más información sobre este grupo de trabajo, escriba a "
            "groups@example.org.",
        ),
    ],
)
def test_the_group_contact_line_is_one_sentence_with_its_address(client, language, sentence):
    group = WorkingGroupFactory()

    content = client.get(f"/{language}/working-groups/{group.slug}/").content.decode()

    line = re.search(r"<p>([^<]*<a href=\"mailto:groups@example.org\">[^<]*</a>[^<]*)</p>", content)
    assert " ".join(re.sub(r"<[^>]+>", "", line[1]).split()) == sentence


def _country_options(client, language):
    event = EventFactory()
    content = client.get(f"/{language}/events/{event.slug}/register/").content.decode()
    select = re.search(r'<select[^>]*name="country".*?</select>', content, re.S)[0]
    return [
        html.unescape(text).strip()
        for value, text in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select)
        if value
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "names", "not_shown"),
    [
        (
            "en",
            ["United States", "Bahamas", "Nauru", "Trinidad and Tobago", "Eswatini", "Myanmar"],
            ["United States of America", "Bahamas (The)", "Naoero", "Pitcairn"],
        ),
        (
            "es",
            [
                "Trinidad y Tobago",
                "República Centroafricana",
                "Esuatini",
                "Chipre",
                "Yibuti",
                "Chad",
                "Andorra",
                "Palestina",
                "Micronesia",
                "Islas Åland",
                "San Martín (parte francesa)",
                "Myanmar",
            ],
            ["Trinidad yTobago", "Suazilandia", "Birmania", "Principado de Andorra"],
        ),
    ],
)
def test_the_country_list_uses_the_common_names(client, language, names, not_shown):
    options = _country_options(client, language)

    assert set(names) <= set(options)
    assert set(not_shown) & set(options) == set()
    # No ISO-style qualifiers: "Bolivia (Plurinational State of)", "Bahamas (The)".
    assert [
        name for name in options if re.search(r"\((the|The)\)|State of|Republic of\)", name)
    ] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "first", "in_order"),
    [
        (
            "en",
            ["Mexico", "United States"],
            ["Chad", "Cyprus", "Djibouti", "Nauru", "Trinidad and Tobago", "Uruguay"],
        ),
        (
            "es",
            ["México", "Estados Unidos"],
            ["Andorra", "Chad", "Chipre", "Costa de Marfil", "Costa Rica", "Myanmar", "Yibuti"],
        ),
    ],
)
def test_the_country_list_puts_the_two_countries_first_then_sorts_the_rest_by_name(
    client, language, first, in_order
):
    options = _country_options(client, language)

    assert options[:2] == first
    assert [name for name in options[2:] if name in in_order] == in_order
    assert options.count(first[1]) == 1


# allauth's own Spanish says "vete a", "¡Hola", "email" and "recuperació"; the portal says usted.
ALLAUTH_SPANISH_SLIPS = r"(?i)\b(vete|estás|tu|tus|email|recuperació|hola)\b|¡"


def _spanish_signup_mail(client, mailoutbox, email):
    client.post(
        "/es/accounts/signup/",
        {"email": email, "password1": "green-corridor-2026", "password2": "green-corridor-2026"},
    )
    return mailoutbox[0].body


def _assert_usted_greeting_and_farewell(body):
    assert "Saludos de " in body
    assert "Gracias por utilizar " in body
    assert not re.search(ALLAUTH_SPANISH_SLIPS, re.sub(r"\S+://\S+", "", body))  # not in links


@pytest.mark.django_db
def test_allauths_confirmation_email_says_usted_in_spanish(client, mailoutbox):
    body = _spanish_signup_mail(client, mailoutbox, "nueva@example.org")

    assert "Recibe este correo electrónico porque" in body
    assert "Para confirmar su dirección, entre a http" in body
    _assert_usted_greeting_and_farewell(body)


@pytest.mark.django_db
def test_allauths_account_already_exists_email_says_usted_in_spanish(
    client, mailoutbox, django_user_model
):
    """Signing up again with a registered address mails the owner instead."""
    user = django_user_model.objects.create_user(
        username="registrada", email="registrada@example.org", password="green-corridor-2026"
    )
    user.emailaddress_set.create(email=user.email, primary=True, verified=True)

    body = _spanish_signup_mail(client, mailoutbox, "registrada@example.org")

    assert "usted u otra persona intentó crear una cuenta" in body
    assert "restableciendo su contraseña en:" in body
    _assert_usted_greeting_and_farewell(body)


@pytest.mark.django_db
def test_allauths_unknown_account_email_says_usted_in_spanish(client, mailoutbox):
    """A password reset for an address with no account tells whoever owns it."""
    client.post("/es/accounts/password/reset/", {"email": "nadie@example.org"})

    body = mailoutbox[0].body
    assert "con el correo electrónico nadie@example.org" in body
    assert "Si usted no realizó esta solicitud, puede ignorar este mensaje." in body
    _assert_usted_greeting_and_farewell(body)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "wording"),
    [
        ("/es/accounts/signup/", r"<title>\s*Crear una cuenta\s"),
        ("/es/accounts/login/", r"¿Olvidó su contraseña\?"),
        ("/es/accounts/password/reset/key/1-invalid/", r"<h1[^>]*>\s*El enlace no es válido"),
    ],
)
def test_allauths_pages_use_the_portals_spanish(client, path, wording):
    response = client.get(path, follow=True)

    assert re.search(wording, response.content.decode())


@pytest.mark.django_db
def test_the_spanish_registration_form_asks_to_seleccione(client):
    event = EventFactory()

    response = client.get(f"/es/events/{event.slug}/register/")

    assertContains(response, ">Seleccione un país</option>")
    assertContains(response, ">Seleccione un sector</option>")
    assertNotContains(response, "Elija")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "wording"),
    [
        # "GTE" is spelled out the first time a reader meets it.
        ("/es/", "El Grupo de Trabajo para la Electrificación del Transporte (GTE) es una "),
        # The menu says "Eventos": so does a group's page.
        ("/es/working-groups/light-duty-vehicles/", "Próximos eventos"),
        # English names in Spanish text are marked for screen readers.
        ("/es/about/", '<i lang="en">US–Mexico Transportation Electrification Task Force</i>'),
        ("/es/about/", "los días 8 y 9 de febrero de 2022"),
    ],
)
def test_the_spanish_pages_use_the_reviewed_wording(client, content, path, wording):
    assertContains(client.get(path), wording)
