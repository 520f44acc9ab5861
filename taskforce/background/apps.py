from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    """The outbox (every email the portal sends) and the record of periodic jobs."""

    name = "taskforce.background"
    label = "background"
    verbose_name = _("Outgoing mail")
