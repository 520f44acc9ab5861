"""How a cached page is stored and served again (taskforce/core/pagecache.py): `freeze` a
response into what the cache keeps, `thaw` it into the response a visitor gets, with the
headers it had when stored, gzipped when the visitor accepts it, and, for a page with a form,
the visitor's own CSRF token and cookie put in."""

import gzip
import re

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from .middleware import COMPRESSIBLE_TYPES
from .pagegzip import deflate_pieces, gzip_with

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


def uses_csrf(response):
    # Django's CSRF middleware (inside the page cache's) sets its cookie on every response
    # whose page asked for a token.
    return settings.CSRF_COOKIE_NAME in response.cookies


def freeze(response):
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
    if uses_csrf(response):
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


def thaw(request, frozen, csrf):
    """The response to this request from a stored page; `csrf` is a CsrfViewMiddleware, which
    gives a page with a form this visitor's token and cookie as it would on a fresh page."""
    content, compressed, headers, csrf_pieces = frozen
    accepts_gzip = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    if csrf_pieces is not None:
        # This visitor's own token (their cookie's, if they have a valid one), and its
        # cookie, as the CSRF middleware would give them.
        csrf.process_request(request)
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
        csrf.process_response(request, response)
    return response
