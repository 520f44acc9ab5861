"""Putting an email in the outbox: `queue_email(...)` writes the row in the current
transaction and queues its sending once that transaction commits."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from taskforce.core.background import queue_after_commit

from .models import ERASED_ADDRESS, Email


def queue_email(
    *,
    kind,
    to,
    language,
    registration=None,
    subject="",
    text="",
    html="",
    reply_to="",
    headers=None,
):
    """Write the outbox row now; send it after the commit. Registration emails give only
    kind, registration and language (rendered when sent); others give their body.
    `reply_to`, if given, replaces the portal's Reply-To address for this email; `headers`
    are added to it (a digest's List-Unsubscribe)."""
    email = Email.objects.create(
        kind=kind,
        to=to,
        reply_to=reply_to,
        headers=headers or {},
        language=language,
        registration=registration,
        subject=subject,
        body_text=text,
        body_html=html,
    )
    from .tasks import send_email

    queue_after_commit(send_email, email.pk)
    return email


def queue_message(message, *, kind, language):
    """An already rendered EmailMessage (allauth's), one row per recipient."""
    if message.content_subtype == "html":
        text, html = "", message.body
    else:
        alternatives = getattr(message, "alternatives", [])
        text = message.body
        html = next((content for content, mimetype in alternatives if "html" in mimetype), "")
    with transaction.atomic():
        return [
            queue_email(
                kind=kind, to=to, language=language, subject=message.subject, text=text, html=html
            )
            for to in message.to
        ]


def erase_mail(emails):
    """A data-rights erasure or the retention purge: these rows keep their kind, status and
    dates (the counts), lose their address and contents, and any still waiting is aborted."""
    emails.filter(status__in=Email.WAITING).update(
        status=Email.Status.ABORTED, last_error=gettext_noop("Erased before it was sent.")
    )
    # The server's answer often repeats the address ("550 <ana@...> unknown"): it goes too.
    return emails.update(
        to=ERASED_ADDRESS,
        subject="",
        body_text="",
        body_html="",
        attachment="",
        last_error="",
        body_deleted_at=timezone.now(),
    )
