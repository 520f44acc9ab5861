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
