"""Public and organiser pages of a conference. Thin: the rules are in models.py."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from .models import BridgePoint, Conference

CARDS_PER_SHEET = 6  # join cards per printed A4 page: 2 columns of 3, QR codes big enough to scan


def organiser_required(view):
    """Organisers are users who may change conferences; others sign in to the back office first."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url=reverse("wagtailadmin_login"))
        if not request.user.has_perm("conferences.change_conference"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


@never_cache  # a revoked token must stop working at once, so no cache may keep the page
def join(request, slug, token):
    """The page a bridge point opens from its link or QR code (the player comes later)."""
    conference = get_object_or_404(Conference, slug=slug)
    bridge_point = BridgePoint.objects.by_token(token, conference=conference)
    if bridge_point is None:
        raise Http404("Đường dẫn điểm cầu không đúng hoặc đã bị thu hồi.")
    return render(request, "conferences/join.html", {"conference": conference, "bridge_point": bridge_point})


@never_cache
@organiser_required
def qr_sheet(request, slug):
    """Join cards to print and hand out, one per bridge point, several to an A4 page."""
    conference = get_object_or_404(Conference, slug=slug)
    points = list(conference.active_bridge_points())
    sheets = [points[start : start + CARDS_PER_SHEET] for start in range(0, len(points), CARDS_PER_SHEET)]
    return render(request, "conferences/qr_sheet.html", {"conference": conference, "sheets": sheets})


@never_cache
@organiser_required
def dashboard(request, slug):
    """The organiser's view of a conference; for now its links and the attendance so far."""
    conference = get_object_or_404(Conference, slug=slug)
    return render(
        request, "conferences/dashboard.html", {"conference": conference, "rows": conference.attendance_rows()}
    )
