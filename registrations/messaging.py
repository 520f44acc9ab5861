"""Coordinators' messages to an event's registrants.

A message is written once, in English and (optionally) Spanish, with plain-text
placeholders: {name}, {event} and {link} (the registrant's private link). Sending it
(`message_send`) writes, in one transaction, the Message, one MessageRecipient and one
outbox email per registrant of the audience; the worker renders each email when it sends
it, in the registrant's language (`render`, registered in apps.py for MESSAGE_KIND).

The placeholders are filled by one regular-expression pass, never by the template engine:
what a coordinator types (and what a registrant typed as their name) stays text, so
"{{ ... }}" can run nothing and a name such as "{link}" is not filled in again.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from taskforce.background.mail import queue_email
from taskforce.background.rendering import NotToBeSent, RenderedEmail

from .calendar import absolute_url
from .models import AccessRecord, Event, Message, MessageRecipient, Registration

MESSAGE_KIND = "registration.message"
TEST_KIND = "registration.message_test"
PLACEHOLDERS = ("name", "event", "link")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Template syntax has no meaning here: refused, so that nobody believes it works.
TEMPLATE_CODE = re.compile(r"\{\{|\}\}|\{%|%\}")
# The same message by the same coordinator to the same audience within this time is a
# double click (or a reload of the sent form), not a second message.
DUPLICATE_WINDOW = timedelta(minutes=2)


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def has_template_code(text: str) -> bool:
    return bool(TEMPLATE_CODE.search(text))


def fill_placeholders(text: str, values: dict) -> str:
    """One pass: a value that itself looks like a placeholder is left as it is."""
    return PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), text)


@dataclass
class Texts:
    """What the coordinator wrote; an empty Spanish subject and message fall back to the
    English ones."""

    subject_en: str
    body_en: str
    subject_es: str = ""
    body_es: str = ""

    def in_language(self, language: str) -> tuple[str, str]:
        if language == "es" and self.subject_es.strip() and self.body_es.strip():
            return self.subject_es, self.body_es
        return self.subject_en, self.body_en

    @classmethod
    def of(cls, message: Message) -> "Texts":
        return cls(message.subject_en, message.body_en, message.subject_es, message.body_es)


def private_link(registration: Registration) -> str:
    """The registrant's private link, absolute, in the active language."""
    return absolute_url(registration.get_absolute_url())


def masked_link() -> str:
    """What previews and tests show instead of a registrant's private link: its shape, in
    the active language, without the secret (which also opens edit and cancel)."""
    return absolute_url(reverse("registrations:registration_detail", args=["private-link"]))


def render_for(texts: Texts, registration: Registration, *, link: str) -> RenderedEmail:
    """The email as `registration` reads it, in the active language (the worker activates
    the registrant's; previews activate it too)."""
    event = registration.event
    subject, body = texts.in_language(registration.language)
    values = {"name": registration.full_name, "event": event.title, "link": link}
    body = fill_placeholders(body, values)
    context = {
        "registration": registration,
        "event": event,
        "body": body,
        "registration_url": link,
        "event_url": absolute_url(event.get_absolute_url()),
    }
    return RenderedEmail(
        subject=" ".join(fill_placeholders(subject, values).split()),
        text=render_to_string("registrations/email/message.txt", context),
        html=render_to_string("registrations/email/message.html", context),
    )


def render(email) -> RenderedEmail:
    """The worker's renderer of MESSAGE_KIND (called in the row's language)."""
    recipient = MessageRecipient.objects.select_related("message", "registration__event").filter(
        email=email
    )
    recipient = recipient.first()
    registration = recipient.registration if recipient else None
    if registration is None or registration.is_anonymised:
        raise NotToBeSent(gettext_noop("The registration was erased before this message went out."))
    if not registration.is_active:
        raise NotToBeSent(
            gettext_noop("The registration was cancelled before this message went out.")
        )
    return render_for(Texts.of(recipient.message), registration, link=private_link(registration))


class DuplicateMessage(Exception):
    """The same message was sent a moment ago by the same coordinator: not sent again."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class EmptyAudience(Exception):
    """Nobody is in the audience: nothing was sent."""


@transaction.atomic
def message_send(*, event: Event, audience: str, texts: Texts, sent_by) -> Message:
    """Send a message to the event's registrants of `audience`: the Message, one
    MessageRecipient and one outbox email per registrant, and the access record, in one
    transaction. Under the event's lock, so that of two identical requests (a double
    click) the second sees the first's message and sends nothing (DuplicateMessage)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    now = timezone.now()
    earlier = Message.objects.filter(
        event=event,
        sent_by=sent_by,
        audience=audience,
        subject_en=texts.subject_en,
        body_en=texts.body_en,
        subject_es=texts.subject_es,
        body_es=texts.body_es,
        sent_at__gte=now - DUPLICATE_WINDOW,
    ).first()
    if earlier is not None:
        raise DuplicateMessage(earlier)
    registrations = list(event.registrations.audience(audience, now=now).queue_order())
    if not registrations:
        raise EmptyAudience
    message = Message.objects.create(
        event=event,
        audience=audience,
        subject_en=texts.subject_en,
        body_en=texts.body_en,
        subject_es=texts.subject_es,
        body_es=texts.body_es,
        sent_by=sent_by,
        reply_to=sent_by.email,
        sent_at=now,
        recipient_count=len(registrations),
    )
    MessageRecipient.objects.bulk_create(
        MessageRecipient(
            message=message,
            registration=registration,
            email=queue_email(
                kind=MESSAGE_KIND,
                to=registration.email,
                language=registration.language,
                registration=registration,
                reply_to=sent_by.email,
            ),
        )
        for registration in registrations
    )
    AccessRecord.objects.create(
        user=sent_by,
        action=AccessRecord.Action.MESSAGE,
        event=event,
        detail=f"audience: {audience}; recipients: {len(registrations)}",
    )
    return message


def message_test(*, texts: Texts, registration: Registration, user) -> None:
    """The email as `registration` would read it, to the coordinator's own address, marked
    as a test; the private link is masked. Rendered now, in the registrant's language."""
    with translation.override(registration.language):
        rendered = render_for(texts, registration, link=masked_link())
        subject = _("[Test] %(subject)s") % {"subject": rendered.subject}
    queue_email(
        kind=TEST_KIND,
        to=user.email,
        language=registration.language,
        subject=subject,
        text=rendered.text,
        html=rendered.html,
        reply_to=user.email,
    )
