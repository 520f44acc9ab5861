"""gunicorn's settings for the portal, read from the working directory by the production
command `gunicorn taskforce.wsgi:application` (see README.md, "Deploying").

The number of workers comes from WEB_CONCURRENCY (gunicorn's own variable; one by default,
about two per core in production) and the address from GUNICORN_CMD_ARGS or --bind.
"""

# A coordinator's spreadsheet (XLSX) of a very large event takes longer to write than
# gunicorn's default 30 s (about 35 s for 100,000 registrants); other requests take
# milliseconds. A worker silent this long is restarted.
timeout = 120
graceful_timeout = 30
# The portal logs one line per request itself (taskforce.requests), with the time taken;
# gunicorn's own access log would repeat it. Its error log goes to standard error.
accesslog = None
errorlog = "-"
# gunicorn 27's control socket is one path for every gunicorn on the machine; not used.
control_socket_disable = True


def when_ready(server):
    """Once, in the master process, when the server is ready: a warning if the workers'
    rate limits and login lockouts would each be counted apart (the local-memory cache
    with more than one worker; see taskforce/checks.py). Here rather than in Django's
    AppConfig.ready(), which runs in every worker and every manage.py command and does not
    know gunicorn's real number of workers (`--workers` overrides WEB_CONCURRENCY). Only
    the settings are read (no django.setup() in the master). Never stops the start."""
    import os
    import time

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")
    # Reading Django's settings sets the process's TZ to TIME_ZONE: the master's own log
    # keeps its zone.
    zone = os.environ.get("TZ")
    try:
        from taskforce.core.checks import per_process_cache_problem

        problem = per_process_cache_problem(server.cfg.workers)
    except Exception:  # noqa: BLE001 (the workers will report bad settings themselves)
        server.log.exception("Could not check the cache settings")
        return
    finally:
        if zone is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = zone
        time.tzset()
    if problem:
        server.log.warning(problem)
