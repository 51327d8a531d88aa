from django import template

from congtin.search.results import related_articles

register = template.Library()


@register.simple_tag
def related_to(article, limit=5):
    """ "Tin liên quan" for an article page."""
    return related_articles(article, limit)


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with some parameters changed (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()
