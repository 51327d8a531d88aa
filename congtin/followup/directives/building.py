"""Building a directive: which units it names by default or for a conference, its monthly
progress schedule, and the one function the back office, `followup_setup` and the demo call
to save one (`build_directive`)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from congtin.conferences.models import BridgePoint

from ..models import Directive, Requirement, Unit

MAX_SCHEDULE_MONTHS = 36
_MONTH = re.compile(r"^\s*(?:(\d{4})-(\d{1,2})|(\d{1,2})\s*/\s*(\d{4}))\s*$")


def default_units():
    """Every unit but the top of the tree (the city, which issues the directive)."""
    return Unit.objects.filter(parent__isnull=False)


def units_for_conference(conference):
    """The units whose bridge point code is one of `conference`'s bridge points' codes."""
    codes = BridgePoint.objects.filter(conference=conference).exclude(code="").values("code")
    return Unit.objects.filter(bridge_point_code__in=codes)


@dataclass(frozen=True)
class ProgressSchedule:
    """ "Báo cáo tiến độ hằng tháng": from month `start` to month `end` (the 1st of each), due on
    `day` (or the month's last day when shorter)."""

    start: date
    end: date
    day: int
    weight: int = 1

    def months(self) -> list[date]:
        months, month = [], self.start
        while month <= self.end:
            months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return months

    def requirements(self) -> list[tuple[str, date]]:
        """(title, due date) of each monthly progress report."""
        return [
            (
                _("Báo cáo tiến độ tháng %(month)d/%(year)d") % {"month": month.month, "year": month.year},
                month.replace(day=min(self.day, calendar.monthrange(month.year, month.month)[1])),
            )
            for month in self.months()
        ]


def parse_month(value) -> date | None:
    """ "2026-08" (an <input type=month>) or "8/2026" as the 1st of that month; None otherwise."""
    match = _MONTH.match(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
    if not 1 <= int(month) <= 12 or not 2000 <= int(year) <= 2100:
        return None
    return date(int(year), int(month), 1)


def schedule_errors(start: date | None, end: date | None, day) -> list[str]:
    """What is wrong with a schedule (in Vietnamese), empty when it can be made."""
    errors = []
    if start is None or end is None:
        errors.append(_("Tháng bắt đầu và tháng kết thúc phải có dạng tháng/năm, ví dụ 8/2026."))
    elif end < start:
        errors.append(_("Tháng kết thúc phải từ tháng bắt đầu trở đi."))
    elif (end.year - start.year) * 12 + end.month - start.month + 1 > MAX_SCHEDULE_MONTHS:
        errors.append(_("Lịch báo cáo dài nhất %(months)d tháng.") % {"months": MAX_SCHEDULE_MONTHS})
    if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 31:
        errors.append(_("Ngày báo cáo trong tháng phải là số từ 1 đến 31."))
    return errors


def add_progress_schedule(directive: Directive, schedule: ProgressSchedule) -> int:
    """One PROGRESS requirement per month of `schedule`, those with the same title already
    there left as they are; returns how many were made."""
    existing = set(directive.requirements.values_list("title", flat=True))
    order = max(directive.requirements.values_list("sort_order", flat=True), default=-1) + 1
    made = 0
    for title, due_on in schedule.requirements():
        if title in existing:
            continue
        Requirement.objects.create(
            directive=directive,
            kind=Requirement.Kind.PROGRESS,
            title=title,
            due_on=due_on,
            weight=schedule.weight,
            sort_order=order + made,
        )
        made += 1
    return made


@dataclass(frozen=True)
class RequirementSpec:
    kind: str
    title: str
    due_on: date
    weight: int = 1


def build_directive(
    directive: Directive,
    *,
    units=None,
    requirements: list[RequirementSpec] | None = None,
    schedule: ProgressSchedule | None = None,
) -> Directive:
    """Save `directive`, then (when given) its units, its required results (matched by title:
    updated, never duplicated) and its monthly schedule, then make its results. All or nothing."""
    with transaction.atomic():
        directive.save()
        if units is not None:
            directive.units.set(units)
        if requirements is not None:
            existing = {requirement.title: requirement for requirement in directive.requirements.all()}
            for order, spec in enumerate(requirements):
                requirement = existing.get(spec.title) or Requirement(directive=directive, title=spec.title)
                requirement.kind, requirement.due_on, requirement.weight = spec.kind, spec.due_on, spec.weight
                requirement.sort_order = order
                requirement.save()
        if schedule is not None:
            add_progress_schedule(directive, schedule)
        directive.sync_results()
    return directive
