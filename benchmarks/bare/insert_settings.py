"""The bare project of benchmarks/registration_rush.py: the same minimal project
(settings.py) with a database, and one view that inserts one row per POST (insert_urls.py).
It is what "a bare Django view that inserts one row each" means in the issue, served by the
same gunicorn as the portal, on the same PostgreSQL, with connections kept as the portal's."""

import environ

from .settings import *  # noqa: F403

DATABASES = {"default": environ.Env().db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
ROOT_URLCONF = "benchmarks.bare.insert_urls"
# The rush speaks plain HTTP to both servers, as it does to the portal.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
