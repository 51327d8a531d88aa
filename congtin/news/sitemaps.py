"""sitemap.xml: an index of pages of at most 5,000 URLs, fast at 100k articles.

Django's and Wagtail's sitemap views build a model instance and run a template node per
URL (over half a second for 5,000); these read two columns and write the XML directly.

An article's `lastmod` is its `published_at` in the site's time zone, written as the page's
own `<time datetime>` and `article:published_time` write it. Not `last_published_at`: an
import re-publishes a whole archive, which would date every old article to the day of the
import. Home and section pages show no date; theirs is when they were last published.

/sitemap-tin-moi.xml is the Google News sitemap: the articles published in the last two days
(at most 1,000, newest first), with the organisation as publisher and the language, `vi`.
It is tagged and purged like the others; an article that grows too old leaves it when its
cached copy expires (CONGTIN_PAGE_CACHE_SECONDS).
"""

from datetime import timedelta
from math import ceil
from xml.sax.saxutils import escape

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site
from wagtail.query import PageQuerySet

from congtin import pagecache
from congtin.core.chrome import organisation_for
from congtin.core.params import page_number

from .models import ArticlePage, HomePage, SectionPage

URLS_PER_PAGE = 5000
CACHE_TAG = "sitemaps"  # every sitemap page: purged when any page is published or unpublished
# The kinds of sitemap page, by the name in their URL (/sitemap-<name>.xml).
PAGES_SITEMAP, ARTICLES_SITEMAP, NEWS_SITEMAP = "trang", "bai-viet", "tin-moi"
# Google News reads articles of the last two days, at most 1,000 a sitemap.
NEWS_WINDOW, NEWS_LIMIT = timedelta(days=2), 1000
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


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


def _location(site: Site, url_path: str) -> str:
    """A page's absolute address on the site's origin (SITE_URL), escaped for XML."""
    return escape(site.root_url + url_path[len(site.root_page.url_path) - 1 :])


def sitemap_index(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    pages = max(1, ceil(_live_articles().count() / URLS_PER_PAGE))
    locations = [reverse("sitemap-section", args=[PAGES_SITEMAP])]
    first = reverse("sitemap-section", args=[ARTICLES_SITEMAP])
    locations += [first] + [f"{first}?p={number}" for number in range(2, pages + 1)]
    locations.append(reverse("sitemap-section", args=[NEWS_SITEMAP]))
    entries = "".join(f"<sitemap><loc>{escape(site.root_url + location)}</loc></sitemap>" for location in locations)
    return _xml(f'<sitemapindex xmlns="{SITEMAP_NS}">{entries}</sitemapindex>\n')


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    site = _site(request)
    if section == NEWS_SITEMAP:
        return news_sitemap(request, site)
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
    entries = []
    for url_path, modified in rows:
        lastmod = f"<lastmod>{timezone.localtime(modified).isoformat()}</lastmod>" if modified else ""
        entries.append(f"<url><loc>{_location(site, url_path)}</loc>{lastmod}</url>")
    return _xml(f'<urlset xmlns="{SITEMAP_NS}">{"".join(entries)}</urlset>\n')


def news_sitemap(request: HttpRequest, site: Site) -> HttpResponse:
    """Articles published in the last NEWS_WINDOW, newest first, at most NEWS_LIMIT, as
    Google News reads them: publisher, language, publication time (site's time zone), title."""
    now = timezone.now()
    rows = (
        _live_articles()
        .filter(path__startswith=site.root_page.path, published_at__gt=now - NEWS_WINDOW, published_at__lte=now)
        .order_by("-published_at", "-pk")
        .values_list("url_path", "published_at", "title")[:NEWS_LIMIT]
    )
    publication = (
        f"<news:publication><news:name>{escape(organisation_for(request).name)}</news:name>"
        "<news:language>vi</news:language></news:publication>"
    )
    entries = "".join(
        f"<url><loc>{_location(site, url_path)}</loc><news:news>{publication}"
        f"<news:publication_date>{timezone.localtime(published).isoformat()}</news:publication_date>"
        f"<news:title>{escape(title)}</news:title></news:news></url>"
        for url_path, published, title in rows
    )
    return _xml(f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">{entries}</urlset>\n')
