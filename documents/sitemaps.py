from taskforce.core.sitemaps import PortalSitemap

from .models import Document


class DocumentSitemap(PortalSitemap):
    def items(self):
        return Document.objects.published().order_by("pk")

    def lastmod(self, document):
        return document.updated_at
