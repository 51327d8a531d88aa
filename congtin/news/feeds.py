"""RSS of the newest articles, for aggregators and the city's other portals: the whole site's
at /rss/, and one per section at /rss/<section slug>/ (linked from the section's pages and
its articles).

Django serves every request from the one `Feed` instance in the URLconf, from several
threads at once under gthread workers: what a request needs travels in `get_object`'s
return value (`FeedSource`), never on `self`.
"""

import mimetypes
from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.images.models import Filter
from wagtail.models import Site

from congtin import pagecache
from congtin.core.chrome import organisation_for
from congtin.core.models import OrganisationSettings

from .models import SOCIAL_IMAGE, ArticlePage, SectionPage
from .renditions import rendition_url_or_original

CACHE_TAG = "feeds"  # every feed: purged when any article is published or unpublished
ITEM_FIELDS = ("title", "lead", "url_path", "published_at", "author", "path", "depth", "image")


class FeedSource(NamedTuple):
    site: Site | None
    organisation: OrganisationSettings
    section: SectionPage | None = None


def photo_enclosure(image) -> Enclosure:
    """The photo as a feed reader shows it: its share crop, or the stored photo (whose size is
    on record) until the task worker has made the crop."""
    filter_ = Filter(spec=SOCIAL_IMAGE)
    rendition = image.find_existing_renditions(filter_).get(filter_)
    if rendition is None:
        url, length, name = rendition_url_or_original(image, SOCIAL_IMAGE), image.file_size or 0, image.file.name
    else:
        url, name = rendition.full_url, rendition.file.name
        try:
            length = rendition.file.size
        except OSError:  # a missing file still has a photo worth pointing at
            length = 0
    return Enclosure(url, str(length), mimetypes.guess_type(name)[0] or "image/jpeg")


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    item_count = 30

    def get_object(self, request):
        pagecache.tag(request, CACHE_TAG)
        return FeedSource(Site.find_for_request(request), organisation_for(request))

    def title(self, source):
        return _("Tin mới nhất — %(organisation)s") % {"organisation": source.organisation.name}

    def description(self, source):
        return _("Các bài viết mới nhất trên %(organisation)s.") % {"organisation": source.organisation.name}

    def link(self, source):
        return source.site.root_url + "/" if source.site else "/"

    def articles(self, source):
        articles = ArticlePage.objects.live().order_by("-published_at", "-pk")
        if source.site:
            articles = articles.descendant_of(source.site.root_page)
        return articles

    def items(self, source):
        return self.articles(source).select_related("image").only(*ITEM_FIELDS)[: self.item_count]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead

    def item_link(self, article):
        return article.get_full_url()

    def item_pubdate(self, article):
        return article.published_at

    def item_author_name(self, article):
        return article.author or None

    def item_enclosures(self, article):
        return [photo_enclosure(article.image)] if article.image else []


def section_at(site: Site | None, slug: str) -> SectionPage | None:
    """The live section at /`slug`/ of this site (sections sit right under its home page)."""
    if site is None:
        return None
    return SectionPage.objects.live().child_of(site.root_page).filter(slug=slug).first()


def section_feed_path(section_path: str) -> str:
    """The section's feed, from the section's own path ("/kinh-te/" -> "/rss/kinh-te/")."""
    return reverse("rss-section", args=[section_path.strip("/")])


class SectionFeed(LatestArticlesFeed):
    """One section's newest articles (the column every listing filters on: only its own)."""

    def get_object(self, request, section):
        source = super().get_object(request)
        found = section_at(source.site, section)
        if found is None:
            raise Http404(_("Chuyên mục không tồn tại"))
        return source._replace(section=found)

    def title(self, source):
        # As the section's pages name it in their <link rel="alternate">.
        return _("%(section)s — %(organisation)s") % {
            "section": source.section.title,
            "organisation": source.organisation.name,
        }

    def description(self, source):
        return _("Các bài viết mới nhất của chuyên mục %(section)s trên %(organisation)s.") % {
            "section": source.section.title,
            "organisation": source.organisation.name,
        }

    def link(self, source):
        return source.section.get_full_url()

    def articles(self, source):
        return ArticlePage.newest_in(source.section)
