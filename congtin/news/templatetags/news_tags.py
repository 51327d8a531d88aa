from django import template
from wagtail.models import Site

from congtin.news.models import HomePage

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
