"""The request log and its redaction: everything goes to standard output, one line per
event, and no secret of a URL reaches it."""

import logging
import re
import time

# Secrets that travel in URLs: a registrant's private link, the attendance code behind
# their join link and QR code, allauth's email confirmation and password-reset keys.
# Whoever reads the logs must not be able to use them.
SECRET_IN_PATH = re.compile(
    r"(?P<prefix>/(?:en|es)/(?:registrations|join|check-in)/"
    r"|/accounts/(?:confirm-email|password/reset/key)/)"
    r"[A-Za-z0-9_:\-]+(?=[/\s\"'?]|$)"
)


def redact(text):
    """`text` with every secret in a URL path replaced by `<secret>`."""
    return SECRET_IN_PATH.sub(r"\g<prefix><secret>", text)


def logging_config(level):
    """The portal's LOGGING: every logger through one handler on standard output, one line
    per event (OneLineFormatter), at `level` (LOG_LEVEL)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "line": {
                "()": "taskforce.core.request_log.OneLineFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "datefmt": "%Y-%m-%dT%H:%M:%SZ",
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "line",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own console handler only prints in debug; route everything through
            # ours.
            "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "django.db.backends": {"level": "INFO"},
            # The request log (taskforce.requests) already has a line for every 4xx;
            # Django's own would repeat it. Server errors stay: django.request logs them
            # with the cause.
            "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
            "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        },
    }


class OneLineFormatter(logging.Formatter):
    """Writes a record and its traceback on a single line, so that log collectors keep an
    error and its cause together: the traceback's line breaks become ` | `. Secrets in URL
    paths are redacted from every line, Django's own "Internal Server Error: <path>" too.

    Times are UTC: the process's own zone is the portal's (Mexico City), and every process
    and server should log the same clock."""

    converter = time.gmtime

    def format(self, record):
        return redact(super().format(record)).replace("\n", " | ")


logger = logging.getLogger("taskforce.requests")


class RequestLogMiddleware:
    """One line per request on the log: method, path, status and time taken, e.g.
    `GET /en/documents/ 200 12ms`. Outermost, so the time covers every other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        level = logging.WARNING if response.status_code >= 500 else logging.INFO
        logger.log(
            level,
            "%s %s %s %.0fms",
            request.method,
            redact(request.path),
            response.status_code,
            elapsed_ms,
        )
        return response
