"""allauth's messages (address confirmation, password reset, security notices) through
the outbox like every other email: allauth renders them in the visitor's language during
the request, and the row is sent after the commit, with retries."""

from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from taskforce.core.allauth_adapter import AccountAdapter

from .mail import queue_message
from .models import ACCOUNT_KIND_PREFIX


class OutboxAccountAdapter(AccountAdapter):
    def send_mail(self, template_prefix, email, context):
        # What allauth's own send_mail renders, queued instead of sent in the request.
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        kind = ACCOUNT_KIND_PREFIX + template_prefix.rsplit("/", 1)[-1]
        queue_message(message, kind=kind, language=translation.get_language() or "en")
