"""The cache shared by every app server (CACHE_URL=redis://...), on the machine's Redis.

Several gunicorn processes or servers must agree on cached pages and their invalidation,
and on throttles: here two separate cache connections stand for two processes.
"""

import json
import os
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from taskforce.core import pagecache
from tests.factories import ACCOUNT_PASSWORD, account
from tests.taskforce.core.test_page_cache import REGISTRATION

REDIS = ("127.0.0.1", 6379)
REDIS_URL = "redis://127.0.0.1:6379/14"
REDIS_REASON = "needs Redis at 127.0.0.1:6379"


def _redis_is_up():
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.django_db
needs_redis = pytest.mark.skipif(not _redis_is_up(), reason=REDIS_REASON)

REDIS_CACHE = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}


@needs_redis
def test_a_redis_cache_url_gives_django_redis():
    env = {k: v for k, v in os.environ.items() if k != "CACHE_URL"}
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CACHES['default']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**env, "CACHE_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "taskforce.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert json.loads(result.stdout) == {**REDIS_CACHE, "OPTIONS": settings.REDIS_CACHE_OPTIONS}


@pytest.fixture
def shared_cache(settings):
    settings.CACHES = {"default": REDIS_CACHE, "other-process": REDIS_CACHE}
    caches["default"].clear()
    yield
    caches["default"].clear()


@needs_redis
def test_pages_and_their_invalidation_are_shared_through_redis(shared_cache, client, content):
    client.get("/en/themes/")
    assert client.get("/en/themes/")["X-Cache"] == "hit"

    # Another process sees the same generation, and a change made there renews this one's.
    other = caches["other-process"]
    assert other.get(pagecache.GENERATION_KEY) == pagecache.generation()
    other.set(pagecache.GENERATION_KEY, 1)

    assert Client().get("/en/themes/")["X-Cache"] == "miss"


@needs_redis
def test_a_server_answers_the_pages_it_just_served_from_its_own_memory_for_a_moment(
    shared_cache, client, content, settings
):
    """With a shared cache, each process answers again, without a round trip to Redis, the
    pages it served in the last PAGE_CACHE_LOCAL_SECONDS: a change made elsewhere shows
    there at most that much later, never more."""
    settings.PAGE_CACHE_LOCAL_SECONDS = 1
    client.get("/en/themes/")
    assert client.get("/en/themes/")["X-Cache"] == "hit"

    # Another process changes what the page shows (an editor's save renews the generation).
    caches["other-process"].set(pagecache.GENERATION_KEY, 1)
    within = client.get("/en/themes/")
    time.sleep(1.05)
    after = client.get("/en/themes/")

    assert within["X-Cache"] == "hit"  # from this process's memory: Redis was not asked
    assert after["X-Cache"] == "miss"  # a second on, the change shows here too


@needs_redis
def test_with_no_local_copies_a_change_elsewhere_shows_at_once(
    shared_cache, client, content, settings
):
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    client.get("/en/themes/")
    assert client.get("/en/themes/")["X-Cache"] == "hit"

    caches["other-process"].set(pagecache.GENERATION_KEY, 1)

    assert client.get("/en/themes/")["X-Cache"] == "miss"


@needs_redis
def test_login_throttles_are_shared_through_redis(shared_cache, db):
    user = account("ana@example.org")
    for attempt in range(5):
        Client().post(
            "/en/accounts/login/",
            {"login": user.email, "password": "wrong"},
            REMOTE_ADDR=f"192.0.2.{attempt}",
        )

    response = Client().post(
        "/en/accounts/login/", {"login": user.email, "password": ACCOUNT_PASSWORD}
    )

    assert b"Too many failed login attempts" in response.content
    # The throttle lives in Redis, where another process finds it.
    assert any(":login_failed:" in key for key in caches["other-process"].keys("*"))


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    """The shared cache configured as in production, on a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }


def test_with_redis_down_pages_forms_and_registrations_still_work(
    redis_down, client, content, caplog
):
    from tests.factories import EventFactory

    event = EventFactory(capacity=5)

    for path in ("/en/", "/es/themes/", f"/en/events/{event.slug}/", "/sitemap.xml"):
        assert client.get(path).status_code == 200, path
    form = client.get(f"/en/events/{event.slug}/register/")
    registered = client.post(
        f"/en/events/{event.slug}/register/",
        REGISTRATION,
    )

    assert form.status_code == 200
    assert registered.status_code == 303
    assert event.registrations.count() == 1
    assert "Connection refused" in caplog.text  # each failure is logged with its cause
