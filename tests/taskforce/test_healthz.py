import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    class UnreachableDatabase:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr("taskforce.views.connection", UnreachableDatabase())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content != b"ok"


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
