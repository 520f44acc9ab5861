from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The apps whose models the public pages show: any change to them renews the page cache.
CONTENT_APPS = ("taskforce", "workinggroups", "documents", "registrations")


def _registration_changed(registration, created, update_fields):
    """A registration moves its event's seats only: its event's own pages are renewed, and
    the pages listing many events' seats are kept a few seconds only (pagecache.py). A
    change that moves no seat (a registrant's details, a re-sent link) renews nothing."""
    from .core.pagecache import renew_scope

    if created or update_fields is None or "status" in update_fields:
        renew_scope("event", registration.event.slug)


class ProjectConfig(AppConfig):
    """The project layer: the one app that may import every other. It has no models; it
    holds the commands that load content and sample data, the user admin, and connects
    every content app's changes to the page cache."""

    name = "taskforce"
    label = "portal"
    verbose_name = _("Site")

    def ready(self):
        from django.apps import apps
        from django.core import checks

        from documents.models import DocumentPage
        from registrations.models import (
            AccessRecord,
            Export,
            Message,
            MessageRecipient,
            Registration,
        )

        from .core.checks import private_files_apart, shared_cache_for_several_workers
        from .core.pagecache import renew_on_changes_to

        checks.register(shared_cache_for_several_workers, checks.Tags.caches, deploy=True)
        checks.register(private_files_apart, checks.Tags.security)
        # A background export's progress, messages to registrants and the record of who
        # saw registrants' data are on no public page: writing them renews nothing.
        # Nor do the history of content (each of its rows comes with a change to the content,
        # which renews the pages) and the text of documents' pages (renewed once per file).
        history = {
            model
            for label in CONTENT_APPS
            for model in apps.get_app_config(label).get_models()
            if model.__name__.startswith("Historical")
        }
        renew_on_changes_to(
            CONTENT_APPS,
            scoped={Registration: _registration_changed},
            ignored={Export, Message, MessageRecipient, AccessRecord, DocumentPage, *history},
        )
