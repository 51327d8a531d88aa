"""RSS of the newest articles, for aggregators and the city's other portals."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from wagtail.models import Site

from congtin import pagecache

from .models import ArticlePage

CACHE_TAG = "feeds"  # purged when any article is published or unpublished


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    title = "Tin mới nhất"
    description = "Các bài viết mới nhất trên cổng thông tin."
    item_count = 30

    def get_object(self, request):
        self.request = request
        pagecache.tag(request, CACHE_TAG)
        return Site.find_for_request(request)

    def link(self, site):
        return site.root_url + "/" if site else "/"

    def items(self, site):
        articles = ArticlePage.objects.live().order_by("-published_at", "-pk")
        if site:
            articles = articles.descendant_of(site.root_page)
        return articles.only("title", "lead", "url_path", "published_at", "author", "path", "depth")[: self.item_count]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead

    def item_link(self, article):
        return article.get_url(self.request)

    def item_pubdate(self, article):
        return article.published_at

    def item_author_name(self, article):
        return article.author or None
