"""Django's createsuperuser, for a portal where staff sign in with their email address.

The address is required, and it is marked verified: allauth would otherwise stop the first
sign-in at "Verify your email address" and mail a link to an address nobody has checked yet.
"""

import os

from django.contrib.auth.management.commands import createsuperuser
from django.core.management.base import CommandError

from taskforce.core.allauth_adapter import verify_staff_email

EMAIL_REQUIRED = "Staff sign in with their email address: enter one."


class Command(createsuperuser.Command):
    help = "Creates a superuser who signs in with a verified email address."

    def get_input_data(self, field, message, default=None):
        value = super().get_input_data(field, message, default)
        if field.name == "email" and value == "":
            self.stderr.write(f"Error: {EMAIL_REQUIRED}")
            return None  # asked again, as for any invalid answer
        return value

    def handle(self, *args, **options):
        if not options["interactive"] and not (
            options.get("email") or os.environ.get("DJANGO_SUPERUSER_EMAIL")
        ):
            raise CommandError(f"{EMAIL_REQUIRED} (--email or DJANGO_SUPERUSER_EMAIL)")
        users = self.UserModel._default_manager.db_manager(options["database"])
        existing = set(users.filter(is_superuser=True).values_list("pk", flat=True))
        super().handle(*args, **options)
        for user in users.filter(is_superuser=True).exclude(pk__in=existing):
            verify_staff_email(user)
