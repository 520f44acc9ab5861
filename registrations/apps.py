from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Events and registrations")

    def ready(self):
        from taskforce.background.rendering import register_renderer

        from . import emails, messaging

        for kind in emails.KINDS:
            register_renderer(emails.PREFIX + kind, emails.render)
        register_renderer(messaging.MESSAGE_KIND, messaging.render)
