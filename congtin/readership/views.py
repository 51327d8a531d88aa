"""The beacon: POST /_doc/<article pk>/, sent by the article page's script (static/js/article.js)."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import service


@csrf_exempt  # readers' pages are cached whole and carry no token; a forged read is one read
@require_POST  # never cached, prefetched or followed by a crawler; sendBeacon's method
def read_beacon(request: HttpRequest, raw_id: str) -> HttpResponse:
    """204 at once, counted or not (a robot, a repeat, an unknown article: the client is not
    told which). No session, no database: a counter in the cache (service.count_read)."""
    article = service.article_id(raw_id)
    if article is None:
        return HttpResponse(_("Mã bài viết không hợp lệ."), status=400, content_type="text/plain; charset=utf-8")
    service.count_read(request, article)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
