"""Settings read from the environment, checked in a fresh interpreter as a deployment would."""

import json
import os
import subprocess
import sys

from django.conf import settings


def django_setup(**environment):
    """Start Django in a new process with only the given portal variables set."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "EMAIL_URL"))
    }
    env.update(environment)
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; print(json.dumps({'engine': d['ENGINE'], "
        "'options': d.get('OPTIONS', {}), 'health': d.get('CONN_HEALTH_CHECKS'), "
        "'debug': s.DEBUG, 'ssl': getattr(s, 'SECURE_SSL_REDIRECT', False), "
        "'hsts': s.SECURE_HSTS_SECONDS, 'hosts': s.ALLOWED_HOSTS}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "taskforce.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_secret_key_and_debug_off_the_portal_refuses_to_start_naming_it():
    result = django_setup()

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_makes_up_a_key_for_the_process():
    result = django_setup(DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is True


def test_production_defaults_are_https_only_with_sqlite_waiting_for_locks():
    result = django_setup(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="zev.example.org")

    config = json.loads(result.stdout)
    assert config["ssl"] is True
    assert config["hsts"] == 31_536_000
    assert config["hosts"] == ["zev.example.org"]
    assert config["options"]["transaction_mode"] == "IMMEDIATE"
    assert config["options"]["timeout"] == 20


def test_postgres_connections_are_health_checked_and_time_out():
    result = django_setup(
        DJANGO_SECRET_KEY="x" * 50, DATABASE_URL="postgres://portal@db.internal:5432/portal"
    )

    config = json.loads(result.stdout)
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["health"] is True
    assert config["options"]["connect_timeout"] == 5
