"""The outbox: one row per email, written in the transaction that causes it.

A row records what to send: its kind, the registration it is about (if any), its language
and address. The body is rendered when it is sent (registration emails, through the
renderer of their kind: rendering.py) or stored when queued (allauth's messages, which
allauth renders itself). sending.py sends it; the states:

    queued ──claim──> sending ──> sent
       ^                 │──────> retrying (4xx about this message; next_attempt_at grows)
       │                 │──────> failed (5xx to the recipient or the data; or gave up)
       └──── server down, or stuck in "sending" for 10 minutes (the sweep)
    queued / retrying ──coordinator──> aborted
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# allauth's messages: their kind starts with this, and their bodies hold sign-in keys.
ACCOUNT_KIND_PREFIX = "account."
# What an erased row's address becomes (.invalid is reserved: nothing is ever sent there).
ERASED_ADDRESS = "erased@invalid"


class EmailQuerySet(models.QuerySet):
    def waiting(self):
        """Not sent yet and still to be tried."""
        return self.filter(status__in=Email.WAITING)

    def due(self, now=None):
        return self.waiting().filter(next_attempt_at__lte=now or timezone.now())

    def undelivered(self):
        return self.filter(status__in=Email.UNDELIVERED)

    def latest_of_registration(self):
        """For a Subquery: the newest of these emails of the outer query's registration."""
        return self.filter(registration=OuterRef("pk")).order_by("-created_at", "-pk")


class Email(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Retrying")
        FAILED = "failed", _("Failed")
        ABORTED = "aborted", _("Aborted")

    WAITING = (Status.QUEUED, Status.RETRYING)
    # Not (yet) taken by the mail server.
    UNDELIVERED = (Status.QUEUED, Status.SENDING, Status.RETRYING, Status.FAILED)

    kind = models.CharField(_("kind"), max_length=60)
    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    to = models.EmailField(_("to"), max_length=254)
    # Where replies go when not to the portal's EMAIL_REPLY_TO: a coordinator's message to
    # registrants is answered to the coordinator who wrote it.
    reply_to = models.EmailField(_("replies to"), max_length=254, blank=True, default="")
    subject = models.CharField(_("subject"), max_length=400, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    # One calendar file at most (registration emails): name and content.
    attachment_name = models.CharField(_("attachment"), max_length=200, blank=True)
    attachment = models.TextField(blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    last_error = models.TextField(_("server's answer"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    body_deleted_at = models.DateTimeField(_("body deleted at"), null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="email_waiting_idx",
                condition=Q(status__in=["queued", "retrying"]),
            ),
            models.Index(fields=["registration", "-created_at"], name="email_registration_idx"),
            models.Index(fields=["status", "sent_at"], name="email_status_sent_idx"),
            models.Index(fields=["status", "created_at"], name="email_status_created_idx"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.to} ({self.get_status_display()})"


class RefusedAddress(models.Model):
    """An address the mail server refused for good (5xx to RCPT or DATA). Nothing more is
    sent to it until its owner registers again (the new registration's confirmation clears
    the mark when it is sent: sending.py)."""

    email = models.EmailField(_("email"), max_length=254, unique=True)
    refused_at = models.DateTimeField(_("refused at"), default=timezone.now)
    reason = models.TextField(_("server's answer"), blank=True)

    class Meta:
        verbose_name = _("refused address")
        verbose_name_plural = _("refused addresses")
        ordering = ["-refused_at"]

    def __str__(self):
        return self.email

    @classmethod
    def is_refused(cls, email):
        return cls.objects.filter(email=email.lower()).exists()

    @classmethod
    def clear(cls, email):
        cls.objects.filter(email=email.lower()).delete()


class MailServer(models.Model):
    """The one mail server's state, shared by every worker: while it cannot be reached,
    mail waits for a check every minute instead of each message failing on its own."""

    down_since = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("mail server")

    def __str__(self):
        return f"down since {self.down_since}" if self.down_since else "up"

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]


class JobRun(models.Model):
    """When each periodic job last started and finished: beat's heartbeat."""

    name = models.CharField(max_length=80, unique=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self):
        return self.name


def reply_to():
    return [settings.EMAIL_REPLY_TO] if settings.EMAIL_REPLY_TO else []
