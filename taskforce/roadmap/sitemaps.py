from taskforce.core.sitemaps import PortalSitemap

from .models import Theme


class ThemeSitemap(PortalSitemap):
    def items(self):
        return Theme.objects.all()
