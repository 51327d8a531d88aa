"""What the live pages poll: the state of a bridge point's page and of the organiser's
dashboard, as plain dicts ready for JSON (and for the templates' first render).

Polling, not websockets: it goes through any proxy, and every POLL_SECONDS (3) from 56
bridge points plus the phones of 1,000 participants is a few hundred small requests a
second. To keep them cheap:

- a bridge point's state is rendered at most once per STATE_CACHE_SECONDS (1) and kept, as
  JSON bytes, under its address (conference and token): every screen polling that link in
  that second gets the same bytes without a database query (`polled_bridge_point_state`).
  What the point itself changes (its question, its headcount) and what the organiser changes
  (`shared_state_changed`) bumps a version the next poll checks, so it shows at once;
- what every bridge point sees alike (topic, answered questions, documents) is built at
  most once a second and cached;
- heartbeats from one bridge point are written at most once every
  PAGE_HEARTBEAT_EVERY_SECONDS (2), however many screens follow its link;
- the dashboard's state costs the same few queries for 2 bridge points or 56, and after its
  first poll sends only what changed since the cursor it was given (`dashboard_state`).

The shared cache may be down (Redis restarting): every cache call here then counts as a miss,
and the page is rendered from the database. How presence is measured is said in one place:
models/presence.py.
"""

import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import bridge_point_or_404
from ..broadcast.conf import live_video_enabled
from ..models import BridgePoint, Conference, ConferenceDocument, HeadcountReport, Presence, Question
from ..models.presence import PAGE_HEARTBEAT_EVERY_SECONDS, POLL_SECONDS

logger = logging.getLogger(__name__)

SHARED_STATE_SECONDS = 1  # a change reaches every bridge point within POLL_SECONDS + 1 s (+ nginx's 2-3 s copy)
# A bridge point's rendered state is kept this long: one render serves every poll of that
# point in that second. Its own changes and the organiser's show at once (versions below).
STATE_CACHE_SECONDS = 1
# How long a version mark lives: far longer than any entry it guards.
VERSION_SECONDS = 24 * 3600
ANSWERED_SHOWN = 100
OWN_QUESTIONS_SHOWN = 20


def cache_call(method: str, *args: Any, **kwargs: Any) -> Any:
    """The shared cache's answer, or None when it is down: an error (a backend that raises)
    and django-redis's IGNORE_EXCEPTIONS (which answers None) both mean "not known"."""
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception as error:  # any backend's connection error: a miss, never a 500
        logger.debug("cache %s failed: %s", method, error)
        return None


def stream_url(conference: Conference, bridge_point: BridgePoint) -> str | None:
    """The HLS playlist (with its token) this bridge point plays, from the broadcast
    backend; None while the backend offers none, and the page says "Chưa phát sóng", or
    when this installation has no live video (broadcast.live_video_enabled)."""
    if not live_video_enabled():
        return None
    try:
        from ..broadcast import playlist_url
    except ImportError:
        return None
    return playlist_url(conference, bridge_point)


def record_heartbeat(bridge_point: BridgePoint | int, at: datetime | None = None) -> None:
    """`Presence.record_heartbeat`, at most once per bridge point every PAGE_HEARTBEAT_EVERY_SECONDS:
    the hall's big screen and thirty phones on the same link are one bridge point and need not all write.
    Skipping a beat loses no time online: the next one counts from the last one written.

    A poll answered from the micro-cache has only the bridge point's id, which is enough. While
    the shared cache is down, each process still writes at most once a window per point."""
    bridge_point_id = bridge_point if isinstance(bridge_point, int) else bridge_point.pk
    at = at or timezone.now()
    window = int(at.timestamp()) // PAGE_HEARTBEAT_EVERY_SECONDS
    key = f"conferences:heartbeat:{bridge_point_id}:{window}"
    first = cache_call("add", key, True, timeout=PAGE_HEARTBEAT_EVERY_SECONDS * 2)
    if first is None:
        first = _first_in_this_process(bridge_point_id, window)
    if first:
        Presence.record_heartbeat(BridgePoint(pk=bridge_point_id), at=at)


_windows_written: dict[int, int] = {}


