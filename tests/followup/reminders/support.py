"""Builders for the reminder ladder's tests: a moment in Vietnam time, a small tree with a
directive whose first deadline is DUE, and the e-mails sent to one address."""

from datetime import date, datetime, time, timedelta

from django.core import mail

from congtin.followup.models import Result
from congtin.followup.status import VIETNAM
from tests.followup.support import make_directive, make_tree

DUE = date(2026, 7, 31)  # a Friday


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    """An aware moment on `day` at hour:minute, Vietnam time."""
    return datetime.combine(day, time(hour, minute), tzinfo=VIETNAM)


def before(days: int, hour: int = 8, minute: int = 0) -> datetime:
    """`days` days before DUE (negative: after it), at hour:minute in Vietnam."""
    return at(DUE - timedelta(days=days), hour, minute)


def ladder_setup():
    """City → one district union (QD1) → one grassroots union (QD1-1); a directive for the two
    with its study due on DUE and the other results far later."""
    units = make_tree(districts=1, grassroots=1)
    directive = make_directive(units[1:], due=(DUE, DUE + timedelta(days=40), DUE + timedelta(days=80)))
    return units, directive


def study_of(unit) -> Result:
    return Result.objects.get(unit=unit, requirement__kind="study")


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]
