"""The cache shared by every app server (CACHE_URL=redis://...), on the machine's Redis.

Several gunicorn processes or servers must agree on cached pages and their invalidation,
and on throttles: here two separate cache connections stand for two processes.
"""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from taskforce import pagecache

REDIS = ("127.0.0.1", 6379)
REDIS_URL = "redis://127.0.0.1:6379/14"
REDIS_REASON = "needs Redis at 127.0.0.1:6379"


def _redis_is_up():
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not _redis_is_up(), reason=REDIS_REASON),
]

REDIS_CACHE = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}


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

    assert json.loads(result.stdout) == REDIS_CACHE


@pytest.fixture
def shared_cache(settings):
    settings.CACHES = {"default": REDIS_CACHE, "other-process": REDIS_CACHE}
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_pages_and_their_invalidation_are_shared_through_redis(shared_cache, client, content):
    client.get("/en/themes/")
    assert client.get("/en/themes/")["X-Cache"] == "hit"

    # Another process sees the same generation, and a change made there renews this one's.
    other = caches["other-process"]
    assert other.get(pagecache.GENERATION_KEY) == pagecache.generation()
    other.set(pagecache.GENERATION_KEY, 1)

    assert Client().get("/en/themes/")["X-Cache"] == "miss"


def test_login_throttles_are_shared_through_redis(shared_cache, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user("ana", "ana@example.org", "green-corridor-2026")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for attempt in range(5):
        Client().post(
            "/en/accounts/login/",
            {"login": user.email, "password": "wrong"},
            REMOTE_ADDR=f"192.0.2.{attempt}",
        )

    response = Client().post(
        "/en/accounts/login/", {"login": user.email, "password": "green-corridor-2026"}
    )

    assert b"Too many failed login attempts" in response.content
    assert any(key for key in caches["other-process"].keys("*"))
