"""The public archive of corrections, "Đính chính" (/dinh-chinh/): every correction of a live
article, newest first, paginated like a section and cached like one (tagged CORRECTIONS_TAG,
which any article's publication, unpublication, move or deletion purges: congtin.news.freshness)."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from congtin import pagecache

from .models import CORRECTIONS_TAG, ArticleCorrection, page_of

PER_PAGE = 20


def corrections_archive(request: HttpRequest) -> HttpResponse:
    page_obj = page_of(ArticleCorrection.archive(), PER_PAGE, request.GET.get("page"))
    pagecache.tag(request, CORRECTIONS_TAG)
    return TemplateResponse(request, "news/corrections.html", {"page_obj": page_obj})
