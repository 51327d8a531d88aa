"""The HTTP hooks nginx calls (urls.py): nginx-rtmp's on_publish, on_publish_done and
on_update callbacks, and the auth_request check of every HLS file. Thin: the rules are
the engine's (nginx_rtmp.py).

Only nginx calls these: from loopback, or with the shared secret. The nginx configuration
(deploy/nginx/congtin-live.conf.template) refuses their prefix to everyone else.
"""

import hmac
import ipaddress
import logging
import re
from collections.abc import Callable
from functools import wraps

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .conf import hook_secret
from .nginx_rtmp import (
    HLS_APPLICATION,
    RTMP_APPLICATION,
    admits_to_stream,
    confirm_broadcast,
    end_broadcast,
    relay_admits,
    relay_key,
    start_broadcast,
    stream_name,
    stream_of_hls_uri,
)

logger = logging.getLogger(__name__)

# The header (or, for nginx-rtmp, which cannot send headers, the `hook` query parameter)
# that carries the shared secret when nginx does not call from this machine.
HOOK_HEADER = "X-Congtin-Hook"
HOOK_QUERY_PARAMETER = "hook"
# HOST:PORT of nginx's own RTMP listener, as the rendered configuration passes it.
RELAY_ADDRESS = re.compile(r"^(?:[0-9A-Za-z.-]+|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}$")


def is_hook_caller(request: HttpRequest) -> bool:
    """nginx calls from this machine, or proves it knows the shared secret.

    Behind a proxy every request comes from loopback: the nginx configuration refuses the
    hook URLs from outside (deploy/nginx/congtin-live.conf.template).
    """
    secret = hook_secret()
    if secret:
        offered = request.headers.get(HOOK_HEADER) or request.GET.get(HOOK_QUERY_PARAMETER) or ""
        if hmac.compare_digest(offered.encode(), secret.encode()):
            return True
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def refused(reason: str, request: HttpRequest) -> HttpResponse:
    """403 to nginx, which then refuses the publish or the file; `reason` goes to the log
    (and the body, for an operator reading nginx's debug log), in English like the rest of it."""
    logger.warning("broadcast: %s (caller %s)", reason, request.META.get("REMOTE_ADDR"))
    return HttpResponseForbidden(reason)


def nginx_only(view: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """A hook only nginx may call (`is_hook_caller`); nginx has no session, so no CSRF token."""

    @csrf_exempt
    @wraps(view)
    def checked(request: HttpRequest) -> HttpResponse:
        if not is_hook_caller(request):
            return refused("hook called from outside", request)
        return view(request)

    return checked


@require_POST
@nginx_only
def on_publish(request: HttpRequest) -> HttpResponse:
    """nginx-rtmp on_publish: 403 refuses; 302 allows and tells nginx where to push the stream.

    nginx-rtmp (1.2) names HLS files before it hears the answer, so a renaming redirect
    would not reach them: the answer is an rtmp:// Location, which nginx-rtmp follows by
    pushing the stream to its `hls` application under the public name.
    """
    relay = request.GET.get("relay", "")
    if not RELAY_ADDRESS.match(relay):
        return refused(f"on_publish without a valid relay=HOST:PORT (got {relay!r})", request)
    if request.POST.get("app") != RTMP_APPLICATION:
        return refused(f"publish to application {request.POST.get('app')!r}", request)
    conference = start_broadcast(request.POST.get("name", ""))
    if conference is None:
        addr = request.POST.get("addr")
        return refused(f"publish refused: unknown stream key or conference ended (encoder {addr})", request)
    logger.info("broadcast: %s on air from %s", conference.slug, request.POST.get("addr"))
    response = HttpResponse(status=302)
    name = stream_name(conference)
    response["Location"] = f"rtmp://{relay}/{HLS_APPLICATION}/{name}?key={relay_key(name)}"
    return response


@require_POST
@nginx_only
def on_relay(request: HttpRequest) -> HttpResponse:
    """nginx-rtmp on_publish of the `hls` application: only nginx's own push, carrying the
    relay key on_publish gave it, may publish there (200); anything else is refused (403)."""
    if request.POST.get("app") != HLS_APPLICATION:
        return refused(f"relay check for application {request.POST.get('app')!r}", request)
    if not relay_admits(request.POST.get("name", ""), request.POST.get("key", "")):
        return refused(f"publish into {HLS_APPLICATION} without the relay key", request)
    return HttpResponse(status=200)


@require_POST
@nginx_only
def on_publish_done(request: HttpRequest) -> HttpResponse:
    """nginx-rtmp on_publish_done: the conference goes off air. Always 200: nothing to refuse."""
    end_broadcast(request.POST.get("name", ""), publisher=request.POST.get("clientid", ""))
    return HttpResponse(status=200)


@require_POST
@nginx_only
def on_update(request: HttpRequest) -> HttpResponse:
    """nginx-rtmp on_update, every few seconds while publishing: still on air. Always 200,
    even while the database is down: nginx-rtmp cuts the encoder off on any other answer, and
    the broadcast must go on through a PostgreSQL restart."""
    if request.POST.get("call") == "update_publish":
        try:
            confirm_broadcast(request.POST.get("name", ""), publisher=request.POST.get("clientid", ""))
        except DatabaseError as error:
            logger.warning("on_update not recorded, the broadcast goes on: %s", error)
    return HttpResponse(status=200)


@never_cache
@nginx_only
def hls_auth(request: HttpRequest) -> HttpResponse:
    """nginx auth_request for /hls/: 204 serves the file, 403 refuses it."""
    found = stream_of_hls_uri(request.headers.get("X-Original-URI", ""))
    if found is None or not admits_to_stream(token=found[1], stream=found[0]):
        return HttpResponseForbidden()
    return HttpResponse(status=204)
