"""The API's throttle and pagination, named in settings.REST_FRAMEWORK (a module of their
own: REST framework imports them while its views are being imported)."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle

from taskforce.core.client_address import client_ip


class ClientThrottle(SimpleRateThrottle):
    """API_RATE_LIMIT requests per client address (behind DJANGO_TRUSTED_PROXIES, the
    visitor's, not the proxy's), counted in the default cache: shared by every app server
    with CACHE_URL=redis://. Cached responses are answered before it (they cost nothing)."""

    scope = "api"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
