"""Anonymous visitors' public pages, cached whole, per language, until the content changes.

Most of the portal's traffic is people reading the same pages. A page is stored once per
path, query and language, and served from the cache to every visitor who has neither a
session nor a pending message; signed-in staff, coordinators and participants always get a
fresh page. What would make a page personal keeps it out of the cache: reading the
session, a cookie set by the response, or an explicit `Cache-Control: private`. The one
exception is the CSRF token of a form to post (the registration form): the page is stored
without it, and each visitor gets their own token, and its cookie, when it is served.

Invalidation is by generation: every stored key carries the current generation number,
and any change to the portal's models (saved, deleted, links changed; see `apps.py`)
starts a new one, so the next request renders and stores a fresh page. With
`CACHE_URL=redis://...` the generation is shared by every app server; with the default
per-process memory cache each process has its own cache and generation, which is right for
one process (tests, `make run`) but would let other processes serve an old page for up to
PAGE_CACHE_SECONDS. Time still moves pages on ("upcoming" events): entries expire after
PAGE_CACHE_SECONDS (5 minutes by default).
"""

import gzip
import hashlib
import re
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.text import compress_string

from .middleware import COMPRESSIBLE_TYPES

GENERATION_KEY = "pagecache:generation"

# The pages that are the same for every anonymous visitor, by URL name.
CACHED_VIEWS = frozenset(
    {
        "taskforce:home",
        "taskforce:theme_list",
        "taskforce:theme_detail",
        "taskforce:search",
        "taskforce:privacy",
        "workinggroups:list",
        "workinggroups:detail",
        "workinggroups:members",
        "documents:list",
        "documents:detail",
        "documents:feed",
        "registrations:event_list",
        "registrations:event_detail",
        "registrations:events_calendar",
        "registrations:event_calendar",
        "registrations:registration_done",
        "registrations:register",
        "sitemap",
        "robots",
    }
)
# Cookies that make a page personal: a session (signed in, or anything kept for the
# visitor) or messages waiting to be shown.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Only queries the pages understand are stored (search, filters, page): any other query,
# or a long one, is rendered but not stored, so made-up URLs cannot crowd the cache out.
KNOWN_PARAMETERS = frozenset(
    {"q", "page", "kind", "theme", "group", "year", "language", "sector", "country"}
)
MAX_QUERY_LENGTH = 200
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "X-Robots-Tag")
# A page with a form to post (the registration form) is stored without its CSRF token, and
# each visitor's own token is put back when it is served.
CSRF_FIELD = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")([^"]+)(")')
CSRF_PLACEHOLDER = b"{{portal-csrf-token}}"
# Stored pages are kept gzipped, so that a hit is neither read from the cache in full nor
# compressed again (the sitemap is 2 MB of XML, 50 kB gzipped). Pages with a CSRF token
# are compressed per response, token included.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
MIN_COMPRESSED_LENGTH = 200


def generation():
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def _start_new_generation():
    # A new value, not an increment: if the key was evicted, counting again from 1 could
    # bring back pages stored under an old generation.
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def content_changed():
    """Called whenever something the public pages show has changed.

    Now, so that no page cached before the change is served again, and once more after
    the transaction commits, so that a page rendered meanwhile from the not yet committed
    state is not kept either."""
    _start_new_generation()
    transaction.on_commit(_start_new_generation)


def _uses_csrf(response):
    # Django's CSRF middleware (outside this one) sets its cookie on every response whose
    # page asked for a token.
    return settings.CSRF_COOKIE_NAME in response.cookies


def _cache_key(request):
    # Pages hold absolute links (canonical, hreflang): the scheme and host are part of it.
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"pagecache:{generation()}:{request.LANGUAGE_CODE}:{digest}"


class PublicPageCacheMiddleware:
    """Serves and stores the pages in CACHED_VIEWS for anonymous visitors.

    It looks the page up in process_view, once the URL is resolved, and stores it on the
    way out, after every inner middleware has added its cookies and Vary headers. Headers
    that middleware adds (security, CSP, Content-Language) are added again to a cached
    page, since it comes back through the same middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is not None and self._storable(request, response):
            if (frozen := self._freeze(response)) is not None:
                cache.set(key, frozen, settings.PAGE_CACHE_SECONDS)
        if key is not None or getattr(request, "_page_cache_hit", False):
            response["X-Cache"] = "hit" if request._page_cache_hit else "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._page_cache_hit = False
        if not settings.PAGE_CACHE_SECONDS or not self._cacheable(request):
            return None
        key = _cache_key(request)
        frozen = cache.get(key)
        if frozen is None:
            request._page_cache_key = key
            return None
        request._page_cache_hit = True
        return self._thaw(request, frozen)

    def _cacheable(self, request):
        match = request.resolver_match
        # GET only: a view may answer HEAD differently (the form's 405).
        return (
            request.method == "GET"
            and match is not None
            and match.view_name in CACHED_VIEWS
            and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
            and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
            and KNOWN_PARAMETERS.issuperset(request.GET)
        )

    @staticmethod
    def _storable(request, response):
        if response.status_code != 200 or response.streaming:
            return False
        session = getattr(request, "session", None)
        if session is not None and session.accessed:
            return False  # the page read the visitor's session: it is theirs
        # The only cookie a stored page may come with is the CSRF one, which each visitor
        # gets anew (and which is why Django added "Vary: Cookie").
        uses_csrf = _uses_csrf(response)
        if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
        if "cookie" in vary and not uses_csrf:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))

    @staticmethod
    def _freeze(response):
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        content = response.content
        uses_csrf = _uses_csrf(response)
        if uses_csrf:
            tokens = {match.group(2) for match in CSRF_FIELD.finditer(content)}
            content = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\3", content)
            if not tokens or any(token in content for token in tokens):
                return None  # a token used where it cannot be taken out: not stored
        elif len(content) >= MIN_COMPRESSED_LENGTH and response.get("Content-Type", "").startswith(
            COMPRESSIBLE_TYPES
        ):
            # Kept compressed only: a hit reads a tenth of the bytes from the cache, and
            # nearly every browser and crawler accepts gzip.
            return (compress_string(content), True, headers, False)
        return (content, False, headers, uses_csrf)

    @staticmethod
    def _thaw(request, frozen):
        content, compressed, headers, uses_csrf = frozen
        if uses_csrf:
            # This visitor's own token; the CSRF middleware sets its cookie on the way out.
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        if not compressed:
            return HttpResponse(content, headers=headers)
        if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response = HttpResponse(content, headers=headers)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(content), headers=headers)
        patch_vary_headers(response, ("Accept-Encoding",))
        return response


def _content_changed(sender, **kwargs):
    content_changed()


def renew_on_changes_to(app_labels):
    """Renew the cached pages whenever a model of these apps is saved or deleted.

    Per model (and per many-to-many table), not for every sender: other models keep
    Django's fast deletes (sessions, for one), and their changes cost nothing here."""
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            post_save.connect(_content_changed, sender=model)
            post_delete.connect(_content_changed, sender=model)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(_content_changed, sender=field.remote_field.through)
