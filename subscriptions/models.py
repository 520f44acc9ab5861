"""Following the task force by email, without an account: an address, the topics it
follows, and the language of its emails. Nothing is sent to an address before its owner
confirms it (double opt-in); unsubscribing deletes the row."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from taskforce.core.validators import validate_sendable_email

REPORTS, EVENTS, GROUP_PREFIX = "reports", "events", "group-"


def new_token():
    """The subscriber's link to confirm, manage and end the subscription: 192 random bits."""
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.exclude(confirmed_at=None)

    def for_email(self, email):
        return self.filter(email__iexact=email)


class Subscriber(models.Model):
    email = models.EmailField(_("email"), max_length=254, validators=[validate_sendable_email])
    # "reports", "events" and "group-<slug>" of each working group followed.
    topics = models.JSONField(_("topics"), default=list)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    consent_at = models.DateTimeField(_("consent given at"))
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The digest covers what became visible after this (first: the confirmation).
    digest_sent_at = models.DateTimeField(_("last digest at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [models.UniqueConstraint(Lower("email"), name="one_subscription_per_address")]

    def __str__(self):
        return self.email

    @property
    def group_slugs(self):
        return [
            topic.removeprefix(GROUP_PREFIX)
            for topic in self.topics
            if topic.startswith(GROUP_PREFIX)
        ]
