from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def _on_this_site(path):
    """The path with one leading slash: a browser follows "//host/..." (and "/\\host/...")
    to another site, and translate_url reads such a path as a host too. A request for
    "//evil.example/en/" must not get language links to evil.example."""
    return "/" + path.lstrip("/\\")


def _path_in(path, language):
    """The same page in another language: Django's translate_url for pages that resolve,
    and a swapped prefix for those that do not (a 404 page links to its twin)."""
    path = _on_this_site(path)
    url = translate_url(path, language)
    if url != path:
        return _on_this_site(url)
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return f"/{language}/{path[len(code) + 2 :]}"
    return url


def _may_export_registrants(request):
    """Whether the page may offer the coordinators' links (summary, exports). Asked only
    of a visitor with a session cookie: reading anyone else's user would read their
    (empty) session, which keeps a public page out of the page cache (pagecache.py)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.has_perm("registrations.export_registration")


def portal(request):
    """The language switch and hreflang alternates of every page, and whether to offer a
    coordinator's links. No database access unless a template asks the latter (a
    callable, evaluated only where used), so error pages can use it too."""
    current = get_language()
    path = request.get_full_path()
    alternates = [
        {
            "code": code,
            "name": {"en": "English", "es": "Español"}.get(code, code),
            "url": _path_in(path, code),
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {
        "language_alternates": alternates,
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
        "may_export_registrants": lambda: _may_export_registrants(request),
    }
