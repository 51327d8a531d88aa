"""Photos and embeds that cost a reader as little as possible.

Photos: <picture> with AVIF, then WebP, then JPEG, each in several widths. Embeds
(videos, posts): their iframes load only when the reader scrolls near them.
"""

import re

from django import template
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from congtin.news.models import LISTING_PICTURE

register = template.Library()

_IFRAME_WITHOUT_LOADING = re.compile(r"<iframe\b(?![^>]*\sloading=)", re.IGNORECASE)


@register.simple_tag
def listing_picture(image, sizes, loading="lazy"):
    """A listing card's photo, from the renditions `with_listing_fields()` prefetched.

    `sizes` says how wide the card shows it, so the browser fetches no more pixels than it
    needs. The first card a reader sees (`loading="eager"`) is fetched at once and first;
    the others only when scrolled near, and decoded off the main thread.
    """
    if not image:
        return ""
    attrs = {"alt": "", "sizes": sizes}
    if loading == "eager":
        attrs["fetchpriority"] = "high"
    else:
        attrs.update(loading="lazy", decoding="async")
    return Picture(get_renditions_or_not_found(image, LISTING_PICTURE), attrs)


@register.filter
def lazy_iframes(embed_html):
    """An embed provider's HTML with `loading="lazy"` on its iframes (unless they say otherwise).

    Marked safe as Wagtail's own embed template does: the HTML comes from the oEmbed
    providers the site allows, not from readers.
    """
    return mark_safe(_IFRAME_WITHOUT_LOADING.sub('<iframe loading="lazy"', str(embed_html)))  # noqa: S308
