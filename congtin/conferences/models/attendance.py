"""What the attendance report says about one bridge point (`Conference.attendance_rows`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .bridge_point import BridgePoint


@dataclass(frozen=True)
class AttendanceRow:
    """What the attendance report says about one bridge point."""

    code: str
    name: str
    district: str
    expected: int
    first_seen: datetime | None
    minutes_online: int
    headcount: int | None
    headcount_at: datetime | None
    questions_asked: int
    questions_answered: int

    @classmethod
    def of(cls, point: BridgePoint) -> AttendanceRow:
        """From a bridge point with its presence, headcount and question counts loaded."""
        presence = getattr(point, "presence", None)
        headcount = getattr(point, "headcount", None)
        return cls(
            code=point.code,
            name=point.name,
            district=point.district,
            expected=point.expected_participants,
            first_seen=presence.first_seen if presence else None,
            minutes_online=presence.minutes_online if presence else 0,
            headcount=headcount.count if headcount else None,
            headcount_at=headcount.reported_at if headcount else None,
            questions_asked=point.questions_asked,
            questions_answered=point.questions_answered,
        )
