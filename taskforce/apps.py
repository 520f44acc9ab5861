from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The apps whose models the public pages show: any change to them renews the page cache.
CONTENT_APPS = ("taskforce", "workinggroups", "documents", "registrations")


class ProjectConfig(AppConfig):
    """The project layer: the one app that may import every other. It has no models; it
    holds the commands that load content and sample data, the user admin, and connects
    every content app's changes to the page cache."""

    name = "taskforce"
    label = "portal"
    verbose_name = _("Site")

    def ready(self):
        from django.core import checks

        from .core.checks import private_files_apart, shared_cache_for_several_workers
        from .core.pagecache import renew_on_changes_to

        checks.register(shared_cache_for_several_workers, checks.Tags.caches, deploy=True)
        checks.register(private_files_apart, checks.Tags.security)
        renew_on_changes_to(CONTENT_APPS)
