"""Where a required result stands against its deadline, as the Government Office's task
tracking counts it: done on time, done late, not yet done within the deadline, overdue.

A deadline is a date: the whole of that day in Asia/Ho_Chi_Minh counts, whatever the
server's or the browser's time zone. Pure functions; the models and the board call them.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class Standing(models.TextChoices):
    ON_TIME = "on_time", _("Hoàn thành đúng hạn")
    LATE = "late", _("Hoàn thành trễ hạn")
    WITHIN = "within", _("Chưa hoàn thành, trong hạn")
    OVERDUE = "overdue", _("Chưa hoàn thành, quá hạn")


DONE = (Standing.ON_TIME, Standing.LATE)


def deadline_end(due_on: date) -> datetime:
    """The first moment past the deadline: midnight after `due_on`, Vietnam time (aware)."""
    return datetime.combine(due_on + timedelta(days=1), time.min, tzinfo=VIETNAM)


def standing(due_on: date, completed_at: datetime | None, now: datetime) -> Standing:
    """`completed_at` is when the version that stands was submitted (None: nothing stands,
    either never sent or returned for changes)."""
    end = deadline_end(due_on)
    if completed_at is not None:
        return Standing("on_time" if completed_at < end else "late")
    return Standing("within" if now < end else "overdue")


def days_left(due_on: date, now: datetime) -> int:
    """Whole days from today (Vietnam) to the deadline: 0 on the day itself, negative after."""
    return (due_on - now.astimezone(VIETNAM).date()).days