def _first_in_this_process(bridge_point_id: int, window: int) -> bool:
    """The heartbeat gate while the shared cache is down: one write per window per process."""
    if _windows_written.get(bridge_point_id) == window:
        return False
    if len(_windows_written) > 10_000:  # bridge points of past conferences
        _windows_written.clear()
    _windows_written[bridge_point_id] = window
    return True


@dataclass(frozen=True)
class PolledState:
    """A bridge point's state as its poll answers it: JSON bytes, and whose they are."""

    bridge_point_id: int
    body: bytes


def polled_bridge_point_state(slug: str, token: str) -> PolledState:
    """The state of the bridge point `token` admits to conference `slug`, rendered at most once
    per STATE_CACHE_SECONDS and kept under that address; Http404 as `bridge_point_or_404`.

    A hit costs one cache round trip and no query. An entry counts only while the point's and
    the conference's versions are those it was rendered under, so a change that bumped either
    (the point's own question or headcount, the organiser's moderation or topic) is seen by the
    next poll, even when a render that started before the change stores its entry after it. A
    revoked link keeps its state for at most STATE_CACHE_SECONDS; its questions and headcount
    are refused at once."""
    keys = _poll_keys(slug, token)
    found = cache_call("get_many", list(keys)) or {}
    versions = [found.get(keys[1]), found.get(keys[2])]
    entry = found.get(keys[0])
    if isinstance(entry, dict) and entry.get("versions") == versions:
        return PolledState(entry["point"], entry["body"])
    point = bridge_point_or_404(slug, token)
    body = json.dumps(bridge_point_state(point), cls=DjangoJSONEncoder).encode()
    entry = {"point": point.pk, "versions": versions, "body": body}
    cache_call("set", keys[0], entry, STATE_CACHE_SECONDS)
    return PolledState(point.pk, body)


def bridge_point_changed(bridge_point: BridgePoint) -> None:
    """The point itself changed what its page shows (a question, its headcount): its next poll
    renders afresh, in every process."""
    _bump(_poll_keys(bridge_point.conference.slug, bridge_point.token)[1])


def _poll_keys(slug: str, token: str) -> tuple[str, str, str]:
    """(entry, the point's version, the conference's version), from the address alone: the token
    is hashed (it is a secret, and may be any string a visitor typed)."""
    address = hashlib.sha256(f"{slug}/{token}".encode()).hexdigest()[:32]
    return (
        f"conferences:point-state:{address}",
        f"conferences:point-state-version:{address}",
        _conference_version_key(slug),
    )


def _conference_version_key(slug: str) -> str:
    return f"conferences:conference-state-version:{slug}"


def _bump(version_key: str) -> None:
    cache_call("set", version_key, time.time_ns(), VERSION_SECONDS)


def bridge_point_state(bridge_point: BridgePoint) -> dict:
    """Everything a bridge point's page shows that can change during the event."""
    conference = bridge_point.conference
    url = stream_url(conference, bridge_point) if conference.on_air else None
    headcount = HeadcountReport.objects.filter(bridge_point=bridge_point).first()
    own = Question.objects.filter(bridge_point=bridge_point).order_by("-created_at", "-pk")[:OWN_QUESTIONS_SHOWN]
    return {
        "poll_seconds": POLL_SECONDS,
        "status": conference.status,
        "status_label": conference.get_status_display(),
        "on_air": url is not None,
        "playlist_url": url,
        **shared_state(conference),
        "headcount": headcount_json(headcount),
        "own_questions": [own_question_json(question) for question in own],
    }


def shared_state(conference: Conference) -> dict:
    """The part of the state every bridge point of `conference` sees alike, cached briefly
    under the conference's version (a render that began before a change cannot store the old
    part as the new one)."""
    key = _shared_key(conference, cache_call("get", _conference_version_key(conference.slug)))
    state = cache_call("get", key)
    if state is None:
        state = _build_shared_state(conference)
        cache_call("set", key, state, SHARED_STATE_SECONDS)
    return state


def shared_state_changed(conference: Conference) -> None:
    """The organiser changed something bridge points see: rebuild it, and every bridge point's
    state, on the next request."""
    _bump(_conference_version_key(conference.slug))


def _shared_key(conference: Conference, version: int | None) -> str:
    return f"conferences:shared-state:{conference.pk}:{version}"


