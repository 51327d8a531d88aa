"""Online conferences: a main hall broadcast to bridge points (điểm cầu), each admitted by
an opaque token, and what the bridge points report back (presence, headcount, questions).

The rules live with the data they guard: which token admits whom
(`BridgePoint.objects.by_token`), how heartbeats add up to time online
(`Presence.record_heartbeat`), when a bridge point counts as online (`online_cutoff`),
how a question moves through moderation (`Question.moderate`), and what the attendance
report says (`Conference.attendance_rows`).
"""

from .attendance import AttendanceRow
from .bridge_point import BridgePoint, BridgePointQuerySet
from .conference import AgendaItem, Conference, ConferenceDocument, ImportCounts
from .headcount import HeadcountReport
from .presence import HEARTBEAT_GAP, ONLINE_WINDOW, Presence, online_cutoff
from .question import Question
from .tokens import new_token

# isort: split
# The broadcast engine's own model, registered with the app's: last, since the broadcast
# package imports the models above.
from ..broadcast.models import RtmpStream

__all__ = [
    "HEARTBEAT_GAP",
    "ONLINE_WINDOW",
    "AgendaItem",
    "AttendanceRow",
    "BridgePoint",
    "BridgePointQuerySet",
    "Conference",
    "ConferenceDocument",
    "HeadcountReport",
    "ImportCounts",
    "Presence",
    "Question",
    "RtmpStream",
    "new_token",
    "online_cutoff",
]
