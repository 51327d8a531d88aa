"""What a page tells search engines and sharers about itself: its description, Open Graph."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.template import Context
from django.utils.text import Truncator
from wagtail.images.models import Filter
from wagtail.rich_text import get_text_for_indexing

from congtin.core.models import OrganisationSettings

register = template.Library()

# A listing's shared photo: the largest JPEG of its card, fetched with the card (no query);
# 640×400 is above Facebook's minimum for a large preview (600×315).
LISTING_SHARE_IMAGE = "fill-640x400|format-jpeg"


@register.filter
def meta_description(page: Any, organisation: OrganisationSettings) -> str:
    """The page's own summary (its search description, an article's lead, a listing's intro),
    else the organisation's tagline or name: every page has a description."""
    for text in (
        getattr(page, "search_description", ""),
        getattr(page, "lead", ""),
        get_text_for_indexing(getattr(page, "intro", "") or ""),
    ):
        if text and text.strip():
            return Truncator(" ".join(text.split())).words(60)
    return organisation.tagline or organisation.name


def listing_image(articles: Iterable[Any], organisation: OrganisationSettings) -> dict[str, Any] | None:
    """The first listed article's photo, else the organisation's logo, else None."""
    for article in articles:
        if article.image:
            filter_ = Filter(spec=LISTING_SHARE_IMAGE)
            rendition = article.image.find_existing_renditions(filter_).get(filter_)
            if rendition:
                return {
                    "url": rendition.full_url,
                    "alt": article.image.default_alt_text,
                    "width": rendition.width,
                    "height": rendition.height,
                }
    logo = organisation.logo_rendition()
    if logo:
        return {"url": logo.full_url, "alt": organisation.name, "width": logo.width, "height": logo.height}
    return None


@register.inclusion_tag("includes/head_meta.html", takes_context=True)
def listing_head(context: Context, title: str, url: str, articles: Any = None, page_number: int = 1) -> dict[str, Any]:
    """Canonical link, Open Graph and Twitter tags of a home or section page. `articles`, the
    lead story or a page of articles, lends the first photo; a later page of a section is
    its own canonical page."""
    organisation = context["organisation"]
    if not isinstance(articles, Iterable):
        articles = [articles]
    return {
        "organisation": organisation,
        "og_type": "website",
        "title": title,
        "description": meta_description(context.get("page"), organisation),
        "url": url if page_number == 1 else f"{url}?page={page_number}",
        "image": listing_image([article for article in articles if article], organisation),
    }
