from django import template
from django.http import HttpRequest
from django.urls import reverse

from congtin import pagecache
from congtin.readership import service

register = template.Library()


@register.inclusion_tag("readership/most_read.html", takes_context=True)
def most_read(
    context: template.Context, count: int = service.SHOWN, beacon_for: object = None, purged: bool = True
) -> dict:
    """ "Tin đọc nhiều": the most read live articles of the last 7 days, tagged on the page with
    each article it lists (purged when one changes or goes) and, unless `purged=False`, with the
    ranking: a new order purges the page. Every article page shows the block, so they say
    `purged=False` and show a new order when they expire (CONGTIN_PAGE_CACHE_SECONDS), rather
    than every article page in every cache being dropped every few minutes.
    `beacon_for=page` on an article's page: the address its script counts a read at, and the
    article the list leaves out (a reader is not sent to the page they are on)."""
    request: HttpRequest | None = context.get("request")
    reading = getattr(beacon_for, "pk", None)
    articles = [article for article in service.most_read(count + 1) if article.pk != reading][:count]
    if purged:
        pagecache.tag(request, service.MOST_READ)
    pagecache.tag_pages(request, articles)
    beacon_id = None if getattr(request, "is_preview", False) else getattr(beacon_for, "pk", None)
    beacon = reverse("read-beacon", args=[beacon_id]) if beacon_id else ""
    return {"request": request, "articles": articles, "beacon": beacon}
