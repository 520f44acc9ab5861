"""What a browser is told on every response, and what the deployment check says.

The policy is strict (scripts and styles only from the portal's own static files), so the
templates must never carry inline code: a test reads them all.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.support.gunicorn import Gunicorn

pytestmark = pytest.mark.django_db

CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}


def _policy(response):
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/es/documents/",
        "/en/events/",
        "/en/accounts/login/",
        "/en/no-such-page/",
        "/admin/login/",
        "/healthz",
        "/sitemap.xml",
    ],
)
def test_every_response_carries_the_security_headers(client, content, path):
    response = client.get(path)

    policy = _policy(response)
    for name, value in CSP_DIRECTIVES.items():
        assert policy[name] == value, name
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_and_upgrade_are_sent_over_https_when_secure(client, content, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get("/en/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_plain_http_gets_no_hsts(client, content):
    response = client.get("/en/")

    assert not response.has_header("Strict-Transport-Security")


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=\"", re.IGNORECASE)


def _page_templates():
    templates = Path(settings.BASE_DIR) / "templates"
    for path in sorted(templates.rglob("*.html")):
        # Emails are read in mail programs, where no policy applies and inline styles are
        # the only styles that work.
        if "email" not in path.relative_to(templates).parts:
            yield path


def test_no_template_carries_inline_script_style_or_event_handler():
    offenders = []
    for path in _page_templates():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER):
            if match := pattern.search(text):
                offenders.append(f"{path.name}: {match.group(0)}")

    assert list(_page_templates())
    assert offenders == []


def _manage(*args, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_URL", "CACHE_URL", "EMAIL_URL", "WEB_CONCURRENCY")
        )
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_SECRET_KEY": "k3y-" + "production-like-and-long-enough-for-the-check-" * 2,
    "DJANGO_DEBUG": "false",
    "DJANGO_SECURE": "true",
    "DJANGO_ALLOWED_HOSTS": "zev.example.org",
    "DJANGO_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def test_the_deployment_check_passes_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_fails_with_debug_on():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "DJANGO_DEBUG": "true"}
    )

    assert result.returncode != 0
    assert "DEBUG" in result.stderr


# --- Paths that a browser could read as another site ----------------------------------

LANGUAGE_LINK = re.compile(r'<a class="nav-link[^"]*" href="([^"]*)" hreflang="(en|es)"')
ALTERNATE_LINK = re.compile(r'<link rel="alternate" hreflang="(?:en|es)" href="([^"]*)"')


def _raw_get(client, path, query=""):
    # The test client would read "//host/..." as a host and a path; a server gets the path
    # as the request line sent it.
    return client.request(PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET")


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/en/",
        "//evil.example/es/events/",
        "///evil.example/en/",
        "/\\evil.example/en/",
        "//evil.example/",
        "/en//evil.example/",
        "/es//evil.example/events/",
    ],
)
def test_a_path_starting_with_two_slashes_never_makes_the_language_links_leave_the_site(
    client, content, path
):
    response = _raw_get(client, path, query="page=2")

    assert response.status_code < 500
    page = response.content.decode()
    links = {language: href for href, language in LANGUAGE_LINK.findall(page)}
    assert set(links) == {"en", "es"}, "the language switch is missing"
    for href in links.values():
        assert href.startswith("/") and not href.startswith(("//", "/\\")), href
    for href in ALTERNATE_LINK.findall(page):
        assert href.startswith("http://testserver/"), href
        assert not href.startswith(("http://testserver//", "http://testserver/\\")), href


def test_a_doubled_slash_after_the_language_keeps_the_switch_on_the_same_path(client, content):
    response = _raw_get(client, "/en//evil.example/")

    links = {language: href for href, language in LANGUAGE_LINK.findall(response.content.decode())}
    assert response.status_code == 404
    assert links == {"en": "/en//evil.example/", "es": "/es//evil.example/"}


def test_ordinary_pages_keep_their_language_links(client, content):
    response = client.get("/en/events/?page=1")

    links = {language: href for href, language in LANGUAGE_LINK.findall(response.content.decode())}
    assert links == {"en": "/en/events/?page=1", "es": "/es/events/?page=1"}


# --- Several workers with a per-process cache ------------------------------------------

SHARED_CACHE_WARNING = "taskforce.W001"
PER_WORKER = "rate limits and login lockouts are counted by each worker apart"


def test_the_deployment_check_warns_when_several_workers_have_per_process_caches():
    result = _manage("check", "--deploy", **PRODUCTION, WEB_CONCURRENCY="4")

    # A warning, not an error: the check passes, and the site starts.
    assert result.returncode == 0, result.stdout + result.stderr
    assert SHARED_CACHE_WARNING in result.stderr
    assert "4 times looser" in result.stderr
    assert "CACHE_URL=redis://" in result.stderr


@pytest.mark.parametrize(
    "environment",
    [
        {"WEB_CONCURRENCY": "1"},
        {"WEB_CONCURRENCY": "4", "CACHE_URL": "redis://127.0.0.1:6379/1"},
    ],
    ids=["one worker", "shared cache"],
)
def test_the_deployment_check_says_nothing_with_one_worker_or_a_shared_cache(environment):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **environment)

    assert result.returncode == 0, result.stdout + result.stderr
    assert SHARED_CACHE_WARNING not in result.stdout + result.stderr


def test_the_deployment_check_says_nothing_with_debug_on():
    result = _manage(
        "check", "--deploy", **{**PRODUCTION, "DJANGO_DEBUG": "true"}, WEB_CONCURRENCY="4"
    )

    assert SHARED_CACHE_WARNING not in result.stdout + result.stderr


def _gunicorn_log(tmp_path, workers, **environment):
    """gunicorn's log from its start until every worker has booted, with the portal's
    production command and gunicorn.conf.py, on a socket file of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "WEB_CONCURRENCY"))
    }
    env.update(PRODUCTION, **environment)
    server = Gunicorn(
        socket_path=tmp_path / "portal.sock",
        workers=workers,
        environment=env,
        log_path=tmp_path / "gunicorn.log",
    )
    server.start()
    try:
        server.wait_for_output("Booting worker", count=workers)
    finally:
        server.stop()
    return server.output()


def test_gunicorn_logs_a_warning_at_start_with_several_workers_and_a_per_process_cache(
    tmp_path,
):
    log = _gunicorn_log(tmp_path, workers=2)

    warnings = [line for line in log.splitlines() if PER_WORKER in line]
    assert len(warnings) == 1, log  # once, from the master, not once per worker
    assert "[WARNING]" in warnings[0]
    assert "2 times looser" in warnings[0]


def test_gunicorn_starts_without_the_warning_when_the_cache_is_shared(tmp_path):
    log = _gunicorn_log(tmp_path, workers=2, CACHE_URL="redis://127.0.0.1:6379/1")

    assert PER_WORKER not in log
