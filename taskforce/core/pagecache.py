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

With a shared cache, a round trip to it is most of a hit's cost (half of it, measured). So
each process also keeps the pages it has just served in its own memory, for
PAGE_CACHE_LOCAL_SECONDS (2 by default), and answers them again from there without asking
the cache: a change, or a registration's seats, shows on every server at most that much
later. Signed-in people never get these pages, so editors always see their changes at once.
"""

import functools
import hashlib
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import cc_delim_re

from .pagestore import freeze, thaw, uses_csrf

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
# A process's own copies (see above) are the pages served in the last few seconds; past this
# many, the expired ones are dropped, and if none has expired, all of them.
LOCAL_MAX_PAGES = 1000


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
        # This process's own copies of pages it served: key -> (valid until, frozen page).
        self.local = {}

    def __call__(self, request):
        lookup = self._lookup(request) if settings.PAGE_CACHE_SECONDS else None
        if lookup is None:
            return self.get_response(request)
        if lookup.frozen is not None:
            response = thaw(request, lookup.frozen, self.csrf)
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._same_page(request, lookup) and self._storable(request, response):
            if (frozen := freeze(response)) is not None:
                cache.set(lookup.key, (lookup.stamps, frozen), self._timeout(lookup))
                self._keep(lookup.key, frozen)
        response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _local_seconds():
        # A per-process memory cache is this process's own already: nothing to gain.
        if isinstance(caches["default"], LocMemCache):
            return 0
        return settings.PAGE_CACHE_LOCAL_SECONDS

    def _kept(self, key):
        """This process's own copy of the page, if it has one from the last few seconds."""
        kept = self.local.get(key)
        if kept is not None and kept[0] > time.monotonic():
            return kept[1]
        return None

    def _keep(self, key, frozen):
        if not (seconds := self._local_seconds()):
            return
        now = time.monotonic()
        if len(self.local) >= LOCAL_MAX_PAGES:
            self.local = {k: kept for k, kept in list(self.local.items()) if kept[0] > now}
            if len(self.local) >= LOCAL_MAX_PAGES:
                self.local = {}
        self.local[key] = (now + seconds, frozen)

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
        if (kept := self._kept(key)) is not None:
            return _Lookup(key, None, language, view_name, frozen=kept)
        found = cache.get_many([key, *stamp_keys])
        stamps = _current_stamps(stamp_keys, found)
        lookup = _Lookup(key, stamps, language, view_name)
        stored = found.get(key)
        if stored is not None and stored[0] == stamps:
            lookup.frozen = stored[1]
            self._keep(key, lookup.frozen)
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
        token_page = uses_csrf(response)
        if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
        if "cookie" in vary and not token_page:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


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
