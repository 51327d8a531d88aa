"""The broadcast backend: nginx with the RTMP module carries the video, the app only decides.

The main hall's encoder publishes RTMP to nginx (application `live`, stream name = the
conference's secret stream key). nginx asks the app:

- on publish (`on_publish`): is this key a conference that has not ended? The app marks it
  on air and answers with a redirect to rtmp://…/hls/<stream_name(conference)>; nginx
  pushes the stream there and its `hls` application writes the HLS files under that
  public name, never under the key that allows publishing;
- while publishing (`on_update`, every few seconds): still on air;
- on publish end (`on_publish_done`): the conference goes off air;
- for every HLS playlist and segment (`auth_request`): does the `t` token in the URL belong
  to an active bridge point of the conference whose stream the file belongs to? A yes is
  kept for a few seconds and counts as the bridge point's presence heartbeat.

The video never passes through Python. deploy/nginx/congtin-live.conf.template is the
nginx side; `manage.py render_nginx_config` fills it in; docs/operators.md explains both.
"""

import hashlib
import hmac
import ipaddress
import logging
import os
import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, F, Value, When
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import BridgePoint, Conference, Presence

logger = logging.getLogger(__name__)

# The RTMP application the encoder publishes to (see Conference.publish_url), and the one
# nginx pushes an accepted stream to, under its public name, to be cut into HLS.
RTMP_APPLICATION = "live"
HLS_APPLICATION = "hls"
# Where nginx serves HLS, and the query parameter carrying the bridge point's token.
HLS_PREFIX = "/hls/"
TOKEN_PARAMETER = "t"
# The header (or, for nginx-rtmp, which cannot send headers, the `hook` query parameter)
# that carries the shared secret when nginx does not call from this machine.
HOOK_HEADER = "X-Congtin-Hook"
HOOK_QUERY_PARAMETER = "hook"
# A "yes" for a token and stream is kept this long: a revoked bridge point loses the
# stream within this time, and a player's requests in between cost no query.
ADMISSION_CACHE_SECONDS = 5
# A bridge point's playlist requests count as a presence heartbeat at most this often.
PRESENCE_EVERY_SECONDS = 10
# How long an ended publisher's late "still publishing" update is ignored (> nginx's
# notify_update_timeout).
ENDED_PUBLISHER_SECONDS = 120

STREAM_NAME_LENGTH = 16
# nginx-rtmp's HLS files with hls_nested off: NAME.m3u8 and NAME-SEQUENCE.ts
HLS_FILE = re.compile(rf"^{re.escape(HLS_PREFIX)}(?P<stream>[0-9a-f]{{{STREAM_NAME_LENGTH}}})(?:\.m3u8|-\d+\.ts)$")
# What models.new_token makes (URL-safe base64); anything else is refused unread.
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# HOST:PORT of nginx's own RTMP listener, as the rendered configuration passes it.
RELAY_ADDRESS = re.compile(r"^(?:[0-9A-Za-z.-]+|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}$")


# The rules -----------------------------------------------------------------------------


def stream_name(conference: Conference) -> str:
    """The public name of the conference's stream: what HLS files and playlist URLs carry.

    Derived from the stream key by a one-way hash, so it changes when the key does and
    reveals nothing that allows publishing.
    """
    return hashlib.sha256(conference.stream_key.encode()).hexdigest()[:STREAM_NAME_LENGTH]


def playlist_url(conference: Conference, bridge_point: BridgePoint) -> str:
    """The HLS playlist a bridge point's player loads.

    Relative to the site when nginx serves the app and HLS on one origin (production, and
    make demo at http://127.0.0.1:8000/); HLS_BASE_URL (setting or environment) puts it on
    another origin.
    """
    return f"{hls_base_url()}{HLS_PREFIX}{stream_name(conference)}.m3u8?{TOKEN_PARAMETER}={bridge_point.token}"


def start_broadcast(stream_key: str) -> Conference | None:
    """The encoder started publishing with `stream_key`: the conference it opens goes on air.

    None (publish refused) when the key is no conference's or the conference has ended.
    An upcoming conference becomes live; `on_air_since` stays when it was on air already.
    """
    conference = conference_of_key(stream_key)
    if conference is None or conference.status == Conference.Status.ENDED:
        return None
    now = timezone.now()
    Conference.objects.filter(pk=conference.pk).update(
        on_air=True,
        on_air_since=Case(When(on_air=True, on_air_since__isnull=False, then=F("on_air_since")), default=Value(now)),
        status=Case(When(status=Conference.Status.UPCOMING, then=Value(Conference.Status.LIVE)), default=F("status")),
        updated_at=now,
    )
    return conference


def confirm_broadcast(stream_key: str, publisher: str) -> bool:
    """nginx says `publisher` (its connection id) still publishes with `stream_key`: on air.

    nginx-rtmp also reports the end of a publish it refused itself (a second encoder on a
    key already publishing), which takes the conference off air while the first encoder
    goes on; this puts it back within nginx's update interval. A publisher whose end was
    already reported (its last update can arrive just after) changes nothing. Never
    refuses: a broadcast in progress is not cut from here.
    """
    conference = conference_of_key(stream_key)
    if conference is None or cache.get(ended_publisher_key(stream_key, publisher)):
        return False
    now = timezone.now()
    Conference.objects.filter(pk=conference.pk, on_air=False).update(on_air=True, on_air_since=now, updated_at=now)
    return True


