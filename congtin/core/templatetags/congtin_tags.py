from datetime import datetime
from typing import Any

from django import template
from django.conf import settings
from django.template import Context
from django.utils import timezone
from django.utils.safestring import SafeString
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

from congtin import vietnamese
from congtin.core.qr import qr_svg

register = template.Library()


@register.filter
def vi_datetime(value: datetime | None) -> str:
    """ "Thứ Sáu, 25/06/2021 22:00" in the site's time zone."""
    if not value:
        return ""
    return vietnamese.format_datetime(timezone.localtime(value))


@register.filter
def vi_date(value: datetime | None) -> str:
    """ "25/06/2021" in the site's time zone."""
    if not value:
        return ""
    return vietnamese.format_date(timezone.localtime(value))


@register.filter
def vi_integer(value: int | None) -> str:
    """ "1.208": thousands separated by a dot, as Vietnamese writes them."""
    if value is None or value == "":
        return ""
    return vietnamese.format_integer(int(value))


@register.filter
def html_datetime(value: datetime | None) -> str:
    """ISO 8601 to the second in the site's time zone, for `<time datetime>`: HTML allows at
    most three digits of a second's fraction, and Django's "c" format writes six."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.simple_tag
def qr_code(data: str, label: str = "") -> SafeString:
    """An inline SVG QR code of `data` (congtin.core.qr)."""
    return qr_svg(data, label)


@register.simple_tag(takes_context=True)
def structured_data(context: Context, page: Any, canonical_url: str) -> str:
    """The page's JSON-LD texts (a <script> each), for pages that offer
    `structured_data(url, organisation, request)`."""
    return page.structured_data(canonical_url, context["organisation"], context.get("request"))


@register.simple_tag(takes_context=True)
def editor_userbar(context: Context) -> str:
    """Wagtail's userbar, asked for only when the request carries a session cookie: the
    userbar reads the session, and a page that reads it varies on Cookie, which would keep
    readers' pages out of nginx's cache. Readers have no session, so they lose nothing."""
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    return wagtailuserbar(context)
