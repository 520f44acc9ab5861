"""Settings of the US–Mexico Transportation Electrification Task Force portal.

Everything that differs between a laptop and production is an environment variable, read
once here through django-environ (see the configuration table in README.md). There is no
second settings module: tests set what they need in tests/conftest.py and pyproject.toml.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

from taskforce.core.request_log import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            '(for example: export DJANGO_SECRET_KEY="$(openssl rand -base64 48)").'
        )
    # Debug only: a new key per process, so sessions do not survive a restart.
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "taskforce.core.csrf.csrf_failure"

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    # Before django.contrib.auth, so that its createsuperuser (which marks the new staff
    # address verified) replaces Django's: the first app to name a command wins.
    "taskforce",
    "taskforce.core.admin_site.PortalAdminConfig",  # django.contrib.admin; see PortalAdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "taskforce.roadmap",
    "workinggroups",
    "documents",
    "registrations",
    "subscriptions",
    "taskforce.background",
]

MIDDLEWARE = [
    "taskforce.core.request_log.RequestLogMiddleware",
    # gzip for pages, feeds and CSV exports (WhiteNoise serves static files compressed).
    "taskforce.core.middleware.TextCompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Cached anonymous pages are answered here, with the headers the middleware below gave
    # them when they were stored: sessions, authentication and messages are not needed.
    "taskforce.core.pagecache.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "taskforce.core.middleware.AdminTwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who made each change
]

ROOT_URLCONF = "taskforce.urls"
WSGI_APPLICATION = "taskforce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "taskforce.context_processors.portal",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Writers take the lock when the transaction starts instead of failing with
            # "database is locked" when they upgrade a read lock half-way through.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
    # A kept connection whose server vanished from the network must fail within seconds,
    # not hang the request until gunicorn kills the worker: TCP keepalives, and a limit
    # on how long sent data may stay unacknowledged (libpq's tcp_user_timeout, in ms).
    options.setdefault("keepalives", 1)
    options.setdefault("keepalives_idle", 30)
    options.setdefault("keepalives_interval", 5)
    options.setdefault("keepalives_count", 3)
    options.setdefault("tcp_user_timeout", env.int("DATABASE_TCP_USER_TIMEOUT_MS", default=10_000))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# With Redis down or silent, the portal goes on without its cache, at once: pages are
# rendered instead of cached, and throttles let requests through (RATELIMIT_FAIL_OPEN;
# allauth's find no history). Each failure is logged.
REDIS_CACHE_OPTIONS = {
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
    "IGNORE_EXCEPTIONS": True,
}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(REDIS_CACHE_OPTIONS)
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
RATELIMIT_FAIL_OPEN = True
# How long an anonymous visitor's public page stays cached at most (taskforce/core/pagecache.py);
# any content change renews the cache sooner. 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Pages that show the seats of many events (home, events list, a working group) are kept only
# this long, so that registrations do not renew them: their seat counts are never older.
PAGE_CACHE_SEATS_SECONDS = env.int("PAGE_CACHE_SEATS_SECONDS", default=5)
# With a shared cache, each process answers the pages it served again from its own memory for
# this long, without asking the cache: a change shows at most this much later. 0: always ask.
PAGE_CACHE_LOCAL_SECONDS = env.float("PAGE_CACHE_LOCAL_SECONDS", default=2)

# --- Authentication (django-allauth: email only, verified) -------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
LOGIN_URL = "account_login"
# Participants have accounts to follow their registrations.
LOGIN_REDIRECT_URL = "registrations:my_registrations"
ACCOUNT_USER_DISPLAY = "taskforce.core.allauth_adapter.user_display"
ACCOUNT_ADAPTER = "taskforce.background.allauth.OutboxAccountAdapter"
# Throttles, counted in the default cache (shared by every app server with CACHE_URL=redis).
# login_failed: 10 a minute from one address, 5 every 5 minutes against one account; after
# that, even the right password is refused until the window passes.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Two-factor authentication, offered to every account (/accounts/2fa/): an authenticator
# app (TOTP) and single-use recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "US–Mexico Transportation Electrification Task Force"
# On: staff must have two-factor authentication set up before they can use /admin/.
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=False)

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["taskforce.core.formats"]  # dates per language: taskforce/core/formats/
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Mexico_City"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "es")
# A text that has no Spanish version yet is shown in English rather than left blank.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en",), "en": ("es",)}

from taskforce.core.countries import COUNTRIES_OVERRIDE  # noqa: E402, F401 (why: that module)

# --- Static files and media ----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Exports built in the background (registrations.Export) hold registrants' data: kept apart
# from MEDIA_ROOT and never served at a URL, only by their owner's download view.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/not-served/"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads (and, under their own prefix, the exports) in an S3-compatible bucket instead, so
# app servers keep nothing on disk; boto3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
# Objects stay private: the portal serves them through its download views, as attachments.
if media_bucket := env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    bucket = {
        "bucket_name": media_bucket,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    for alias, location in [
        ("default", env.str("AWS_LOCATION", default="media")),
        ("private", env.str("AWS_PRIVATE_LOCATION", default="private")),
    ]:
        STORAGES[alias] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**bucket, "location": location},
        }
# An XLSX export of more registrations than this is built by the worker, not the request.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=5000)
# 25 MB documents, plus room for the rest of the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# The open data API (taskforce/api): anonymous, read-only JSON, throttled per client address.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],  # never reads the session: responses are cacheable
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "taskforce.api.policies.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["taskforce.api.policies.ClientThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env.str("API_RATE_LIMIT", default="120/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "US–Mexico Transportation Electrification Task Force: open data",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Warns only of two filters with choices known at run time (strings); test_api validates it.
    "DISABLE_ERRORS_AND_WARNINGS": True,
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ---------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A slow or unreachable mail server must not hang a request.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# The working groups' public contact, shown in the footer (the address the seed page gives).
PORTAL_CONTACT_EMAIL = env.str("PORTAL_CONTACT_EMAIL", default="jail.cruzgarcia@ucr.edu")
# Where data-rights requests (access, correction, deletion, objection) go, named on the
# privacy notice. By default the working groups' contact, until the task force names another.
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default=PORTAL_CONTACT_EMAIL)

# Absolute links in emails and calendar files, which are built outside any request.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000/")
PORTAL_CALENDAR_DOMAIN = env.str("PORTAL_CALENDAR_DOMAIN", default="zev-taskforce.portal")

# --- Registrations -------------------------------------------------------------------------
REGISTRATION_RATE_LIMIT = env.str("REGISTRATION_RATE_LIMIT", default="20/10m")
# How long registrants' personal data is kept after an event ends (stated in the privacy
# notice; purge_registrations --days enforces it).
REGISTRATION_RETENTION_DAYS = env.int("REGISTRATION_RETENTION_DAYS", default=365)
# Stored with each consent; change it whenever the privacy notice's text changes.
PRIVACY_NOTICE_VERSION = "2026-12"
# send_event_reminders reminds confirmed registrants this many hours before an event.
EVENT_REMINDER_HOURS = env.int("EVENT_REMINDER_HOURS", default=48)

# --- Background work (Celery; taskforce/celery.py) ----------------------------------------
# Production: Redis, and `celery -A taskforce worker --beat` running. Empty (make run, tests):
# every task runs in-process right after its transaction commits. "memory://" is named so
# that Celery never falls back to its default broker (amqp://localhost).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
# Queuing fails fast when the broker is down (no retries inside a request): the row stays
# in the database and the sweep sends it later. Besides the publish retry, kombu retries the
# connection itself for CELERY_BROKER_CONNECTION_TIMEOUT (2 s of sleeps, even when the port
# refuses at once) unless its transport's max_retries is 0. The worker's own reconnection
# follows CELERY_BROKER_CONNECTION_MAX_RETRIES (forever), not this.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5}
CELERY_BROKER_TRANSPORT_OPTIONS["max_retries"] = 0
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True  # no results are read: nothing is stored
# A task whose worker dies is delivered again; tasks are written to be run twice safely.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
# The periodic jobs (beat's schedule) are in taskforce/celery.py.

# --- The outbox (taskforce/background) ----------------------------------------------------
# Sent mail keeps its status; its body and attachments are deleted after this many days.
MAIL_RETENTION_DAYS = env.int("MAIL_RETENTION_DAYS", default=30)
# Mail that could not be sent for this long is marked failed (the contract asks for 24 h).
MAIL_GIVE_UP_HOURS = env.int("MAIL_GIVE_UP_HOURS", default=48)
# Once signed in to the mail server, how long the worker waits for an answer (the end of a
# message may take a scanning server long; giving up then could send it twice).
MAIL_DATA_TIMEOUT = env.int("MAIL_DATA_TIMEOUT", default=60)
# Replies to the portal's emails go to people, not to the no-reply sender.
EMAIL_REPLY_TO = env.str("EMAIL_REPLY_TO", default=PORTAL_CONTACT_EMAIL)

# --- Security ------------------------------------------------------------------------------
SECURE = env.bool("DJANGO_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE:
    SECURE_SSL_REDIRECT = True
    # The load balancer's health check speaks plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/background$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Content-Security-Policy (django-csp): scripts and styles only from the portal's own
# static files, no inline code, and no framing. data: images are Bootstrap's CSS icons and
# the two-factor setup's QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
if SECURE:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
# How many proxies (load balancer, TLS proxy) stand in front of the app servers and append
# to X-Forwarded-For: rate limits then count the visitor's address, not the proxy's.
TRUSTED_PROXIES = env.int("DJANGO_TRUSTED_PROXIES", default=0)
# The TLS proxy tells Django the original scheme in this header, e.g. X-Forwarded-Proto.
if proxy_header := env.str("DJANGO_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + proxy_header.upper().replace("-", "_"),
        "https",
    )

# --- Logging: one line per event on standard output (taskforce/core/request_log.py) -------
LOGGING = logging_config(env.str("LOG_LEVEL", default="INFO"))
