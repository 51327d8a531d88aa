"""Photos and embeds that cost a reader as little as possible.

Photos: <picture> with AVIF, then WebP, then JPEG, each in several widths. Embeds
(videos, posts): their iframes load only when the reader scrolls near them.
"""

import re

from django import template
from django.utils.safestring import mark_safe

from congtin.news.models import LISTING_PICTURE
from congtin.news.renditions import BODY_PICTURE, photos_version, picture_or_original

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
    return picture_or_original(image, LISTING_PICTURE, attrs)


@register.simple_tag
def body_picture(image, alt, sizes):
    """A body photo's lazy <picture> (or the stored photo until the worker made its renditions)."""
    return picture_or_original(
        image, BODY_PICTURE, {"alt": alt, "sizes": sizes, "loading": "lazy", "decoding": "async"}
    )


@register.simple_tag(name="photos_version")
def photos_version_tag(page):
    """Part of the key of a cached fragment that shows the page's photos: it changes when
    the worker has made their renditions (congtin.news.tasks)."""
    return photos_version(page.pk)


@register.filter
def lazy_iframes(embed_html):
    """An embed provider's HTML with `loading="lazy"` on its iframes (unless they say otherwise).

    Marked safe as Wagtail's own embed template does: the HTML comes from the oEmbed
    providers the site allows, not from readers.
    """
    return mark_safe(_IFRAME_WITHOUT_LOADING.sub('<iframe loading="lazy"', str(embed_html)))
