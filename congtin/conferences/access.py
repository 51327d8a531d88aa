"""Who may open what: a bridge point is admitted by its token alone, an organiser by the
permission to change conferences. Every view of the app asks here."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from congtin.accounts import two_factor

from .models import BridgePoint


def organiser_required(view: Callable) -> Callable:
    """Organisers are users who may change conferences; others sign in to the back office first."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url=reverse("wagtailadmin_login"))
        if step := two_factor.pending_step_redirect(request):
            return step  # the code after the password (congtin.accounts), as in the admin
        if not request.user.has_perm("conferences.change_conference"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def bridge_point_or_404(slug: str, token: str) -> BridgePoint:
    """The bridge point the token admits to the conference `slug`, or 404: a wrong, revoked
    or other conference's token all look the same from outside."""
    point = BridgePoint.objects.by_token(token)
    if point is None or point.conference.slug != slug:
        raise Http404(_("Đường dẫn điểm cầu không đúng hoặc đã bị thu hồi."))
    return point
