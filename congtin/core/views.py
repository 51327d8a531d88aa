"""Site-wide answers that belong to no page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from congtin import pagecache
from congtin.news.sitemaps import NEWS_SITEMAP

ROBOTS_TAG = "robots"  # nothing purges it: it changes only with the settings, at a restart


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers keep out of the back office and of search results (endless query URLs that
    repeat the articles) and find every article through the sitemap on the canonical origin,
    the newest through the Google News sitemap."""
    pagecache.tag(request, ROBOTS_TAG)  # kept as long as any tagged page, not briefly
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('wagtailadmin_home')}",
        f"Disallow: {reverse('search')}",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap-section', args=[NEWS_SITEMAP])}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
