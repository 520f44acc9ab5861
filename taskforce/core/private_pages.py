"""Responses the portal's views share: pages reached through a secret link (a registrant's
private page, a subscriber's), and the redirect after a POST."""

from django.shortcuts import redirect


def see_other(to, *args):
    """303: after a POST, the browser GETs the next page (no re-submission on reload)."""
    response = redirect(to, *args)
    response.status_code = 303
    return response


def private(response):
    """Kept out of caches and search engines, and its address never sent to other sites.
    `same-origin`, not `no-referrer`: under `no-referrer` browsers post the page's own forms
    with `Origin: null`, which Django's CSRF check refuses."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response
