from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

# The apps whose models the public pages show: any change to them renews the page cache.
CONTENT_APPS = ("taskforce", "workinggroups", "documents", "registrations")


def _content_changed(sender, **kwargs):
    from .pagecache import content_changed

    content_changed()


class TaskforceConfig(AppConfig):
    name = "taskforce"
    verbose_name = _("Road map and site")

    def ready(self):
        from django.core import checks

        from .checks import shared_cache_for_several_workers

        checks.register(shared_cache_for_several_workers, checks.Tags.caches, deploy=True)

        # Per model (and per many-to-many table), not for every sender: other models keep
        # Django's fast deletes (sessions, for one), and their changes cost nothing here.
        for label in CONTENT_APPS:
            for model in apps.get_app_config(label).get_models():
                post_save.connect(_content_changed, sender=model)
                post_delete.connect(_content_changed, sender=model)
                for field in model._meta.local_many_to_many:
                    m2m_changed.connect(_content_changed, sender=field.remote_field.through)
