"""Anonymous visitors' public pages, cached whole, per language, until what they show changes.

Most of the portal's traffic is people reading the same pages. A page is stored once per
URL (scheme, host, path and query) and language, and served from the cache to every visitor
who has neither a session nor a pending message; signed-in staff, coordinators and
participants always get a fresh page. What would make a page personal keeps it out of the
cache: reading the session, a cookie set by the response, or an explicit
`Cache-Control: private`. The one exception is the CSRF token of a form to post (the
registration form): the page is stored without it, and each visitor gets their own token,
and its cookie, when it is served.

A hit is answered as early as it safely can be: this middleware sits right after the
security middleware (which redirects plain HTTP and adds its headers to every response),
before sessions, authentication, messages and the rest, which a stored anonymous page does
not need. So a page is stored with every header the inner middleware gave it (CSP,
Content-Language, Vary, X-Frame-Options), and a hit goes out with the same ones.

Invalidation is by stamps. Every stored page carries the values of the stamps it depends
on, read before it was rendered: the site's generation (`GENERATION_KEY`), and for an
event's own pages (detail, form, calendar) that event's scope (`renew_scope("event",
slug)`). A hit reads the page and its stamps in one `get_many` (one Redis round trip) and is
served only if they are all still the same. Any change to the content apps' models starts a
new generation (every page renders anew); a registration only renews its event's scope, so
the rest of the site stays cached through a registration rush. The pages that show the seats
of many events (home, events list, a working group's page) are kept only
PAGE_CACHE_SEATS_SECONDS, so the seats they show are never more than a few seconds old.

With `CACHE_URL=redis://...` the stamps are shared by every app server; with the default
per-process memory cache each process has its own, which is right for one process (tests,
`make run`). Time still moves pages on ("upcoming" events): entries expire after
PAGE_CACHE_SECONDS (5 minutes by default).
"""

import functools
import gzip
import hashlib
import re
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.text import compress_string

from .middleware import COMPRESSIBLE_TYPES
from .pagegzip import deflate_pieces, gzip_with

