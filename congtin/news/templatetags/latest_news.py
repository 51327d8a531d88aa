from django import template

from congtin import pagecache
from congtin.news.models import ARTICLES, ArticlePage

register = template.Library()

LATEST_TTL = 3600


@register.simple_tag
def latest_news(count: int = 6) -> list[ArticlePage]:
    """The newest live articles, for pages that have no listing of their own (the 404 page):
    one query on the published_at index per change to the live articles, none otherwise, so
    a crawler's mistyped addresses cost the database nothing."""
    return pagecache.fragment(
        f"congtin:latest-news:{count}",
        lambda: list(
            ArticlePage.objects.live()
            .order_by("-published_at", "-pk")
            .only("title", "url_path", "published_at", "slug", "path", "depth")[:count]
        ),
        seconds=LATEST_TTL,
        versions=[ARTICLES],
    )
