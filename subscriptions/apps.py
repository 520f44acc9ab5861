from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("Email subscriptions")

    def ready(self):
        from taskforce.core import personal_data

        from . import services

        personal_data.register(
            "subscriptions",
            label=_("Email subscriptions"),
            export=services.personal_data,
            erase=services.personal_data_erase,
        )
