from django.conf import settings


def client_ip(request):
    """The visitor's address. Behind N trusted proxies (DJANGO_TRUSTED_PROXIES), it is the
    address the outermost of them saw, the Nth from the right in X-Forwarded-For; anything
    further left was written by the client and cannot be trusted."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
