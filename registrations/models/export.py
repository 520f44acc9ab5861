import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .event import Event


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
