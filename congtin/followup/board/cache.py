"""The board's grid kept between requests: units report a few times a month, city staff open
the board many times a day. What is kept (the `Board` and its rows' HTML) is keyed by the
directive, the filters, the day in Vietnam (a cell's standing changes only at midnight there:
deadlines are whole days, `status.deadline_end`), the language and the time zone the dates are
written in; and made under the version BOARD_VERSION, renewed by every write the board shows
(`bump`, connected in apps.py; called by hand where a bulk write sends no signal), so a kept
board is never stale."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from congtin import pagecache

from ..status import VIETNAM

BOARD_VERSION = "followup-board"
# A kept board lives at most this long (the day in its key retires it at midnight anyway).
BOARD_SECONDS = 6 * 3600


def now() -> datetime:
    """The moment a board is built for: the one place the view asks the time (tests patch it)."""
    return timezone.now()


def vietnam_date(moment: datetime) -> date:
    return moment.astimezone(VIETNAM).date()


def bump(*args, **kwargs) -> None:
    """Retire every kept board: now, and again when the transaction commits (a board rebuilt
    in between from what was not yet committed is retired with it)."""
    pagecache.new_version(BOARD_VERSION)
    transaction.on_commit(lambda: pagecache.new_version(BOARD_VERSION))


def kept(directive_id: int, part: str, parts: tuple, compute: Callable):
    """`compute()` kept under the directive, `part` and `parts` (the filters, the day...)."""
    digest = hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()
    return pagecache.fragment(
        f"congtin:followup-board:{directive_id}:{part}:{digest}",
        compute,
        seconds=BOARD_SECONDS,
        versions=[BOARD_VERSION],
    )


def board_and_rows(directive, filters, moment: datetime, build: Callable):
    """(board, rows' HTML) for `directive` under `filters` at `moment`, kept for the day."""
    parts = (
        filters.district,
        filters.level,
        filters.kind,
        filters.standing,
        vietnam_date(moment).isoformat(),
        translation.get_language(),
        timezone.get_current_timezone_name(),  # the dates sent are written in it
    )
    return kept(directive.pk, "grid", parts, build)


def districts_of(directive, compute: Callable) -> list[str]:
    return kept(directive.pk, "districts", (), compute)


def connect() -> None:
    """Every write of what the board shows renews BOARD_VERSION (from FollowupConfig.ready)."""
    from ..models import Directive, FollowUpTask, ProgressReport, Requirement, Result, Submission, Unit

    for model in (Directive, Requirement, Result, Submission, FollowUpTask, ProgressReport, Unit):
        for signal in (post_save, post_delete):
            signal.connect(bump, sender=model, dispatch_uid=f"followup-board-{signal is post_save}-{model.__name__}")
    m2m_changed.connect(bump, sender=Directive.units.through, dispatch_uid="followup-board-directive-units")
