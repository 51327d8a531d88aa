"""sitemap.xml: an index of pages of at most 5,000 URLs, fast at 100k articles.

Django's and Wagtail's sitemap views build a model instance and run a template node per
URL (over half a second for 5,000); these read two columns and write the XML directly.

An article's `lastmod` is its `published_at` in the site's time zone, written as the page's
own `<time datetime>` and `article:published_time` write it. Not `last_published_at`: an
import re-publishes a whole archive, which would date every old article to the day of the
import. Home and section pages show no date; theirs is when they were last published.
"""

from math import ceil
from xml.sax.saxutils import escape

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site
from wagtail.query import PageQuerySet

from congtin import pagecache
from congtin.core.params import page_number

from .models import ArticlePage, HomePage, SectionPage

URLS_PER_PAGE = 5000
CACHE_TAG = "sitemaps"  # every sitemap page: purged when any page is published or unpublished
# The two kinds of sitemap page, by the name in their URL (/sitemap-<name>.xml).
PAGES_SITEMAP, ARTICLES_SITEMAP = "trang", "bai-viet"


def _xml(body: str) -> HttpResponse:
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type="application/xml; charset=utf-8"
    )


def _live_articles() -> PageQuerySet:
    return ArticlePage.objects.live().public()


def _site(request: HttpRequest) -> Site:
    pagecache.tag(request, CACHE_TAG)
    site = Site.find_for_request(request)
    if site is None:
        raise Http404(_("Không có site nào cho địa chỉ này"))
    return site


def sitemap_index(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    pages = max(1, ceil(_live_articles().count() / URLS_PER_PAGE))
    locations = [reverse("sitemap-section", args=[PAGES_SITEMAP])]
    first = reverse("sitemap-section", args=[ARTICLES_SITEMAP])
    locations += [first] + [f"{first}?p={number}" for number in range(2, pages + 1)]
    entries = "".join(f"<sitemap><loc>{escape(site.root_url + location)}</loc></sitemap>" for location in locations)
    return _xml(f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n')


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    site = _site(request)
    if section == PAGES_SITEMAP:
        rows = (
            Page.objects.live()
            .public()
            .type(HomePage, SectionPage)
            .order_by("path")
            .values_list("url_path", "last_published_at")
        )
        rows = rows.filter(path__startswith=site.root_page.path)
    elif section == ARTICLES_SITEMAP:
        number = page_number(request.GET.get("p"))
        if number is None:
            raise Http404(_("Trang sitemap không tồn tại"))
        offset = (number - 1) * URLS_PER_PAGE
        rows = list(
            _live_articles()
            .filter(path__startswith=site.root_page.path)
            .order_by("pk")
            .values_list("url_path", "published_at")[offset : offset + URLS_PER_PAGE]
        )
        if not rows and offset:
            raise Http404(_("Trang sitemap không tồn tại"))
    else:
        raise Http404(_("Sitemap không tồn tại"))
    root_path, root_url = site.root_page.url_path, site.root_url
    entries = []
    for url_path, modified in rows:
        lastmod = f"<lastmod>{timezone.localtime(modified).isoformat()}</lastmod>" if modified else ""
        entries.append(f"<url><loc>{escape(root_url + url_path[len(root_path) - 1 :])}</loc>{lastmod}</url>")
    return _xml(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{"".join(entries)}</urlset>\n')
