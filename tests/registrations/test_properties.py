"""Property tests of the registration form: whatever a visitor (or a bot) posts, the portal
answers without a server error and never stores a registration that breaks the model's
rules."""

import string
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from registrations.forms import RegistrationForm
from registrations.models import Registration
from tests.factories import EventFactory
from tests.support.forms import registration_form_data

pytestmark = pytest.mark.django_db

EXAMPLES = hypothesis_settings(
    max_examples=60,
    deadline=None,
    # One database (and its events) for every example: registrations pile up across
    # examples, which only adds duplicates and a waiting list to what is exercised.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

AWKWARD = [
    "",
    " ",
    "\x00",
    "Ana\x00García",
    "\t\r\n",
    "مرحبا بالعالم",  # right-to-left
    "\u202egnp.exe",  # right-to-left override
    "שלום",
    "👩🏽‍🔧🚗⚡🇲🇽🇺🇸",
    "\u200b",  # zero-width space
    "\ufeffBOM",
    "e\u0301\u0301\u0301",  # stacked combining accents
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "<script>alert(1)</script>",
    "'; DROP TABLE registrations_registration; --",
    '=HYPERLINK("http://evil.example")',
    "%s %(name)s {name} {{ name }}",
    "\x1b[31mred\x1b[0m",
    "\ud7ff\ue000\uffff",
]

TEXT = st.one_of(
    st.text(max_size=250),
    st.sampled_from(AWKWARD),
    # Very long values, on both sides of every limit.
    st.builds(
        lambda piece, times: piece * times,
        st.sampled_from(AWKWARD[1:] + ["x"]),
        st.integers(1, 2100),
    ),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=190, max_size=260),
)

EMAILS = st.one_of(
    st.sampled_from(
        [
            "ana@example.org",
            "ANA@Example.ORG",
            "ñandú@ejemplo.mx",
            "ana@bücher.example",
            "ana@xn--bcher-kva.example",
            "ana+zev@example.org",
            '"ana garcía"@example.org',
            "ana@localhost",
            "ana@[127.0.0.1]",
            "ana@example.org\x00",
            "ana@example.org\nBcc: victim@example.org",
            "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".org",
        ]
    ),
    st.emails(),
    TEXT,
)


NAMES = st.one_of(
    st.text(min_size=1, max_size=200),
    st.sampled_from(["Ana García", "محمد الأحمد", "José 👩🏽‍🔧", "O'Brien-Núñez", "李小龙"]),
)
FIELDS = RegistrationForm.field_order
# A plausible submission (most of them valid, with any Unicode in the free text)...
PLAUSIBLE = st.fixed_dictionaries(
    {
        "full_name": NAMES,
        "email": st.one_of(st.emails(), st.sampled_from(["ana@example.org", "ANA@Example.ORG"])),
        "organization": NAMES,
        "job_title": st.text(max_size=200),
        "sector": st.sampled_from(["oem", "supplier", "government_us", "government_mx", "other"]),
        "country": st.sampled_from(["MX", "US", "CA", "GT"]),
        "attendance_mode": st.sampled_from(["in_person", "online"]),
        "needs": st.one_of(st.text(max_size=300), st.text(min_size=1900, max_size=2000)),
        "interpretation": st.sampled_from(["on", ""]),
        "consent": st.just("on"),
        "website": st.just(""),
    }
)
# ... with up to four fields replaced by anything at all, or left out (None).
BREAKAGE = st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.none(), TEXT, EMAILS), max_size=4)


@st.composite
def forms(draw):
    form = {**draw(PLAUSIBLE), **draw(BREAKAGE)}
    return {name: value for name, value in form.items() if value is not None}


@pytest.fixture
def events(db, settings):
    settings.REGISTRATION_RATE_LIMIT = "off"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    return [
        EventFactory(mode="in_person", capacity=5),
        EventFactory(mode="online", capacity=None),
        EventFactory(mode="hybrid", capacity=2, waitlist_enabled=False),
    ]


def assert_every_stored_registration_is_valid():
    for registration in Registration.objects.all():
        registration.full_clean()
        validate_email(registration.email)
        assert registration.full_name.strip() == registration.full_name != ""
        assert "\x00" not in "".join(
            [registration.full_name, registration.organization, registration.job_title]
        )
        assert len(registration.needs) <= 2000


@EXAMPLES
@given(form=forms(), event_number=st.integers(0, 2), language=st.sampled_from(["en", "es"]))
def test_any_post_is_answered_without_an_error_and_stores_only_valid_registrations(
    client, events, django_capture_on_commit_callbacks, form, event_number, language
):
    event = events[event_number]
    before = Registration.objects.count()

    # Emails queued for after the commit go out too: sending them must not fail either.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/{language}/events/{event.slug}/register/", form)

    assert response.status_code in (200, 303, 409), response.status_code
    stored = Registration.objects.count() - before
    if response.status_code != 303 or form.get("website"):
        assert stored == 0
    else:
        assert stored in (0, 1)
    assert_every_stored_registration_is_valid()


@EXAMPLES
@given(email=EMAILS)
def test_any_email_that_is_stored_is_a_valid_address(
    client, events, django_capture_on_commit_callbacks, email
):
    form = registration_form_data(email=email)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/events/{events[1].slug}/register/", form)

    assert response.status_code in (200, 303)
    for registration in Registration.objects.all():
        try:
            validate_email(registration.email)
        except ValidationError:  # pragma: no cover - the failure message names the address
            pytest.fail(f"stored an invalid address: {registration.email!r}")


@EXAMPLES
@given(
    token=st.one_of(
        st.text(min_size=1, max_size=100), st.text(string.ascii_letters, min_size=32, max_size=32)
    )
)
def test_any_token_answers_404_not_a_server_error(client, events, token):
    for path in ("/en/registrations/{}/", "/en/registrations/{}/cancel/"):
        url = path.format(quote(token, safe=""))
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
