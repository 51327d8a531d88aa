"""Headers every response carries, and the Vietnamese page of a failed CSRF check.

The Content-Security-Policy is django-csp's (settings.CONTENT_SECURITY_POLICY; the hashes of
the inline scripts and styles come from congtin.core.inline_assets). Django's SecurityMiddleware
sends nosniff, Referrer-Policy and Cross-Origin-Opener-Policy, and HSTS over HTTPS. What Django
does not send is here: Permissions-Policy. Placed first in MIDDLEWARE, this middleware also sends
Django's three (same settings) on responses that never reached SecurityMiddleware, such as the
database outage's 503 (congtin.core.outage). docs/deploy.md, "Security headers".
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render


def permissions_policy(features: dict[str, list[str]]) -> str:
    """The header's text: {"camera": [], "fullscreen": ["self", "https://www.youtube.com"]} is
    `camera=(), fullscreen=(self "https://www.youtube.com")` (an empty list: nobody, not even us)."""

    def allowlist(origins: list[str]) -> str:
        return " ".join(origin if origin in ("self", "*") else f'"{origin}"' for origin in origins)

    return ", ".join(f"{feature}=({allowlist(allowed)})" for feature, allowed in features.items())


def security_headers() -> dict[str, str]:
    """The headers every response of the app carries, from the settings that define them."""
    headers = {"Permissions-Policy": permissions_policy(settings.PERMISSIONS_POLICY)}
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers["X-Content-Type-Options"] = "nosniff"
    if settings.SECURE_REFERRER_POLICY:
        headers["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    return headers


class SecurityHeadersMiddleware:
    """Adds `security_headers()` to every response that does not set them itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        for name, value in security_headers().items():
            response.headers.setdefault(name, value)
        return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form that cannot be proven to come from our own page (expired, or
    cookies blocked) is refused with a page in Vietnamese that says what to do, not Django's
    English one. The reason, for developers, is in the django.security.csrf log."""
    return render(request, "403_csrf.html", status=403)