GENERATION_KEY = "pagecache:generation"
SCOPE_KEY = "pagecache:scope:{kind}:{value}"

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
        "registrations:group_calendar",
        "registrations:registration_done",
        "registrations:register",
        "sitemap",
        "robots",
        "taskforce:developers",
        # The open data API (taskforce/api): the same public rows as the pages.
        "api:root",
        "api:schema",
        *(
            f"api:{name}-{kind}"
            for name in (
                "themes",
                "recommendations",
                "working-groups",
                "organizations",
                "documents",
                "events",
            )
            for kind in ("list", "detail")
        ),
    }
)
# An event's own pages, which show its seats: renewed by renew_scope("event", slug).
EVENT_VIEWS = frozenset(
    {"registrations:event_detail", "registrations:register", "registrations:event_calendar"}
)
# Pages that show the seats of many events: kept only PAGE_CACHE_SEATS_SECONDS.
SEAT_LIST_VIEWS = frozenset(
    {
        "taskforce:home",
        "registrations:event_list",
        "workinggroups:detail",
        "api:events-list",
        "api:events-detail",
    }
)
# Cookies that make a page personal: a session (signed in, or anything kept for the
# visitor) or messages waiting to be shown.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Only queries the pages understand are stored (search, filters, page): any other query,
# or a long one, is rendered but not stored, so made-up URLs cannot crowd the cache out.
KNOWN_PARAMETERS = frozenset(
    {"q", "page", "kind", "theme", "group", "year", "language", "sector", "country"}
    # and the API's own: its language, page size and filters
    | {"lang", "page_size", "when", "mode", "status"}
)
MAX_QUERY_LENGTH = 200
# Headers a hit gets anew rather than from the stored page.
UNSTORED_HEADERS = frozenset({"content-length", "x-cache"})
# A page with a form to post (the registration form) is stored without its CSRF token, and
# each visitor's own token is put back when it is served.
CSRF_FIELD = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")([^"]+)(")')
CSRF_PLACEHOLDER = b"{{portal-csrf-token}}"
# Stored pages are kept gzipped, so that a hit is neither read from the cache in full nor
# compressed again (the sitemap is 2 MB of XML, 50 kB gzipped). Pages with a CSRF token
# are compressed per response, token included.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
MIN_COMPRESSED_LENGTH = 200


def _new_stamp():
    # A new value, not an increment: if the key was evicted, counting again from 1 could
    # bring back pages stored under an old stamp.
    return time.time_ns()


def generation():
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, _new_stamp(), timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def _renew(key):
    """Now, so that no page cached before the change is served again, and once more after
    the transaction commits, so that a page rendered meanwhile from the not yet committed
    state is not kept either."""
    cache.set(key, _new_stamp(), timeout=None)
    transaction.on_commit(lambda: cache.set(key, _new_stamp(), timeout=None))


def content_changed():
    """Called whenever something the public pages show has changed: every page renews."""
    _renew(GENERATION_KEY)


def renew_scope(kind, value):
    """Renew only the pages that declare this scope, e.g. ("event", slug): an event's own
    pages after a registration changed its seats. Once the transaction commits only: until
    then every other visitor still sees the seats as they were, and a registration holds
    its event's lock meanwhile, which a cache round trip would lengthen."""
    key = SCOPE_KEY.format(kind=kind, value=value)
    transaction.on_commit(lambda: cache.set(key, _new_stamp(), timeout=None))


def _uses_csrf(response):
    # Django's CSRF middleware (inside this one) sets its cookie on every response whose
    # page asked for a token.
    return settings.CSRF_COOKIE_NAME in response.cookies


@functools.lru_cache(maxsize=4096)
def _cacheable_view(urlconf, language, path):
    """(URL name, keys of the stamps the page depends on) of a path in a cacheable view,
    else None. Remembered per process: the URLs do not change while it runs, and this is
    a good part of a hit's time (the URL conf is part of the key, for tests that swap it)."""
    with translation.override(language):
        try:
            match = resolve(path, urlconf)
        except Resolver404:
            return None
    if match.view_name not in CACHED_VIEWS:
        return None
    keys = (GENERATION_KEY,)
    if match.view_name in EVENT_VIEWS:
        keys += (SCOPE_KEY.format(kind="event", value=match.kwargs["slug"]),)
    return match.view_name, keys


def _current_stamps(keys, found):
    """The stamps' values; any missing (first use, or evicted) is started first."""
    stamps = tuple(found.get(key) for key in keys)
    if None not in stamps:
        return stamps
    for key, stamp in zip(keys, stamps, strict=True):
        if stamp is None:
            cache.add(key, _new_stamp(), timeout=None)
    found = cache.get_many(keys)
    return tuple(found.get(key) for key in keys)


@dataclass
class _Lookup:
    """A cacheable request: its page's key, the stamps read before rendering it, and the
    stored page when it is still valid (a hit)."""

    key: str
    stamps: tuple
    language: str
    view_name: str
    frozen: tuple | None = None


class PublicPageCacheMiddleware:
    """Serves and stores the pages in CACHED_VIEWS for anonymous visitors.

    It resolves the URL itself, in the page's language, and answers a hit at once, with
    the headers stored with the page; a miss goes through the inner middleware and the
    view, and is stored on the way back, after every inner middleware has added its
    headers and cookies."""

    def __init__(self, get_response):
        self.get_response = get_response
        # A cached form's token and cookie, exactly as the inner CSRF middleware gives them.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        lookup = self._lookup(request) if settings.PAGE_CACHE_SECONDS else None
        if lookup is None:
            return self.get_response(request)
        if lookup.frozen is not None:
            response = self._thaw(request, lookup.frozen)
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._same_page(request, lookup) and self._storable(request, response):
            if (frozen := self._freeze(response)) is not None:
                cache.set(lookup.key, (lookup.stamps, frozen), self._timeout(lookup))
        response["X-Cache"] = "miss"
        return response

    def _lookup(self, request):
        """None unless the request is for a cacheable page; else the page's key and stamps,
        and the page if stored and valid. One cache round trip when it is a hit."""
        if (
            request.method != "GET"  # a view may answer HEAD differently (the form's 405)
            or any(name in request.COOKIES for name in PERSONAL_COOKIES)
            or len(query := request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH
            or (query and not KNOWN_PARAMETERS.issuperset(request.GET))
        ):
            return None
        # The language and the URL as LocaleMiddleware and the URL resolver will see them.
        language = translation.get_language_from_request(request, check_path=True)
        view = _cacheable_view(settings.ROOT_URLCONF, language, request.path_info)
        if view is None:
            return None
        view_name, stamp_keys = view
        # Pages hold absolute links (canonical, hreflang): the scheme and host are part of
        # it. get_host() refuses a host that is not allowed, as the page's own links would.
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(url.encode()).hexdigest()
        key = f"pagecache:page:{language}:{digest}"
        found = cache.get_many([key, *stamp_keys])
        stamps = _current_stamps(stamp_keys, found)
        lookup = _Lookup(key, stamps, language, view_name)
        stored = found.get(key)
        if stored is not None and stored[0] == stamps:
            lookup.frozen = stored[1]
        return lookup

    @staticmethod
    def _same_page(request, lookup):
        # What the inner middleware and the resolver made of the request is what the key
        # was made from.
        match = request.resolver_match
        return (
            getattr(request, "LANGUAGE_CODE", None) == lookup.language
            and match is not None
            and match.view_name == lookup.view_name
        )

    @staticmethod
    def _timeout(lookup):
        if lookup.view_name in SEAT_LIST_VIEWS:
            return min(settings.PAGE_CACHE_SEATS_SECONDS, settings.PAGE_CACHE_SECONDS)
        return settings.PAGE_CACHE_SECONDS

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
        """(content, gzipped, headers, CSRF pieces) to store, or None if it cannot be.
        A page with a CSRF token is kept plain with a placeholder for it, and, when worth
        compressing, as deflated pieces around it (pagegzip.py); None for other pages."""
        headers = {
            name: value for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
        }
        content = response.content
        compressible = len(content) >= MIN_COMPRESSED_LENGTH and response.get(
            "Content-Type", ""
        ).startswith(COMPRESSIBLE_TYPES)
        if _uses_csrf(response):
            tokens = {match.group(2) for match in CSRF_FIELD.finditer(content)}
            content = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\3", content)
            if not tokens or any(token in content for token in tokens):
                return None  # a token used where it cannot be taken out: not stored
            pieces = deflate_pieces(content, CSRF_PLACEHOLDER) if compressible else ()
            return (content, False, headers, pieces)
        if compressible:
            # Kept compressed only: a hit reads a tenth of the bytes from the cache, and
            # nearly every browser and crawler accepts gzip.
            return (compress_string(content), True, headers, None)
        return (content, False, headers, None)

    def _thaw(self, request, frozen):
        content, compressed, headers, csrf_pieces = frozen
        accepts_gzip = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if csrf_pieces is not None:
            # This visitor's own token (their cookie's, if they have a valid one), and its
            # cookie, as the CSRF middleware would give them.
            self.csrf.process_request(request)
            token = get_token(request).encode()
            if csrf_pieces and accepts_gzip:
                content = gzip_with(content, csrf_pieces, CSRF_PLACEHOLDER, token)
                compressed = True
            else:
                # Compressed on the way out, if at all, by the compression middleware.
                content = content.replace(CSRF_PLACEHOLDER, token)
        if not compressed:
            response = HttpResponse(content, headers=headers)
        elif accepts_gzip:
            response = HttpResponse(content, headers=headers)
            response["Content-Encoding"] = "gzip"
            patch_vary_headers(response, ("Accept-Encoding",))
        else:
            response = HttpResponse(gzip.decompress(content), headers=headers)
            patch_vary_headers(response, ("Accept-Encoding",))
        response["Content-Length"] = str(len(response.content))
        if csrf_pieces is not None:
            self.csrf.process_response(request, response)
        return response


def _content_changed(sender, **kwargs):
    content_changed()


def renew_on_changes_to(app_labels, *, scoped=None, ignored=()):
    """Renew the cached pages whenever a model of these apps is saved or deleted.

    Per model (and per many-to-many table), not for every sender: other models keep
    Django's fast deletes (sessions, for one), and their changes cost nothing here.
    `scoped` maps a model to a function of (instance, created, update_fields) that renews,
    when one is saved, only the pages that show it (see renew_scope) instead of the whole
    site; deleting one still renews everything (rare: the admin, or its event deleted).
    Models in `ignored` are on no public page: their changes renew nothing."""
    scoped = scoped or {}
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            if model in ignored:
                continue
            if model in scoped:
                post_save.connect(_scoped_saved(scoped[model]), sender=model, weak=False)
            else:
                post_save.connect(_content_changed, sender=model)
            post_delete.connect(_content_changed, sender=model)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(_content_changed, sender=field.remote_field.through)


def _scoped_saved(renew):
    def saved(sender, instance, created=False, update_fields=None, **kwargs):
        renew(instance, created, update_fields)

    return saved
