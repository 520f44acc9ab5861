"""The sitemap of every app's pages, gathered here in the project layer."""

from django.urls import reverse

from documents.sitemaps import DocumentSitemap
from registrations.sitemaps import EventSitemap
from taskforce.core.sitemaps import PortalSitemap
from taskforce.roadmap.sitemaps import ThemeSitemap
from workinggroups.sitemaps import WorkingGroupSitemap


class StaticViewSitemap(PortalSitemap):
    priority = 0.8

    def items(self):
        return [
            "taskforce:home",
            "taskforce:about",
            "taskforce:theme_list",
            "workinggroups:list",
            "workinggroups:members",
            "documents:list",
            "registrations:event_list",
            "taskforce:privacy",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticViewSitemap,
    "themes": ThemeSitemap,
    "working-groups": WorkingGroupSitemap,
    "documents": DocumentSitemap,
    "events": EventSitemap,
}
