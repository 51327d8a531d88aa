from datetime import date, datetime, time, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from congtin.core.params import iso_date, page_number, positive_int
from congtin.news.models import SectionPage

from .query import MAX_QUERY_LENGTH, Filters
from .results import MAX_PAGE, search


def _start_of(day: date) -> datetime | None:
    """The first moment of a day here; None for the first day there is (no bound, and its
    midnight here is before year 1 in UTC)."""
    return timezone.make_aware(datetime.combine(day, time.min)) if day > date.min else None


def search_view(request: HttpRequest) -> HttpResponse:
    """ "Tìm kiếm": /tim-kiem/?q=...&section=..&from=YYYY-MM-DD&to=YYYY-MM-DD&page=N

    A page number that names no page is 404, as on a section page; a date that is no date
    gets the form back with a message (400); an unknown section searches them all."""
    number = page_number(request.GET.get("page"))
    if number is None or number > MAX_PAGE:
        raise Http404(_("Trang không tồn tại"))
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()
    raw_from, raw_to = request.GET.get("from", ""), request.GET.get("to", "")
    date_from, date_to = iso_date(raw_from), iso_date(raw_to)
    date_errors = {
        name for name, raw, day in (("from", raw_from, date_from), ("to", raw_to, date_to)) if raw and not day
    }
    sections = list(SectionPage.objects.live().order_by("path").only("pk", "title"))
    section_id = positive_int(request.GET.get("section"))
    filters = Filters(
        section_id=section_id if any(s.pk == section_id for s in sections) else None,
        since=_start_of(date_from) if date_from else None,
        until=_start_of(date_to + timedelta(days=1)) if date_to and date_to < date.max else None,
    )
    results = None if date_errors else search(text, filters, page=number)
    response = render(
        request,
        "search/search.html",
        {
            "q": text,
            "results": results,
            "sections": sections,
            "filters": filters,
            "date_from": date_from,
            "date_to": date_to,
            "date_errors": date_errors,
        },
        status=400 if date_errors else 200,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
