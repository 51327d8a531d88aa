"""Anonymous readers are served whole pages from the cache; everyone learns how long a
page may be kept."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import has_vary_header, patch_cache_control, set_response_etag

from . import editor_pass, store
from .tags import tags_of


def is_reader(request: HttpRequest) -> bool:
    """A GET or HEAD from someone not signed in: without a valid editor pass (and, on the
    paths never cached, without a session cookie). Decided from the cookies alone, so the
    session is never read for a reader and the page does not vary on Cookie. A session
    cookie or an Authorization header without a pass makes nobody an editor."""
    if request.method not in ("GET", "HEAD") or editor_pass.carries_pass(request):
        return False
    return not (editor_pass.on_session_path(request) and settings.SESSION_COOKIE_NAME in request.COOKIES)


def hide_unproven_session(request: HttpRequest) -> None:
    """Outside the back office and the conferences, a session cookie without a valid pass is
    not looked at (not even its row read): the request is a reader's, whatever it says."""
    if (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        and not editor_pass.on_session_path(request)
        and not editor_pass.carries_pass(request)
    ):
        del request.COOKIES[settings.SESSION_COOKIE_NAME]


# Readers' pages leave compressed when the client takes gzip (nginx always does): nginx then
# keeps the bytes it sends, with their length, and a hit is as cheap as a static file. Only
# readers' pages: they hold no secret for a compression attack (BREACH) to guess at.
_gzip = GZipMiddleware(lambda request: None)


def keepable(response: HttpResponseBase) -> bool:
    """A page every reader may share: no cookie set for one of them, no per-visitor variant."""
    return not response.streaming and not response.cookies and not has_vary_header(response, "Cookie")


class PageCacheMiddleware:
    """Place it inside ConditionalGetMiddleware (which answers a matching ETag with 304) and
    before SessionMiddleware: a cached page then costs one cache read and no database.

    A reader's page says `public, max-age=0, must-revalidate` (browsers keep it and ask
    again, answered by 304) and `X-Accel-Expires` for nginx, which hides that header from
    browsers. A signed-in editor's page is `private, no-cache` and kept nowhere. Views with
    a policy of their own (the admin, the live conference pages) keep theirs.
    `X-Cache-Bypass` (only nginx can send it: it drops the header from outside clients)
    renders afresh and keeps nothing. The editor pass follows the session on the way out
    (editor_pass.follow_session).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        hide_unproven_session(request)
        reader = is_reader(request)
        bypass = reader and bool(request.META.get("HTTP_X_CACHE_BYPASS"))
        path = request.get_full_path()
        if reader and not bypass and settings.CONGTIN_PAGE_CACHE:
            cached = store.get_page(path)
            if cached is not None:
                return _gzip.process_response(request, cached)
        response = self.get_response(request)
        editor_pass.follow_session(request, response)
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.has_header("Cache-Control"):
            return response
        if not reader:
            patch_cache_control(response, private=True, no_cache=True)
            return response
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if response.streaming:
            return response
        set_response_etag(response)
        if bypass or not keepable(response):
            return _gzip.process_response(request, response)
        tags = tags_of(request)
        seconds = settings.CONGTIN_PAGE_CACHE_SECONDS if tags else settings.CONGTIN_PAGE_CACHE_UNTAGGED_SECONDS
        response["X-Accel-Expires"] = str(seconds)
        store.remember(path, tags)
        if settings.CONGTIN_PAGE_CACHE:
            store.put_page(path, response, seconds)
        return _gzip.process_response(request, response)
