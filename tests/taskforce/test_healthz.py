"""/healthz for the load balancer. Its 503 while the database is unreachable is checked for
real, against a cut connection under gunicorn, in test_faults.py (PostgreSQL)."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-store" in response["Cache-Control"]


def test_healthz_has_no_language_prefix(client):
    assert client.get("/en/healthz").status_code == 404


def test_the_server_error_page_is_the_portals_own_in_the_visitors_language(rf):
    from django.utils import translation

    from taskforce.views import server_error

    with translation.override("es"):
        response = server_error(rf.get("/es/themes/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="es">' in page
    assert "Algo salió mal" in page
