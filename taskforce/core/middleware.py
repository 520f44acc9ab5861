"""Middleware of the portal's own: compression of text, and two-factor
authentication when ADMIN_REQUIRE_2FA is on (the admin here; the pages with registrants'
personal data through the same rule, second_factor_redirect)."""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def second_factor_redirect(request, *, setup_message, sign_in_message):
    """The one rule of ADMIN_REQUIRE_2FA, for the admin and every page that shows
    registrants' personal data: None when this request may go on, else where to send the
    person. Without a second factor set up yet, they are sent to set it up; with one that
    this session did not use (signed in before it was set up, or with the password alone),
    they are signed out and asked to sign in again, second step included, then brought
    back. The caller decides whom the rule covers (staff, or holders of a permission)."""
    if not settings.ADMIN_REQUIRE_2FA or not request.user.is_authenticated:
        return None
    user = request.user
    if not is_mfa_enabled(user):
        messages.warning(request, setup_message)
        return redirect("mfa_index")
    records = get_authentication_records(request, user)
    if any(record.get("method") == "mfa" for record in records):
        return None
    logout(request)
    messages.warning(request, sign_in_message)
    login_url = reverse("account_login")
    return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")


class AdminTwoFactorMiddleware:
    """With ADMIN_REQUIRE_2FA on, staff reach /admin/ only in a session signed in with a
    second factor (see second_factor_redirect; the coordinators' pages ask the same through
    their decorator, registrations.coordinator_views.coordinator_permission_required)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if settings.ADMIN_REQUIRE_2FA and self._is_admin(request) and request.user.is_staff:
            refusal = second_factor_redirect(
                request,
                setup_message=_("Set up two-factor authentication to use the administration site."),
                sign_in_message=_(
                    "Sign in again with your second factor to use the administration site."
                ),
            )
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _is_admin(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        return request.path.startswith(self.admin_prefix)


# Types worth compressing: pages, feeds, calendars and CSV exports. Documents (PDF, Office
# files) and XLSX are compressed already; WhiteNoise serves static files pre-compressed.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "application/json",
)


class TextCompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (which pads each response with random bytes against BREACH),
    for text only: compressing a PDF again would only cost time and its Content-Length."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
