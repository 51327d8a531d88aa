"""sitemap.xml as an index of pages of at most 5,000 URLs, so it stays fast at 100k articles.

Wagtail's own sitemap loads every page with its specific model at once; ours reads only
the columns a sitemap prints.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from wagtail.models import Page

from .models import ArticlePage, HomePage, SectionPage


class _PortalSitemap(Sitemap):
    limit = 5000

    def get_latest_lastmod(self):
        """One aggregate, not a walk over every item as Django's default does."""
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]

    def location(self, page):
        return page.get_url(None, current_site=None) or page.url_path

    def lastmod(self, page):
        return page.last_published_at


class ArticleSitemap(_PortalSitemap):
    changefreq = "never"

    def items(self):
        return ArticlePage.objects.live().public().order_by("pk").only("url_path", "path", "depth", "last_published_at")


class SectionSitemap(_PortalSitemap):
    changefreq = "hourly"

    def items(self):
        return Page.objects.live().public().type(HomePage, SectionPage).order_by("path").only(
            "url_path", "path", "depth", "last_published_at"
        )


SITEMAPS = {"trang": SectionSitemap, "bai-viet": ArticleSitemap}
