"""The portal's WSGI application (taskforce.wsgi) for the fault tests' gunicorn, with the
one change the whole suite makes (tests/conftest.py): static files are served from the
source folder, without the manifest that `collectstatic` writes in a deployment."""

import os

from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.STATIC_ROOT = settings.BASE_DIR / "static"

from taskforce.wsgi import application  # noqa: E402

__all__ = ["application"]
