from django import template
from django.conf import settings
from django.utils import timezone
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

from congtin import vietnamese
from congtin.core.qr import qr_svg

register = template.Library()


@register.filter
def vi_datetime(value):
    """ "Thứ Sáu, 25/06/2021 22:00" in the site's time zone."""
    if not value:
        return ""
    return vietnamese.format_datetime(timezone.localtime(value))


@register.filter
def vi_date(value):
    if not value:
        return ""
    return vietnamese.format_date(timezone.localtime(value))


@register.filter
def html_datetime(value):
    """ISO 8601 to the second in the site's time zone, for `<time datetime>`: HTML allows at
    most three digits of a second's fraction, and Django's "c" format writes six."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.simple_tag
def qr_code(data, label=""):
    return qr_svg(data, label)


@register.simple_tag(takes_context=True)
def structured_data(context, page, canonical_url):
    """The page's JSON-LD texts (a <script> each), for pages that offer
    `structured_data(url, organisation, request)`."""
    return page.structured_data(canonical_url, context["organisation"], context.get("request"))


@register.simple_tag(takes_context=True)
def editor_userbar(context):
    """Wagtail's userbar, asked for only when the request carries a session cookie: the
    userbar reads the session, and a page that reads it varies on Cookie, which would keep
    readers' pages out of nginx's cache. Readers have no session, so they lose nothing."""
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    return wagtailuserbar(context)
