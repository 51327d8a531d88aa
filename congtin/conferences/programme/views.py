"""The organiser's printed join cards (the QR sheet)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from ..access import organiser_required
from ..models import Conference

CARDS_PER_SHEET = 6  # join cards per printed A4 page: 2 columns of 3, QR codes big enough to scan


@never_cache
@organiser_required
def qr_sheet(request: HttpRequest, slug: str) -> HttpResponse:
    """Join cards to print and hand out, one per bridge point, several to an A4 page."""
    conference = get_object_or_404(Conference, slug=slug)
    points = list(conference.active_bridge_points())
    sheets = [points[start : start + CARDS_PER_SHEET] for start in range(0, len(points), CARDS_PER_SHEET)]
    return render(request, "conferences/qr_sheet.html", {"conference": conference, "sheets": sheets})
