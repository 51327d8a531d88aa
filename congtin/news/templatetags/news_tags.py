from django import template
from django.template import Context
from wagtail.models import Site

from congtin import pagecache
from congtin.news import tags
from congtin.news.models import ArticlePage, HomePage
from congtin.news.search_entries import related_articles

register = template.Library()


@register.inclusion_tag("news/includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The main menu: the live sections under the current site's home page."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    home = site.root_page.specific if site else None
    current = context.get("section") or context.get("page")
    return {
        "request": request,
        "home": home,
        "sections": home.sections().in_menu() if isinstance(home, HomePage) else [],
        "current_path": getattr(current, "path", ""),
    }


@register.simple_tag(takes_context=True)
def related_to(context: Context, article: ArticlePage, limit: int = 5) -> list[ArticlePage]:
    """ "Tin liên quan" for an article page, which is then stale when one of them changes."""
    related = related_articles(article, limit)
    pagecache.tag_pages(context.get("request"), related)
    return related


@register.filter
def topic_url(tag_name: str) -> str:
    """The path of a tag's page (congtin.news.tags), "" for a name with no slug."""
    return tags.topic_url(tag_name)
