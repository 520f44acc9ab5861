import pytest
from pytest_django.asserts import assertContains

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
