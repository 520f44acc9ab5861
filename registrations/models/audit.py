from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .event import Event
from .registration import Registration


class AccessRecord(models.Model):
    """Who looked at or acted on registrants' personal data outside the admin, and when:
    exports downloaded, messages sent, registrants looked up and checked in at the desk.
    Superusers read these in the admin; nobody edits them."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Downloaded a registrant list")
        MESSAGE = "message", _("Sent a message to registrants")
        LOOKUP = "lookup", _("Looked up a registrant at the check-in desk")
        CHECK_IN = "check_in", _("Checked a registrant in")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("event")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registration"),
    )
    # What, in a few words: the export's format and row count, a message's audience and
    # number of recipients, the name searched for at the desk.
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access record")
        verbose_name_plural = _("access records")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"
