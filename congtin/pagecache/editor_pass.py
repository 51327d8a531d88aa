"""The editor pass: a second cookie beside a signed-in user's session, which nginx can check
on its own (ngx_http_secure_link_module), so that only a real editor skips the page cache.

A session cookie alone proves nothing to nginx (anyone can send `sessionid=x`), and reading
the session to find out costs the app a query per request: a flood of bogus cookies used to
bypass the cache for free. The pass is `HASH.EXPIRES`, where HASH is nginx's secure_link_md5
of "EXPIRES SECRET" (base64url, no padding) and EXPIRES the session's own expiry (Unix time).
The SECRET is derived from SECRET_KEY and rendered into nginx's configuration
(`render_nginx_config`); nginx checks the pass with the same arithmetic as `verifies` below
(tests/deploy/test_editor_pass.py holds them to it).

The pass follows the session (`follow_session`, from PageCacheMiddleware): set when a request
ends with a session the app holds (a sign-in, an older session met in the back office, a
reader who gave a Wagtail page's password), renewed when the session's expiry moves, removed
when the request ends without one (a sign-out).

Outside the paths the app never caches (SESSION_PATHS: the back office and the conferences,
where a session is always read), a request without a valid pass is a reader: its session
cookie is not even looked at.
"""

import base64
import hashlib
import hmac
import re
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.crypto import salted_hmac

COOKIE_NAME = "congtin_editor"
# HASH.EXPIRES; deploy/nginx/congtin-web.conf.template's map reads the same shape.
PASS_SHAPE = re.compile(r"^(?P<hash>[A-Za-z0-9_-]{22})\.(?P<expires>[0-9]{1,12})$")
# Paths the app always hands to the app uncached (nginx's location for them is rendered from
# this): there the session cookie is read as it always was, pass or not.
SESSION_PATHS = ("/admin/", "/django-admin/", "/hoi-nghi/")
# A pass is written again when its expiry is this far from the session's (an idle timeout
# moving the session's expiry on), not on every request.
RENEW_AFTER_SECONDS = 60


# The arithmetic, shared with nginx ---------------------------------------------------------


def signature(expires: int, secret: str) -> str:
    """nginx's `secure_link_md5 "$secure_link_expires SECRET"`, as secure_link compares it."""
    digest = hashlib.md5(f"{expires} {secret}".encode(), usedforsecurity=False).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def make(expires: int, secret: str) -> str:
    """The cookie's value for a pass valid until `expires` (Unix time)."""
    return f"{signature(expires, secret)}.{expires}"


def expiry(value: str | None, secret: str, now: float) -> int | None:
    """The expiry of a valid pass; None for a missing, malformed, tampered or expired one
    (nginx's $secure_link is then "", "" or "0": no bypass)."""
    match = PASS_SHAPE.match(value or "")
    if match is None:
        return None
    expires = int(match["expires"])
    if expires < now or not hmac.compare_digest(match["hash"], signature(expires, secret)):
        return None
    return expires


def verifies(value: str | None, secret: str, now: float) -> bool:
    return expiry(value, secret, now) is not None


# This installation -------------------------------------------------------------------------


def secret() -> str:
    """The pass's secret: derived one way from SECRET_KEY (hex, safe inside nginx's quotes), so
    the nginx configuration that holds it reveals nothing that signs sessions."""
    return salted_hmac("congtin.pagecache.editor_pass", "nginx secure_link", algorithm="sha256").hexdigest()


def carries_pass(request: HttpRequest) -> bool:
    """Whether the request carries a valid pass (checked once per request)."""
    checked = getattr(request, "_congtin_editor_pass", None)
    if checked is None:
        value = request.COOKIES.get(COOKIE_NAME)
        checked = bool(value) and verifies(value, secret(), time.time())
        request._congtin_editor_pass = checked
    return checked


def on_session_path(request: HttpRequest) -> bool:
    return request.path_info.startswith(SESSION_PATHS)


def follow_session(request: HttpRequest, response: HttpResponseBase) -> None:
    """Give the response the pass its session deserves: one for a session the app holds (a
    signed-in user's, or a reader's who unlocked a password-protected page), valid as long as
    the session; none (deleted) once there is none (signed out, expired, unknown). Looks only
    at requests that read their session anyway, so a reader's request costs nothing here."""
    session = getattr(request, "session", None)
    if session is None or not session.accessed:
        return
    sent = request.COOKIES.get(COOKIE_NAME)
    if not session.is_empty():
        expires = int(session.get_expiry_date().timestamp())
        current = expiry(sent, secret(), time.time())
        if current is not None and abs(current - expires) <= RENEW_AFTER_SECONDS:
            return
        response.set_cookie(
            COOKIE_NAME,
            make(expires, secret()),
            max_age=None if session.get_expire_at_browser_close() else max(expires - int(time.time()), 0),
            path=settings.SESSION_COOKIE_PATH,
            domain=settings.SESSION_COOKIE_DOMAIN,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
    elif sent:
        response.delete_cookie(
            COOKIE_NAME,
            path=settings.SESSION_COOKIE_PATH,
            domain=settings.SESSION_COOKIE_DOMAIN,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
