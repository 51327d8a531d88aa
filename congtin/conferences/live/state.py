"""What the live pages poll: the state of a bridge point's page and of the organiser's
dashboard, as plain dicts ready for JSON (and for the templates' first render).

Polling, not websockets: it goes through any proxy, and every POLL_SECONDS (3) from 56
bridge points plus the phones of 1,000 participants is a few hundred small requests a
second. To keep them cheap, what every bridge point sees alike (topic, answered questions,
documents) is built at most once a second per process and cached, heartbeats from one
bridge point are written at most once every PAGE_HEARTBEAT_EVERY_SECONDS (2), and the
dashboard's state costs the same few queries for 2 bridge points or 56. How presence is
measured is said in one place: models/presence.py.
"""

import hashlib
import json
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from ..broadcast.conf import live_video_enabled
from ..models import BridgePoint, Conference, ConferenceDocument, HeadcountReport, Presence, Question
from ..models.presence import PAGE_HEARTBEAT_EVERY_SECONDS, POLL_SECONDS

SHARED_STATE_SECONDS = 1  # so a change reaches every bridge point within POLL_SECONDS + 1 s
ANSWERED_SHOWN = 100
OWN_QUESTIONS_SHOWN = 20


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


def record_heartbeat(bridge_point: BridgePoint, at: datetime | None = None) -> None:
    """`Presence.record_heartbeat`, at most once per bridge point every PAGE_HEARTBEAT_EVERY_SECONDS:
    the hall's big screen and thirty phones on the same link are one bridge point and need not all write.
    Skipping a beat loses no time online: the next one counts from the last one written."""
    at = at or timezone.now()
    window = int(at.timestamp()) // PAGE_HEARTBEAT_EVERY_SECONDS
    if cache.add(f"conferences:heartbeat:{bridge_point.pk}:{window}", True, timeout=PAGE_HEARTBEAT_EVERY_SECONDS * 2):
        Presence.record_heartbeat(bridge_point, at=at)


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
    """The part of the state every bridge point of `conference` sees alike, cached briefly."""
    key = _shared_key(conference)
    state = cache.get(key)
    if state is None:
        state = _build_shared_state(conference)
        cache.set(key, state, SHARED_STATE_SECONDS)
    return state


def shared_state_changed(conference: Conference) -> None:
    """The organiser changed something bridge points see: rebuild it on the next request
    (in this process; other processes within SHARED_STATE_SECONDS)."""
    cache.delete(_shared_key(conference))


def _shared_key(conference: Conference) -> str:
    return f"conferences:shared-state:{conference.pk}"


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


def dashboard_state(conference: Conference, at: datetime | None = None) -> dict:
    """The organiser's view: a tile per bridge point, totals, the question queue. A constant
    number of queries (one for the tiles, one for the questions), however many bridge points."""
    at = at or timezone.now()
    tiles = [tile_json(point, at) for point in conference.bridge_point_tiles()]
    online = [tile for tile in tiles if tile["online"]]
    return {
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
        "tiles": tiles,
        "questions": [question_json(question) for question in conference.questions()],
    }


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
