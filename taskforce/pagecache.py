"""Anonymous visitors' public pages, cached whole, per language, until the content changes.

Most of the portal's traffic is people reading the same pages. A page is stored once per
path, query and language, and served from the cache to every visitor who has neither a
session nor a pending message; signed-in staff, coordinators and participants always get a
fresh page. What would make a page personal keeps it out of the cache: a cookie set by the
response (a CSRF token, so pages with POST forms), `Vary: Cookie` (the session was read),
or an explicit `Cache-Control: private`.

Invalidation is by generation: every stored key carries the current generation number,
and any change to the portal's models (saved, deleted, links changed; see `apps.py`)
starts a new one, so the next request renders and stores a fresh page. With
`CACHE_URL=redis://...` the generation is shared by every app server; with the default
per-process memory cache each process has its own cache and generation, which is right for
one process (tests, `make run`) but would let other processes serve an old page for up to
PAGE_CACHE_SECONDS. Time still moves pages on ("upcoming" events): entries expire after
PAGE_CACHE_SECONDS (5 minutes by default).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

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
        "sitemap",
        "robots",
    }
)
# Cookies that make a page personal: a session (signed in, or anything kept for the
# visitor) or messages waiting to be shown.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Longer queries are rendered but not stored: nobody shares them, and they would crowd
# the cache out.
MAX_QUERY_LENGTH = 200
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


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
        if key is not None and self._storable(response):
            cache.set(key, self._freeze(response), settings.PAGE_CACHE_SECONDS)
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
        return self._thaw(frozen)

    def _cacheable(self, request):
        match = request.resolver_match
        return (
            request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in CACHED_VIEWS
            and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
            and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
        )

    @staticmethod
    def _storable(response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
        cache_control = response.get("Cache-Control", "").lower()
        return "cookie" not in vary and not any(
            word in cache_control for word in ("private", "no-store", "no-cache")
        )

    @staticmethod
    def _freeze(response):
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        return (response.content, headers)

    @staticmethod
    def _thaw(frozen):
        content, headers = frozen
        return HttpResponse(content, headers=headers)
