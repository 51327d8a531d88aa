"""The summary report ("Báo cáo kết quả học tập, quán triệt") of a directive and its draft
portal article: the figures the units entered, added up, then written in Vietnamese.

The article goes into the portal only through `congtin.news.drafts.create_draft_article`, once
per directive (`Directive.report_page`, locked as the conference's report article is)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from congtin import vietnamese
from congtin.conferences.after.article import report_section_title
from congtin.news.drafts import DraftContent, draft_once

from .. import status
from ..models import Directive, FollowUpTask, ProgrammeTask, ProgressReport, Requirement, Result, StudySession
from ..status import Standing
from .grid import STANDING_WORDS

TITLE_MAX_LENGTH = 255


@dataclass
class TaskLine:
    """A programme task with its latest progress report and where it stands."""

    task: ProgrammeTask
    latest: ProgressReport | None
    completed_at: datetime | None
    standing: Standing


def programme_task_lines(directive: Directive, now: datetime | None = None) -> list[TaskLine]:
    """Every task of the units' action programmes (2 queries). A task is done when its latest
    report says so; it was done when the first report saying "done" came (so reporting it
    again later does not make an on-time task late)."""
    now = now or timezone.now()
    tasks = list(
        ProgrammeTask.objects.filter(result__requirement__directive=directive)
        .select_related("result__unit")
        .order_by("result__unit__code", "sort_order", "pk")
    )
    reports: dict[int, list[ProgressReport]] = {}
    reports_of_tasks = ProgressReport.objects.filter(programme_task__result__requirement__directive=directive).only(
        "programme_task_id", "status", "percent", "reported_at"
    )
    for report in reports_of_tasks.order_by("reported_at", "pk"):
        reports.setdefault(report.programme_task_id, []).append(report)
    lines = []
    for task in tasks:
        history = reports.get(task.pk, [])
        latest = history[-1] if history else None
        completed_at = None
        if latest is not None and latest.status == ProgressReport.TaskStatus.DONE:
            completed_at = next(r.reported_at for r in history if r.status == ProgressReport.TaskStatus.DONE)
        lines.append(TaskLine(task, latest, completed_at, status.standing(task.due_on, completed_at, now)))
    return lines


@dataclass(frozen=True)
class Summary:
    units_asked: int
    units_reported: int  # sent a required result that stands, or recorded a study session
    sessions: int
    reached: list[tuple[str, int]]  # (group label, people), in StudySession.REACHED_FIELDS order
    reached_total: int
    programmes_asked: int
    programmes_sent: int  # a version stands (sent, not returned)
    programmes_accepted: int
    tasks: Counter  # Standing → programme tasks
    tasks_total: int
    followups_total: int
    followups_done: int

    def task_items(self) -> list[tuple[str, str, int]]:
        return [(value, str(STANDING_WORDS[value]), self.tasks[value]) for value in Standing]


def summary_of(directive: Directive, now: datetime | None = None) -> Summary:
    """The figures, from what the units entered (a fixed number of queries)."""
    now = now or timezone.now()
    targets = set(directive.units.values_list("pk", flat=True))
    reported: set[int] = set()
    programmes = Counter()
    for unit_id, kind, state, completed_at in Result.objects.filter(requirement__directive=directive).values_list(
        "unit_id", "requirement__kind", "state", "completed_at"
    ):
        if unit_id not in targets:
            continue
        if completed_at is not None:
            reported.add(unit_id)
        if kind == Requirement.Kind.PROGRAMME:
            programmes["asked"] += 1
            programmes["sent"] += completed_at is not None
            programmes["accepted"] += state == Result.State.ACCEPTED
    sessions = StudySession.objects.filter(directive=directive, unit__in=targets)
    reported |= set(sessions.values_list("unit_id", flat=True).distinct())
    sums = sessions.aggregate(count=Count("pk"), **{name: Sum(name) for name in StudySession.REACHED_FIELDS})
    reached = [
        (str(StudySession._meta.get_field(name).verbose_name), sums[name] or 0) for name in StudySession.REACHED_FIELDS
    ]
    lines = programme_task_lines(directive, now)
    followups = FollowUpTask.objects.filter(directive=directive, unit__in=targets).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(completed_at__isnull=False))
    )
    return Summary(
        units_asked=len(targets),
        units_reported=len(reported),
        sessions=sums["count"],
        reached=reached,
        reached_total=sum(value for _label, value in reached),
        programmes_asked=programmes["asked"],
        programmes_sent=programmes["sent"],
        programmes_accepted=programmes["accepted"],
        tasks=Counter(line.standing for line in lines),
        tasks_total=len(lines),
        followups_total=followups["total"],
        followups_done=followups["done"],
    )


def summary_article_content(directive: Directive, summary: Summary, today=None) -> DraftContent:
    """The draft's title, lead and paragraphs: exactly the summary's figures, in words."""
    number = vietnamese.format_integer
    today = today or timezone.localdate()
    name = f"{directive.title} ({directive.reference})" if directive.reference else directive.title
    figures = {
        "directive": name,
        "date": vietnamese.format_date(today),
        "reported": number(summary.units_reported),
        "asked": number(summary.units_asked),
        "sessions": number(summary.sessions),
        "people": number(summary.reached_total),
        "sent": number(summary.programmes_sent),
        "accepted": number(summary.programmes_accepted),
        "tasks": number(summary.tasks_total),
        "on_time": number(summary.tasks[Standing.ON_TIME]),
        "late": number(summary.tasks[Standing.LATE]),
        "within": number(summary.tasks[Standing.WITHIN]),
        "overdue": number(summary.tasks[Standing.OVERDUE]),
        "followups": number(summary.followups_total),
        "followups_done": number(summary.followups_done),
    }
    suffix = _(": %(sessions)s buổi học tập, %(people)s lượt người tham gia") % figures
    head = _("Thực hiện %(directive)s") % figures  # the directive names the subject: no phrase twice
    if len(head) + len(suffix) > TITLE_MAX_LENGTH:
        head = head[: TITLE_MAX_LENGTH - len(suffix) - 1].rstrip() + "…"
    lead = (
        _(
            "Thực hiện %(directive)s, đến ngày %(date)s đã có %(reported)s trên %(asked)s đơn vị báo cáo kết quả; "
            "các đơn vị đã tổ chức %(sessions)s buổi học tập, quán triệt với %(people)s lượt cán bộ, đoàn viên, "
            "thanh niên tham gia."
        )
        % figures
    )
    paragraphs: list = [
        _("Số lượt người được học tập, quán triệt theo đối tượng:"),
        [f"{label}: {number(value)}" for label, value in summary.reached],
        _(
            "Về xây dựng chương trình hành động, %(sent)s đơn vị đã gửi chương trình hành động của mình, "
            "trong đó %(accepted)s chương trình đã được tiếp nhận."
        )
        % figures,
    ]
    if summary.tasks_total:
        paragraphs.append(
            _(
                "Trong %(tasks)s nhiệm vụ của các chương trình hành động: %(on_time)s nhiệm vụ hoàn thành đúng hạn, "
                "%(late)s nhiệm vụ hoàn thành trễ hạn, %(within)s nhiệm vụ đang thực hiện trong hạn và "
                "%(overdue)s nhiệm vụ quá hạn chưa hoàn thành."
            )
            % figures
        )
    if summary.followups_total:
        paragraphs.append(
            _(
                "Đối với các câu hỏi, khó khăn, vướng mắc nêu tại hội nghị, các đơn vị đã giải quyết xong "
                "%(followups_done)s trên %(followups)s việc được giao."
            )
            % figures
        )
    return DraftContent(title=f"{head}{suffix}", lead=lead, paragraphs=paragraphs, tags=(_("Học tập, quán triệt"),))


def draft_summary_article(directive: Directive, user=None) -> Page:
    """The summary's draft article: the one made before if it still exists, else a new
    unpublished one in the report section, with today's figures."""
    return draft_once(
        directive,
        lambda locked: summary_article_content(locked, summary_of(locked)),
        section_title=report_section_title(),
        user=user,
    )