def _build_shared_state(conference: Conference) -> dict:
    item = conference.current_agenda_item
    documents = [
        {"title": entry.display_title, "url": entry.document.url}
        for entry in ConferenceDocument.objects.filter(conference=conference)
        .select_related("document")
        .order_by("sort_order", "pk")
    ]
    answered = conference.answered_questions()[:ANSWERED_SHOWN]
    return {
        "agenda_item": {"id": item.pk, "title": item.title, "presenter": item.presenter} if item else None,
        "documents": {"version": _version(documents), "items": documents},
        "answered": [
            {
                "id": question.pk,
                "bridge_point": question.bridge_point.name,
                "asked_by": question.asked_by,
                "text": question.text,
                "answer": question.answer,
                "answered_at": clock(question.answered_at),
            }
            for question in answered
        ],
    }


# The dashboard's delta. A question's updated_at is set before its row is committed, so a
# poll may not yet see a row whose time is a little older than the newest it sees. The cursor
# therefore starts DELTA_OVERLAP before the poll, and lists the (id, updated_at) of what it
# already sent after that moment: those are not sent again, a later change of them is.
DELTA_OVERLAP = timedelta(seconds=5)
CURSOR_MAX_AGE = timedelta(minutes=10)  # older (a tab left hidden): everything again
TILES_KEPT_SECONDS = 60  # how long the tiles a cursor names are kept to compare with
_CURSOR = re.compile(r"^([0-9a-f]{1,16})\.([0-9a-f]{12})\.((?:[0-9a-f]{1,16}:[0-9a-f]{1,16}(?:,|$))*)$")


@dataclass(frozen=True)
class DashboardCursor:
    """Where an organiser's dashboard stands: questions changed after `since` were sent, except
    those in `seen` (id, updated_at in microseconds); `tiles` names the tiles it was sent."""

    since: datetime
    tiles: str
    seen: frozenset[tuple[int, int]]

    @classmethod
    def parse(cls, text: str | None, at: datetime) -> "DashboardCursor | None":
        """None for no cursor, a malformed one, or one older than CURSOR_MAX_AGE."""
        match = _CURSOR.match(text) if text and len(text) <= 4096 else None
        if not match:
            return None
        since_us = int(match[1], 16)
        if not _micro(at - CURSOR_MAX_AGE) <= since_us <= _micro(at):
            return None
        since = _EPOCH + timedelta(microseconds=since_us)
        seen = frozenset(
            (int(pk, 16), int(us, 16)) for pk, us in (pair.split(":") for pair in match[3].split(",") if pair)
        )
        return cls(since=since, tiles=match[2], seen=seen)

    def __str__(self) -> str:
        seen = ",".join(f"{pk:x}:{us:x}" for pk, us in sorted(self.seen))
        return f"{_micro(self.since):x}.{self.tiles}.{seen}"


def dashboard_state(conference: Conference, at: datetime | None = None, since: str | None = None) -> dict:
    """The organiser's view: a tile per bridge point, totals, the question queue. A constant
    number of queries (the tiles, the questions, their count), however many bridge points.

    Without a cursor (`since`), or with one that is malformed or stale, everything, with
    "full": true. With a cursor, only the questions created or changed since, the fields of
    the tiles that changed, and "question_count" (so a page that missed a deletion asks for
    everything again). Either way, a new "cursor" for the next poll."""
    at = at or timezone.now()
    cursor = DashboardCursor.parse(since, at)
    tiles = [tile_json(point, at) for point in conference.bridge_point_tiles()]
    tiles_version = _version(tiles)
    online = [tile for tile in tiles if tile["online"]]
    questions = conference.questions()
    if cursor is not None:
        questions = [
            question
            for question in questions.filter(updated_at__gt=cursor.since)
            if (question.pk, _micro(question.updated_at)) not in cursor.seen
        ]
        tiles_sent = _tile_changes(_kept_tiles(conference, cursor.tiles), tiles)
        question_count = Question.objects.filter(bridge_point__conference=conference).count()
    else:
        questions = list(questions)
        tiles_sent = tiles
        question_count = len(questions)
    cache_call("set", _tiles_key(conference, tiles_version), tiles, TILES_KEPT_SECONDS)
    since_next = max(at - DELTA_OVERLAP, cursor.since) if cursor else at - DELTA_OVERLAP
    seen = {(q.pk, _micro(q.updated_at)) for q in questions if q.updated_at > since_next}
    if cursor is not None:  # still after the new starting point: still not to be sent again
        seen |= {(pk, us) for pk, us in cursor.seen if us > _micro(since_next)}
    return {
        "full": cursor is None,
        "cursor": str(DashboardCursor(since=since_next, tiles=tiles_version, seen=frozenset(seen))),
        "poll_seconds": POLL_SECONDS,
        "server_time": clock(at),
        "status_label": conference.get_status_display(),
        "on_air": conference.on_air,
        "current_agenda_item": conference.current_agenda_item_id,
        "totals": {
            "bridge_points": len(tiles),
            "online": len(online),
            "participants": sum(tile["headcount"] or 0 for tile in online),
            "reported": sum(tile["headcount"] or 0 for tile in tiles),
            "expected": sum(tile["expected"] for tile in tiles),
        },
        "tiles": tiles_sent,
        "questions": [question_json(question) for question in questions],
        "question_count": question_count,
    }


