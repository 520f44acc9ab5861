"""The per-address limit on registration POSTs (REGISTRATION_RATE_LIMIT, e.g. "20/10m").

Counts live in Django's cache (django-ratelimit): per process with the local-memory
cache, shared by every app server with CACHE_URL=redis://...
"""

from django.conf import settings
from django_ratelimit.core import is_ratelimited

from taskforce.core.client_address import client_ip


def registration_rate_exceeded(request):
    rate = settings.REGISTRATION_RATE_LIMIT.strip().lower()
    if rate in {"", "off", "none"}:
        return False
    return is_ratelimited(
        request,
        group="registrations:register",
        key=lambda group, request: client_ip(request),
        rate=rate,
        method="POST",
        increment=True,
    )
