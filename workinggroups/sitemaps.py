from taskforce.core.sitemaps import PortalSitemap

from .models import WorkingGroup


class WorkingGroupSitemap(PortalSitemap):
    def items(self):
        return WorkingGroup.objects.all()