def end_broadcast(stream_key: str, publisher: str) -> bool:
    """The encoder stopped (or dropped): the conference goes off air until it publishes again."""
    if not TOKEN_SHAPE.match(stream_key or ""):
        return False
    cache.set(ended_publisher_key(stream_key, publisher), True, ENDED_PUBLISHER_SECONDS)
    return bool(
        Conference.objects.filter(stream_key=stream_key, on_air=True).update(on_air=False, updated_at=timezone.now())
    )


def ended_publisher_key(stream_key: str, publisher: str) -> str:
    digest = hashlib.sha256(f"{stream_key}:{publisher}".encode()).hexdigest()[:32]
    return f"broadcast:ended:{digest}"


def conference_of_key(stream_key: str) -> Conference | None:
    if not TOKEN_SHAPE.match(stream_key or ""):
        return None
    return Conference.objects.filter(stream_key=stream_key).first()


def admits_to_stream(token: str, stream: str) -> bool:
    """Whether `token` belongs to an active bridge point of the conference streaming as `stream`.

    One indexed query (the token is unique); a yes is cached for ADMISSION_CACHE_SECONDS.
    An admitted request is also the bridge point's presence heartbeat, recorded at most
    every PRESENCE_EVERY_SECONDS: however often its player reloads or reconnects, it stays
    one bridge point with one presence.
    """
    if not TOKEN_SHAPE.match(token or ""):
        return False
    admitted_key = f"broadcast:admitted:{stream}:{token}"
    heartbeat_key = f"broadcast:heartbeat:{token}"
    if len(cache.get_many([admitted_key, heartbeat_key])) == 2:
        return True  # admitted and counted present a moment ago: no query
    point = BridgePoint.objects.active().select_related("conference").filter(token=token).first()
    if point is None or stream_name(point.conference) != stream:
        cache.delete(admitted_key)
        return False
    cache.set(admitted_key, True, ADMISSION_CACHE_SECONDS)
    if cache.add(heartbeat_key, True, PRESENCE_EVERY_SECONDS):  # atomic: one of concurrent requests wins
        Presence.record_heartbeat(point)
    return True


def stream_of_hls_uri(uri: str) -> tuple[str, str] | None:
    """(stream name, token) from the URI nginx asks about, or None when it is no HLS file of ours."""
    parts = urlsplit(uri)
    match = HLS_FILE.match(parts.path)
    if match is None:
        return None
    tokens = parse_qs(parts.query).get(TOKEN_PARAMETER, [])
    if len(tokens) != 1:  # nginx uses the first `t`, Django the last: accept exactly one
        return None
    return match["stream"], tokens[0]


# Configuration -------------------------------------------------------------------------


def hook_secret() -> str:
    """The shared secret for callers not on this machine (BROADCAST_HOOK_SECRET, setting or
    environment); empty: only loopback callers."""
    return getattr(settings, "BROADCAST_HOOK_SECRET", None) or os.environ.get("BROADCAST_HOOK_SECRET", "")


def hls_base_url() -> str:
    return (getattr(settings, "HLS_BASE_URL", None) or os.environ.get("HLS_BASE_URL", "")).rstrip("/")


def is_hook_caller(request) -> bool:
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


# The hooks nginx calls (urls_broadcast.py) ----------------------------------------------


def refused(reason: str, request) -> HttpResponse:
    logger.warning("broadcast: %s (caller %s)", reason, request.META.get("REMOTE_ADDR"))
    return HttpResponseForbidden(reason)


@csrf_exempt
@require_POST
def on_publish(request):
    """nginx-rtmp on_publish: 403 refuses; 302 allows and tells nginx where to push the stream.

    nginx-rtmp (1.2) names HLS files before it hears the answer, so a renaming redirect
    would not reach them: the answer is an rtmp:// Location, which nginx-rtmp follows by
    pushing the stream to its `hls` application under the public name.
    """
    if not is_hook_caller(request):
        return refused("hook called from outside", request)
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
    response["Location"] = f"rtmp://{relay}/{HLS_APPLICATION}/{stream_name(conference)}"
    return response


@csrf_exempt
@require_POST
def on_publish_done(request):
    """nginx-rtmp on_publish_done: the conference goes off air. Always 200: nothing to refuse."""
    if not is_hook_caller(request):
        return refused("hook called from outside", request)
    end_broadcast(request.POST.get("name", ""), publisher=request.POST.get("clientid", ""))
    return HttpResponse(status=200)


@csrf_exempt
@require_POST
def on_update(request):
    """nginx-rtmp on_update, every few seconds while publishing: still on air. Always 200."""
    if not is_hook_caller(request):
        return refused("hook called from outside", request)
    if request.POST.get("call") == "update_publish":
        confirm_broadcast(request.POST.get("name", ""), publisher=request.POST.get("clientid", ""))
    return HttpResponse(status=200)


@never_cache
@csrf_exempt
def hls_auth(request):
    """nginx auth_request for /hls/: 204 serves the file, 403 refuses it."""
    if not is_hook_caller(request):
        return refused("hook called from outside", request)
    found = stream_of_hls_uri(request.headers.get("X-Original-URI", ""))
    if found is None or not admits_to_stream(token=found[1], stream=found[0]):
        return HttpResponseForbidden()
    return HttpResponse(status=204)
