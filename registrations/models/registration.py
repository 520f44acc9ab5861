import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from taskforce.core import textsearch
from taskforce.core.validators import validate_sendable_email
from workinggroups.models import Sector

from .event import Event


def new_token():
    """The registrant's secret link: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def new_attendance_code():
    """Behind the QR code and the join link: 128 random bits, URL-safe. It opens nothing
    but the meeting (and, for coordinators, the check-in), so a forwarded calendar or a
    photographed badge leaks no one's registration."""
    return secrets.token_urlsafe(16)


def current_privacy_notice_version():
    return settings.PRIVACY_NOTICE_VERSION


def absent_condition(now=None):
    """Absent: confirmed and not attended, once the event has ended (before that nobody is
    absent yet). The one rule: the "absent" audience of messages and the summary's count."""
    return (
        models.Q(status="confirmed")
        & ~models.Q(attended=True)
        & models.Q(event__ends_at__lt=now or timezone.now())
    )


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED)

    def checked_in(self):
        return self.filter(checked_in_at__isnull=False)

    def named(self, text):
        """The check-in desk's search: every word typed appears in the name, whatever the
        accents and letter case ("jose garcia" finds "José García")."""
        return textsearch.containing_words(self, "full_name", text.split()[:5])

    def for_email(self, email):
        return self.filter(email__iexact=email)

    # The audiences of coordinators' messages (Message.Audience), each rule once.
    def attended(self):
        """Checked in at the desk or joined online."""
        return self.filter(attended=True)

    def absent(self, now=None):
        return self.filter(absent_condition(now))

    def audience(self, audience, now=None):
        """The registrations a message to `audience` goes to (never an anonymised one)."""
        chosen = {
            "confirmed": self.confirmed,
            "waitlisted": self.waitlisted,
            "attended": self.attended,
            "absent": lambda: self.absent(now),
            "all": self.active,
        }[audience]()
        return chosen.filter(is_anonymised=False)

    def reminder_due(self, *, hours, now):
        """Confirmed registrations not yet reminded, of published events (not called off)
        that start after `now` and within `hours`."""
        return (
            self.confirmed()
            .filter(
                is_anonymised=False,
                reminder_sent_at=None,
                event__is_published=True,
                event__is_cancelled=False,
                event__starts_at__gt=now,
                event__starts_at__lte=now + timedelta(hours=hours),
            )
            .select_related("event")
            .order_by("event__starts_at", "event_id", "created_at", "pk")
        )

    def queue_order(self):
        """Who is first on the waiting list: the oldest registration."""
        return self.order_by("created_at", "pk")

    def ahead_of(self, registration):
        """The registrations before `registration` in queue_order()."""
        return self.filter(
            models.Q(created_at__lt=registration.created_at)
            | models.Q(created_at=registration.created_at, pk__lt=registration.pk)
        )


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class AttendanceMode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    ACTIVE_STATUSES = [Status.CONFIRMED, Status.WAITLISTED]

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254, validators=[validate_sendable_email])
    organization = models.CharField(_("organization"), max_length=200, blank=True, default="")
    job_title = models.CharField(_("job title"), max_length=200, blank=True, default="")
    sector = models.CharField(
        _("sector"), max_length=30, choices=Sector.choices, default=Sector.OTHER
    )
    country = CountryField(_("country"), blank=True, default="")
    attendance_mode = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceMode.choices, blank=True, default=""
    )
    needs = models.TextField(
        _("accessibility or dietary needs"), max_length=2000, blank=True, default=""
    )
    interpretation = models.BooleanField(_("English–Spanish interpretation"), default=False)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED
    )
    consent_at = models.DateTimeField(_("consent given at"), default=timezone.now)
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, default=current_privacy_notice_version
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # When registering again last re-sent the private link: kept in the database, so the
    # limit on re-sends holds across app-server processes.
    link_resent_at = models.DateTimeField(_("link re-sent at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    joined_online_at = models.DateTimeField(_("joined online at"), null=True, blank=True)
    is_anonymised = models.BooleanField(_("anonymized"), default=False)
    token = models.CharField(
        _("private link token"), max_length=64, unique=True, default=new_token, editable=False
    )
    attendance_code = models.CharField(
        _("attendance code"),
        max_length=32,
        unique=True,
        default=new_attendance_code,
        editable=False,
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event_id", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        permissions = [
            ("export_registration", _("Can export registrant lists")),
            ("check_in_registrant", _("Can check registrants in")),
            ("message_registrants", _("Can write to registrants")),
        ]
        constraints = [
            # The form checks this too; the database makes it hold under any concurrency.
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=models.Q(status__in=["confirmed", "waitlisted"]),
                name="one_active_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.full_name} – {self.event}"

    def get_absolute_url(self):
        return reverse("registrations:registration_detail", args=[self.token])

    def get_join_url(self):
        """The registrant's own way into the online meeting (never the raw meeting link)."""
        return reverse("registrations:join", args=[self.attendance_code])

    def get_check_in_url(self):
        return reverse("registrations:check_in", args=[self.attendance_code])

    @property
    def gets_join_link(self):
        """Only confirmed registrants of an online or hybrid event are let into it."""
        return self.status == self.Status.CONFIRMED and self.event.has_online_meeting

    @property
    def gets_badge(self):
        """A QR code for the check-in desk: confirmed, for an event with a room."""
        return self.status == self.Status.CONFIRMED and self.event.mode != self.event.Mode.ONLINE

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    def waiting_list_place(self):
        """1 for the first on the waiting list; None when not on it."""
        if self.status != self.Status.WAITLISTED:
            return None
        return self.event.registrations.waitlisted().ahead_of(self).count() + 1

    def can_be_changed(self, now=None):
        """The private link edits an active registration of an event not yet over."""
        return self.is_active and self.event.ends_at > (now or timezone.now())
