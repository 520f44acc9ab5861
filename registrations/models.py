import secrets
import uuid
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from taskforce.core.fields import sample_data_flag
from taskforce.core.validators import validate_sendable_email
from workinggroups.models import Sector

# Shown beside the times of an event when they differ from the event's own zone.
REFERENCE_ZONES = ["America/Mexico_City", "America/Los_Angeles"]


def new_token():
    """The registrant's secret link: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def current_privacy_notice_version():
    return settings.PRIVACY_NOTICE_VERSION


def validate_timezone(name):
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(name)s” is not a time zone name such as America/Mexico_City."),
            params={"name": name},
        ) from error


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def with_seat_counts(self):
        return self.annotate(
            confirmed_count=models.Count(
                "registrations", filter=models.Q(registrations__status="confirmed")
            ),
            waitlisted_count=models.Count(
                "registrations", filter=models.Q(registrations__status="waitlisted")
            ),
        )


class Event(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid (in person and online)")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/Mexico_City",
        validators=[validate_timezone],
        help_text=_("The IANA name of the event's own zone, e.g. America/Tijuana."),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Sent to registrants only; never shown on the public page."),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    waitlist_enabled = models.BooleanField(_("waiting list when full"), default=True)
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when it starts.")
    )
    working_group = models.ForeignKey(
        "workinggroups.WorkingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("working group"),
    )
    documents = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="events",
        verbose_name=_("documents"),
        help_text=_("Agenda, slides, minutes."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = sample_data_flag()

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registrations:event_detail", args=[self.slug])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An event cannot end before it starts.")})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at

    def registration_state(self, now=None):
        """ "open", or why not: "not_yet", "closed" (deadline passed) or "past"."""
        now = now or timezone.now()
        if self.ends_at < now:
            return "past"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if now >= self.closes_at:
            return "closed"
        return "open"

    # The seat rule, written once: the registration service, the pages, the coordinator
    # summary and the sample data all decide seats with these.
    def seats_left_after(self, confirmed: int) -> int | None:
        """Free seats once `confirmed` registrations hold one (None: no limit; never
        negative, even if an admin lowered the capacity below the confirmed count)."""
        if self.capacity is None:
            return None
        return max(self.capacity - confirmed, 0)

    @property
    def seats_left(self):
        """Free seats (None: no limit), from the with_seat_counts() annotation if present."""
        if self.capacity is None:
            return None
        confirmed = getattr(self, "confirmed_count", None)
        if confirmed is None:
            confirmed = self.registrations.confirmed().count()
        return self.seats_left_after(confirmed)

    @property
    def is_full(self):
        return self.seats_left == 0

    @property
    def refuses_when_full(self):
        """Full, and no waiting list: a new registration is refused."""
        return self.is_full and not self.waitlist_enabled

    def local_times(self):
        """Start and end in the event's zone, then in Mexico City and US Pacific time where
        those differ from it (at the event's date: California changes clocks, Mexico City
        no longer does)."""
        own = self.zone
        times = [(own, self.starts_at.astimezone(own), self.ends_at.astimezone(own))]
        own_offset = self.starts_at.astimezone(own).utcoffset()
        for name in REFERENCE_ZONES:
            zone = zoneinfo.ZoneInfo(name)
            start = self.starts_at.astimezone(zone)
            if name != self.timezone and start.utcoffset() != own_offset:
                times.append((zone, start, self.ends_at.astimezone(zone)))
        return times


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED)

    def for_email(self, email):
        return self.filter(email__iexact=email)

    def reminder_due(self, *, hours, now):
        """Confirmed registrations not yet reminded, of published events that start after
        `now` and within `hours`."""
        return (
            self.confirmed()
            .filter(
                is_anonymised=False,
                reminder_sent_at=None,
                event__is_published=True,
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
    is_anonymised = models.BooleanField(_("anonymized"), default=False)
    token = models.CharField(
        _("private link token"), max_length=64, unique=True, default=new_token, editable=False
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event_id", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        permissions = [("export_registration", _("Can export registrant lists"))]
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


class ExportQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=[Export.Status.QUEUED, Export.Status.BUILDING])

    def to_delete(self, now=None):
        """Exports whose row and file go: an hour after they were ready (or failed), and
        those stuck unfinished for longer than any build may take (a worker that died)."""
        now = now or timezone.now()
        stuck = models.Q(created_at__lt=now - Export.STUCK_AFTER)
        return self.filter(models.Q(expires_at__lt=now) | (stuck & ~models.Q(status="ready")))


class Export(models.Model):
    """A registrant list too long to build within a request, built by the worker into the
    private storage (settings.STORAGES["private"]) for the coordinator who asked, and only
    for them: it holds registrants' personal data. Its file may be downloaded for VALID_FOR
    after it is ready; then delete_expired_exports removes file and row."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    VALID_FOR = timedelta(hours=1)
    # Longer than the worker's time limit for a task (CELERY_TASK_TIME_LIMIT, 30 minutes).
    STUCK_AFTER = timedelta(hours=2)

    # Random, so the address of one export tells nothing of the others.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("requested by")
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="exports", verbose_name=_("event")
    )
    format = models.CharField(_("format"), max_length=8, choices=Format.choices, default="xlsx")
    # The language of the headers and labels: the one of the page that asked.
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="queued")
    # Counted when asked; then the rows written so far, for the progress page.
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    # The file's name in the private storage (a name, not a FileField: no URL is ever made).
    file_name = models.CharField(_("file"), max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.event} ({self.get_format_display()}, {self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("registrations:export_detail", args=[self.pk])

    def has_expired(self, now=None):
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
