"""After the event: the attendance report as a file, and the draft portal article."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..access import organiser_required
from ..models import Conference
from .article import draft_report_article
from .attendance import REPORT_FORMATS

REPORT_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@never_cache
@organiser_required
@require_GET
def attendance_report(request: HttpRequest, slug: str, report_format: str) -> HttpResponse:
    """The attendance report as a file to open in Excel (CSV or XLSX)."""
    conference = get_object_or_404(Conference, slug=slug)
    if report_format not in REPORT_FORMATS:
        raise Http404(_("Định dạng báo cáo không có."))
    response = HttpResponse(REPORT_FORMATS[report_format](conference), content_type=REPORT_CONTENT_TYPES[report_format])
    response["Content-Disposition"] = f'attachment; filename="diem-danh-{conference.slug}.{report_format}"'
    return response


@never_cache
@organiser_required
@require_POST
def report_article(request: HttpRequest, slug: str) -> HttpResponse:
    """Draft the portal article about the conference (once) and open it in the page editor."""
    conference = get_object_or_404(Conference, slug=slug)
    article = draft_report_article(conference, user=request.user)
    return redirect("wagtailadmin_pages:edit", article.pk)
