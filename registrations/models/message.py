from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .event import Event
from .registration import Registration


class Message(models.Model):
    """What a coordinator wrote to an event's registrants: one outbox email per recipient
    (MessageRecipient), each in the registrant's language, the placeholders filled in when
    the worker renders it."""

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed registrants")
        WAITLISTED = "waitlisted", _("The waiting list")
        ATTENDED = "attended", _("Those who attended (checked in or joined online)")
        ABSENT = "absent", _("Confirmed registrants who did not attend")
        ALL = "all", _("Every active registration")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="messages", verbose_name=_("event")
    )
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_en = models.TextField(_("message (English)"), max_length=10000)
    subject_es = models.CharField(_("subject (Spanish)"), max_length=200, blank=True)
    body_es = models.TextField(_("message (Spanish)"), max_length=10000, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    # Replies go to the coordinator who wrote it, as their address was when they sent it.
    reply_to = models.EmailField(_("replies to"), max_length=254, blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")

    def __str__(self):
        return self.subject_en


class MessageRecipient(models.Model):
    """One registrant a message went to, and the outbox email that carries it (its delivery
    status is the email's)."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("message")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="messages_received",
        verbose_name=_("registration"),
    )
    email = models.OneToOneField(
        "background.Email",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="message_recipient",
        verbose_name=_("email"),
    )

    class Meta:
        ordering = ["message", "pk"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "registration"], name="one_copy_of_a_message_per_registration"
            )
        ]

    def __str__(self):
        return f"{self.message} → {self.registration}"
