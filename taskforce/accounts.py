"""How django-allauth fits the portal: email-only accounts, and the visitor's real address
behind the TLS proxy for allauth's rate limits."""

from allauth.account.adapter import DefaultAccountAdapter

from .clients import client_ip
from .validators import validate_sendable_email


def user_display(user):
    """Accounts are email-only: greet people by their address, not a generated username."""
    return user.email or user.get_username()


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # The same rule as the registration rate limit (DJANGO_TRUSTED_PROXIES). allauth's
        # own answers a server error when X-Forwarded-For is shorter than expected.
        return client_ip(request) or "0.0.0.0"

    def clean_email(self, email):
        # Signup, adding an address and password reset: an address no mail can reach gets
        # a form error, not a server error when allauth sends its message.
        validate_sendable_email(email)
        return super().clean_email(email)
