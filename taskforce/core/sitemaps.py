from django.contrib.sitemaps import Sitemap


class PortalSitemap(Sitemap):
    """Every page in each language, each listing its twin in the other (hreflang)."""

    i18n = True
    alternates = True
    x_default = True
