from datetime import datetime, time, timedelta

from django.shortcuts import render
from django.utils import timezone

from congtin.news.models import SectionPage

from .query import MAX_QUERY_LENGTH, Filters
from .results import search


def _date(value):
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except (TypeError, ValueError):
        return None


def _positive_int(value, default=None):
    return int(value) if value and value.isdigit() and 0 < len(value) < 10 else default


def search_view(request):
    """ "Tìm kiếm": /tim-kiem/?q=...&section=..&from=YYYY-MM-DD&to=YYYY-MM-DD&page=N"""
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()
    date_from, date_to = _date(request.GET.get("from")), _date(request.GET.get("to"))
    sections = list(SectionPage.objects.live().order_by("path").only("pk", "title"))
    section_id = _positive_int(request.GET.get("section"))
    filters = Filters(
        section_id=section_id if any(s.pk == section_id for s in sections) else None,
        since=timezone.make_aware(datetime.combine(date_from, time.min)) if date_from else None,
        until=timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min)) if date_to else None,
    )
    results = search(text, filters, page=_positive_int(request.GET.get("page"), 1))
    response = render(request, "search/search.html", {
        "q": text, "results": results, "sections": sections, "filters": filters,
        "date_from": date_from, "date_to": date_to,
    })
    response["X-Robots-Tag"] = "noindex"
    return response
