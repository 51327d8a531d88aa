"""Back-office sessions: their time limits, and the second factor before the admin.

Both act only on a request that carries a session cookie and whose user is signed in: a
reader without a session is passed through untouched, so the session is never read for
them and their page does not vary on Cookie (congtin.pagecache). Both sit after
AuthenticationMiddleware, django-otp's OTPMiddleware and MessageMiddleware.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from . import sessions, two_factor

# Admin addresses reachable before the second factor: signing in and out, the two steps
# themselves, and what their pages load.
OPEN_BEFORE_SECOND_FACTOR = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "accounts_verify",
    "accounts_enrol",
}


def signed_in(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated


class SessionLimitsMiddleware:
    """Signs out a session past its working day, or a superuser idle for too long, with a
    message saying why; the request goes on as a visitor's (the admin asks to sign in)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if signed_in(request):
            now = time.time()
            reason = sessions.end_reason(request.session, request.user, now)
            if reason:
                logout(request)
                messages.warning(request, reason)
                if request.path.startswith(reverse("wagtailadmin_home")):
                    return redirect_to_login(request.get_full_path(), login_url=reverse("wagtailadmin_login"))
            else:
                sessions.touch(request.session, request.user, now)
        return self.get_response(request)


class TwoFactorMiddleware:
    """In the admin, a user with an authenticator app gives a code after the password, and
    one who must use two-factor sign-in (two_factor.must_use_two_factor) and has no app yet
    is sent to set one up, from every admin page. (Back-office pages outside the admin, the
    conference organiser's, ask two_factor.pending_step_redirect themselves.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponseBase | None:
        if not request.path.startswith(reverse("wagtailadmin_home")) or not signed_in(request):
            return None
        if request.resolver_match and request.resolver_match.url_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        return two_factor.pending_step_redirect(request)
