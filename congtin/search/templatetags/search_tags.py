from typing import Any

from django import template
from django.template import Context

from congtin import pagecache
from congtin.news.models import ArticlePage
from congtin.search.results import related_articles

register = template.Library()


@register.simple_tag(takes_context=True)
def related_to(context: Context, article: ArticlePage, limit: int = 5) -> list[ArticlePage]:
    """ "Tin liên quan" for an article page, which is then stale when one of them changes."""
    related = related_articles(article, limit)
    pagecache.tag_pages(context.get("request"), related)
    return related


@register.simple_tag(takes_context=True)
def query_string(context: Context, **changes: Any) -> str:
    """The current query string with some parameters changed (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()
