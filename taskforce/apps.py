from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

# The apps whose models the public pages show: any change to them renews the page cache.
CONTENT_APPS = frozenset({"taskforce", "workinggroups", "documents", "registrations"})


def _content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        from .pagecache import content_changed

        content_changed()


class TaskforceConfig(AppConfig):
    name = "taskforce"
    verbose_name = _("Road map and site")

    def ready(self):
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(_content_changed, dispatch_uid=f"pagecache-{signal}")
