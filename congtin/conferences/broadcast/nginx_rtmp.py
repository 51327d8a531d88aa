"""The broadcast engine: nginx with the RTMP module carries the video, the app only decides.

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

The video never passes through Python. hooks.py answers nginx's calls with the rules here;
deploy/nginx/congtin-live.conf.template is the nginx side; `manage.py render_nginx_config`
fills it in; docs/operators.md explains both.
"""

import hashlib
import hmac
import re
from urllib.parse import parse_qs, urlsplit

from django.core.cache import cache
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..models import BridgePoint, Conference, Presence
from ..models.presence import PLAYER_HEARTBEAT_EVERY_SECONDS
from .conf import hls_base_url, rtmp_publish_base
from .models import RtmpStream

# The RTMP application the encoder publishes to (see Conference.publish_url), and the one
# nginx pushes an accepted stream to, under its public name, to be cut into HLS.
RTMP_APPLICATION = "live"
HLS_APPLICATION = "hls"
# Where nginx serves HLS, and the query parameter carrying the bridge point's token.
HLS_PREFIX = "/hls/"
TOKEN_PARAMETER = "t"
# A "yes" for a token and stream is kept this long: a revoked bridge point loses the
# stream within this time, and a player's requests in between cost no query.
ADMISSION_CACHE_SECONDS = 5
# How long an ended publisher's late "still publishing" update is ignored (> nginx's
# notify_update_timeout).
ENDED_PUBLISHER_SECONDS = 120

STREAM_NAME_LENGTH = 16
# nginx-rtmp's HLS files with hls_nested off: NAME.m3u8 and NAME-SEQUENCE.ts
HLS_FILE = re.compile(rf"^{re.escape(HLS_PREFIX)}(?P<stream>[0-9a-f]{{{STREAM_NAME_LENGTH}}})(?:\.m3u8|-\d+\.ts)$")
HLS_NAME = re.compile(rf"^[0-9a-f]{{{STREAM_NAME_LENGTH}}}$")
# What models.new_token makes (URL-safe base64); anything else is refused unread.
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


# The rules -----------------------------------------------------------------------------


def stream_key(conference: Conference) -> str:
    """The secret the conference's encoder publishes with (made the first time it is asked for).

    No query when the conference was loaded with `select_related("rtmp_stream")`.
    """
    try:
        return conference.rtmp_stream.key
    except RtmpStream.DoesNotExist:
        stream, _created = RtmpStream.objects.get_or_create(conference=conference)
        conference.rtmp_stream = stream
        return stream.key


def stream_name(conference: Conference) -> str:
    """The public name of the conference's stream: what HLS files and playlist URLs carry.

    Derived from the stream key by a one-way hash, so it changes when the key does and
    reveals nothing that allows publishing.
    """
    return hashlib.sha256(stream_key(conference).encode()).hexdigest()[:STREAM_NAME_LENGTH]


def relay_key(name: str) -> str:
    """The key nginx's push into the `hls` application carries for stream `name` (on_publish's
    redirect writes it, on_relay checks it): without it nothing publishes into `hls`, not
    even a program on this machine. Derived from SECRET_KEY, so nginx's configuration holds
    no secret for it."""
    return salted_hmac("congtin.broadcast.relay", name, algorithm="sha256").hexdigest()[:32]


def relay_admits(name: str, key: str) -> bool:
    return bool(HLS_NAME.match(name or "")) and hmac.compare_digest((key or "").encode(), relay_key(name).encode())


def publish_url(conference: Conference) -> str:
    """Where the main hall's encoder (OBS, vMix) publishes; the stream key is the secret."""
    return f"{rtmp_publish_base()}/{stream_key(conference)}"


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
        Conference.objects.filter(rtmp_stream__key=stream_key, on_air=True).update(
            on_air=False, updated_at=timezone.now()
        )
    )


def ended_publisher_key(stream_key: str, publisher: str) -> str:
    digest = hashlib.sha256(f"{stream_key}:{publisher}".encode()).hexdigest()[:32]
    return f"broadcast:ended:{digest}"


def conference_of_key(stream_key: str) -> Conference | None:
    if not TOKEN_SHAPE.match(stream_key or ""):
        return None
    return Conference.objects.select_related("rtmp_stream").filter(rtmp_stream__key=stream_key).first()


def admits_to_stream(token: str, stream: str) -> bool:
    """Whether `token` belongs to an active bridge point of the conference streaming as `stream`.

    One indexed query (the token is unique); a yes is cached for ADMISSION_CACHE_SECONDS.
    An admitted request is also the bridge point's presence heartbeat, recorded at most
    every PLAYER_HEARTBEAT_EVERY_SECONDS: however often its player reloads or reconnects, it stays
    one bridge point with one presence.
    """
    if not TOKEN_SHAPE.match(token or ""):
        return False
    admitted_key = f"broadcast:admitted:{stream}:{token}"
    heartbeat_key = f"broadcast:heartbeat:{token}"
    if len(cache.get_many([admitted_key, heartbeat_key])) == 2:
        return True  # admitted and counted present a moment ago: no query
    point = BridgePoint.objects.active().select_related("conference__rtmp_stream").filter(token=token).first()
    if point is None or stream_name(point.conference) != stream:
        cache.delete(admitted_key)
        return False
    cache.set(admitted_key, True, ADMISSION_CACHE_SECONDS)
    # Atomic: one of concurrent requests wins. None is a cache that is down (django-redis's
    # IGNORE_EXCEPTIONS): then every check that reaches the app counts (nginx keeps its answer
    # a few seconds per token, so that is still a few a minute).
    if cache.add(heartbeat_key, True, PLAYER_HEARTBEAT_EVERY_SECONDS) is not False:
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
