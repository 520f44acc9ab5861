import zoneinfo
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taskforce.core.fields import sample_data_flag
from taskforce.core.publication import published_by_now, visible_from

# Shown beside the times of an event when they differ from the event's own zone.
REFERENCE_ZONES = ["America/Mexico_City", "America/Los_Angeles"]
# How long before the start a registrant's join link opens the meeting.
JOIN_OPENS_BEFORE = timedelta(minutes=30)


def validate_timezone(name):
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(name)s” is not a time zone name such as America/Mexico_City."),
            params={"name": name},
        ) from error


def visible(prefix="", now=None):
    """Who sees an event, the one rule: published by now (taskforce/core/publication.py)
    and its withdrawal time (if any) not yet come."""
    now = now or timezone.now()
    return published_by_now(prefix, now) & (
        models.Q(**{f"{prefix}unpublish_at": None}) | models.Q(**{f"{prefix}unpublish_at__gt": now})
    )


class EventQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(visible(now=now))

    def mark_visible(self, now=None):
        """Published by an editor: from the time it becomes visible, in the subscribers'
        digests (once)."""
        now = now or timezone.now()
        return self.filter(is_published=True, visible_since=None).update(
            visible_since=visible_from(now)
        )

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
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Empty: as soon as it is published. Otherwise it appears at this time."),
    )
    unpublish_at = models.DateTimeField(
        _("withdraw at"),
        null=True,
        blank=True,
        help_text=_("Empty: it stays. Otherwise its page is taken down at this time."),
    )
    is_cancelled = models.BooleanField(
        _("called off"),
        default=False,
        help_text=_(
            "The page stays up with a notice, registration closes, nobody is promoted from "
            "the waiting list, and every registrant is told."
        ),
    )
    # The calendar files' SEQUENCE: raised by every change registrants are told about, so
    # their calendars replace the event they hold (same UID) instead of adding another.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    # When an editor first published it (digests announce what became visible since).
    visible_since = models.DateTimeField(_("published on the portal"), null=True, editable=False)
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

    def is_visible(self, now=None):
        now = now or timezone.now()
        return (
            self.is_published
            and (self.publish_at is None or self.publish_at <= now)
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at

    @property
    def has_online_meeting(self):
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)

    @property
    def join_opens_at(self):
        return self.starts_at - JOIN_OPENS_BEFORE

    def join_opens_local(self):
        """When the join link opens, in the zones local_times() shows."""
        return [(zone, self.join_opens_at.astimezone(zone)) for zone, _s, _e in self.local_times()]

    def join_state(self, now=None):
        """ "open" from JOIN_OPENS_BEFORE the start to the end; before, "not_yet"; after,
        or when called off, "over"."""
        now = now or timezone.now()
        if self.is_cancelled or self.ends_at < now:
            return "over"
        if now < self.join_opens_at:
            return "not_yet"
        return "open"

    def registration_state(self, now=None):
        """ "open", or why not: "called_off", "not_yet", "closed" (deadline passed) or
        "past"."""
        now = now or timezone.now()
        if self.is_cancelled:
            return "called_off"
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
