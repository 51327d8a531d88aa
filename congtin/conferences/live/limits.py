"""How many questions a bridge point may send: CONGTIN_QUESTIONS_PER_MINUTE (5) and
CONGTIN_QUESTIONS_PER_HOUR (30) by default, counted per calendar minute and hour.

A link that leaked, or a stuck script, must not bury the organiser's queue (177 questions in
55 s from one link were accepted before). The count is kept in the shared cache with atomic
`add` + `incr`, so any number of app processes agree; a question refused is taken off the
count again. While the cache is down the database counts the point's questions in the window
instead (not atomic, but it holds the limit without the cache and never fails the request).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import BridgePoint, Question
from .state import cache_call

MINUTE, HOUR = 60, 3600


@dataclass(frozen=True)
class Refusal:
    """Why a question is not taken now, in Vietnamese, and when to send it again."""

    message: str
    retry_after: int  # seconds


def question_limits() -> list[tuple[int, int]]:
    """(period in seconds, questions allowed in it), from the settings."""
    return [
        (MINUTE, settings.CONGTIN_QUESTIONS_PER_MINUTE),
        (HOUR, settings.CONGTIN_QUESTIONS_PER_HOUR),
    ]


def question_refusal(bridge_point: BridgePoint, at: datetime | None = None) -> Refusal | None:
    """None when `bridge_point` may send one more question now, and it is counted; otherwise
    the refusal, and nothing is counted."""
    at = at or timezone.now()
    counted: list[str] = []
    for period, allowed in question_limits():
        start = int(at.timestamp()) // period * period
        key = f"conferences:questions-sent:{bridge_point.pk}:{period}:{start}"
        count = _count_in_cache(key, period)
        if count is None:
            since = datetime.fromtimestamp(start, tz=at.tzinfo)
            count = Question.objects.filter(bridge_point=bridge_point, created_at__gte=since).count() + 1
        else:
            counted.append(key)
        if count > allowed:
            for key in counted:
                cache_call("decr", key)
            wait = start + period - int(at.timestamp())
            return Refusal(_limit_message(period, allowed, wait), wait)
    return None


def _count_in_cache(key: str, period: int) -> int | None:
    """This question's number in the window, or None when the cache cannot say (it is down,
    or the key expired between add and incr)."""
    cache_call("add", key, 0, timeout=period * 2)
    count = cache_call("incr", key)
    return count if isinstance(count, int) else None


def _limit_message(period: int, allowed: int, wait: int) -> str:
    if period == MINUTE:
        message = _("Mỗi điểm cầu gửi tối đa %(allowed)d câu hỏi trong một phút. Hãy gửi lại sau %(wait)d giây.")
        return message % {"allowed": allowed, "wait": wait}
    message = _("Mỗi điểm cầu gửi tối đa %(allowed)d câu hỏi trong một giờ. Hãy gửi lại sau %(wait)d phút.")
    return message % {"allowed": allowed, "wait": -(-wait // 60)}
