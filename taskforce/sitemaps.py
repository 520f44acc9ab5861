from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from documents.models import Document
from workinggroups.models import WorkingGroup

from .models import Theme


class PortalSitemap(Sitemap):
    """Every page in each language, each listing its twin in the other (hreflang)."""

    i18n = True
    alternates = True
    x_default = True


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


class ThemeSitemap(PortalSitemap):
    def items(self):
        return Theme.objects.all()


class WorkingGroupSitemap(PortalSitemap):
    def items(self):
        return WorkingGroup.objects.all()


class DocumentSitemap(PortalSitemap):
    def items(self):
        return Document.objects.published().order_by("pk")

    def lastmod(self, document):
        return document.updated_at