def _tile_changes(before: list[dict] | None, now: list[dict]) -> list[dict]:
    """Each tile whose fields changed, with its id and those fields; every tile when what the
    cursor was sent is no longer known."""
    if before is None:
        return now
    previous = {tile["id"]: tile for tile in before}
    changes = []
    for tile in now:
        old = previous.get(tile["id"], {})
        changed = {field: value for field, value in tile.items() if old.get(field, _MISSING) != value}
        if changed:
            changes.append({"id": tile["id"], **changed})
    return changes


def _kept_tiles(conference: Conference, version: str) -> list[dict] | None:
    return cache_call("get", _tiles_key(conference, version))


def _tiles_key(conference: Conference, version: str) -> str:
    return f"conferences:dashboard-tiles:{conference.pk}:{version}"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MISSING = object()


def _micro(moment: datetime) -> int:
    """Microseconds since the epoch, exactly (no float on the way)."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


def tile_json(point: BridgePoint, at: datetime) -> dict:
    """One dashboard tile, from a bridge point loaded by `Conference.bridge_point_tiles`."""
    presence = getattr(point, "presence", None)
    headcount = getattr(point, "headcount", None)
    online = presence is not None and presence.is_online(at)
    if online:
        connection = _("Trực tuyến")
    elif presence is not None:
        connection = _("Mất kết nối")
    else:
        connection = _("Chưa vào")
    return {
        "id": point.pk,
        "code": point.code,
        "name": point.name,
        "online": online,
        "connection": connection,
        "last_seen": clock(presence.last_seen) if presence else None,
        "headcount": headcount.count if headcount else None,
        "expected": point.expected_participants,
        "pending_questions": point.pending_questions,
    }


def question_json(question: Question) -> dict:
    """A question as the organiser's queue shows it, with the actions its status allows."""
    return {
        "id": question.pk,
        "status": question.status,
        "status_label": question.get_status_display(),
        "actions": question.allowed_actions(),
        "bridge_point": str(question.bridge_point),
        "asked_by": question.asked_by,
        "agenda_item": question.agenda_item.title if question.agenda_item else "",
        "text": question.text,
        "answer": question.answer,
        "created_at": clock(question.created_at),
        "answered_at": clock(question.answered_at),
    }


def own_question_json(question: Question) -> dict:
    """A question as the bridge point that asked it sees it: its text and where it stands."""
    return {
        "id": question.pk,
        "text": question.text,
        "status": question.status,
        "status_label": question.get_status_display(),
    }


def headcount_json(headcount: HeadcountReport | None) -> dict | None:
    if headcount is None:
        return None
    return {"count": headcount.count, "reported_at": clock(headcount.reported_at)}


def clock(moment: datetime | None) -> str | None:
    """Local wall-clock time ("08:12:03"): the live pages are for the day of the event."""
    return timezone.localtime(moment).strftime("%H:%M:%S") if moment else None


def _version(value) -> str:
    return hashlib.sha1(json.dumps(value, sort_keys=True).encode()).hexdigest()[:12]
