"""Validators shared by the portal's forms (registration and accounts)."""

from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.utils.translation import gettext_lazy as _


def validate_sendable_email(value):
    """Refuse an address that Django's mail can never put in a To: header.

    Django's EmailValidator accepts domains such as "\\ufffd.example" or one with a label
    that is too long once IDNA-encoded; sending to them then raises UnicodeError. Checked
    with the same function that builds the header, so what passes here can be sent."""
    try:
        sanitize_address(value, "utf-8")
    except (ValueError, IndexError) as error:  # UnicodeError is a ValueError
        raise ValidationError(
            _("Enter an email address that can receive mail: check the part after “@”."),
            code="invalid",
        ) from error
