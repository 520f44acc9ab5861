from taskforce.core.sitemaps import PortalSitemap

from .models import Event


class EventSitemap(PortalSitemap):
    def items(self):
        return Event.objects.published().order_by("pk")
