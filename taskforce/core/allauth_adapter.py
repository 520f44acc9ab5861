"""How django-allauth fits the portal: email-only accounts, and the visitor's real address
behind the TLS proxy for allauth's rate limits."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.utils.translation import gettext

from .client_address import client_ip
from .validators import validate_sendable_email


def user_display(user):
    """Accounts are email-only: greet people by their address, not a generated username."""
    return user.email or user.get_username()


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # The same rule as the registration rate limit (DJANGO_TRUSTED_PROXIES). allauth's
        # own answers a server error when X-Forwarded-For is shorter than expected.
        return client_ip(request) or "0.0.0.0"

    def format_email_subject(self, subject):
        # allauth's messages (address confirmation, password reset) are sent in the
        # visitor's language: so is the task force's name in front of their subject.
        return f"[{gettext('US–Mexico Transportation Electrification Task Force')}] {subject}"

    def clean_email(self, email):
        # Signup, adding an address and password reset: an address no mail can reach gets
        # a form error, not a server error when allauth sends its message.
        validate_sendable_email(email)
        return super().clean_email(email)


def verify_staff_email(user) -> bool:
    """Mark a staff account's address verified, so that its first sign-in goes straight to
    the admin instead of stopping at "Verify your email address": whoever made the account
    (createsuperuser, or a superuser in the admin) vouches for the address.

    Returns False when there is nothing to verify (not staff, no address) or when another
    account already holds the address verified (allauth keeps verified addresses unique).
    """
    if not (user.is_staff and user.email):
        return False
    email = user.email.lower()
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        address = EmailAddress(user=user, email=email)
    if not address.can_set_verified():
        return False
    address.verified = True
    address.save()
    address.set_as_primary(conditional=True)
    return True
