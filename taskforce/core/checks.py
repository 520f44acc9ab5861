"""The portal's own deployment checks (`manage.py check --deploy`), registered in apps.py.

Rate limits (registration POSTs) and allauth's login throttles and lockouts are counted in
Django's default cache. The default, local memory, is one cache per process: with several
gunicorn workers, each keeps its own counts, so a limit is as many times looser as there are
workers and a locked-out account can try again on another worker. That is a warning, never
a refusal to start: a small site may accept it. gunicorn.conf.py logs the same warning when
the workers start.
"""

import os

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHE = "django.core.cache.backends.locmem.LocMemCache"


def web_workers() -> int:
    """The number of gunicorn workers as WEB_CONCURRENCY (gunicorn's own variable, one when
    unset) sets it. `manage.py check` cannot know a `--workers` given on gunicorn's command
    line; gunicorn's hook passes its real number to per_process_cache_problem() instead."""
    try:
        return int(os.environ.get("WEB_CONCURRENCY", "1"))
    except ValueError:
        return 1


def per_process_cache_problem(workers: int) -> str | None:
    """What goes wrong with `workers` processes and this deployment's cache, or None."""
    if settings.DEBUG or workers <= 1:
        return None
    if settings.CACHES["default"]["BACKEND"] != PER_PROCESS_CACHE:
        return None
    return (
        f"The cache is local memory, kept per process, and {workers} workers run: rate limits "
        "and login lockouts are counted by each worker apart, so they are "
        f"{workers} times looser and a lockout does not hold on the other workers. "
        "Set CACHE_URL=redis://... to share them."
    )


def shared_cache_for_several_workers(app_configs=None, **kwargs):
    problem = per_process_cache_problem(web_workers())
    if problem is None:
        return []
    return [
        checks.Warning(
            problem,
            hint="Point CACHE_URL at Redis (see README.md, 'Deploying'), or run one worker.",
            id="taskforce.W001",
        )
    ]


def private_files_apart(app_configs=None, **kwargs):
    """The private storage's folder (exports of registrants' data) must not lie inside a
    folder that is served: MEDIA_ROOT (served under MEDIA_URL with debug on, and often by
    the web server in production) or STATIC_ROOT."""
    private = settings.STORAGES.get("private", {})
    location = private.get("OPTIONS", {}).get("location")
    if private.get("BACKEND") != "django.core.files.storage.FileSystemStorage" or not location:
        return []
    location = os.path.realpath(location)
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        served = os.path.realpath(getattr(settings, name) or "/nonexistent-served-folder")
        if os.path.commonpath([location, served]) == served:
            errors.append(
                checks.Error(
                    f"PRIVATE_MEDIA_ROOT ({location}) lies inside {name} ({served}), which is "
                    "served: registrant exports could be downloaded by anyone.",
                    hint=f"Point PRIVATE_MEDIA_ROOT at a folder outside {name}.",
                    id="taskforce.E001",
                )
            )
    return errors
