"""Builders for the board's tests and bench/followup.py: what units report (study sessions,
programme tasks and their progress, follow-up tasks), written straight to the models."""

from datetime import UTC, date, datetime

from congtin.followup.models import FollowUpTask, ProgrammeTask, ProgressReport, Result, StudySession, Unit

SENT = datetime(2026, 7, 20, 3, 0, tzinfo=UTC)  # before every default deadline of make_directive


def add_session(directive, unit: Unit, *, secretaries=0, branch=0, cadres=0, members=0, held_on=date(2026, 7, 15)):
    return StudySession.objects.create(
        directive=directive,
        unit=unit,
        held_on=held_on,
        title=f"Học tập, quán triệt tại {unit.name}",
        reached_secretaries=secretaries,
        reached_branch_secretaries=branch,
        reached_cadres=cadres,
        reached_members=members,
        reported_at=SENT,
    )


def programme_of(directive, unit: Unit) -> Result:
    return Result.objects.get(requirement__directive=directive, requirement__kind="programme", unit=unit)


def add_tasks(result: Result, count: int, *, due_on=date(2026, 10, 31)) -> list[ProgrammeTask]:
    return ProgrammeTask.objects.bulk_create(
        ProgrammeTask(result=result, content=f"Nhiệm vụ {n}", lead="Ban Tuyên giáo", due_on=due_on, sort_order=n)
        for n in range(1, count + 1)
    )


def report(task: ProgrammeTask, percent: int, at: datetime, status=None) -> ProgressReport:
    status = status or (ProgressReport.TaskStatus.DONE if percent == 100 else ProgressReport.TaskStatus.IN_PROGRESS)
    return ProgressReport.objects.create(programme_task=task, status=status, percent=percent, reported_at=at)


def add_followup(directive, unit: Unit, *, due_on=date(2026, 8, 31), completed_at=None) -> FollowUpTask:
    return FollowUpTask.objects.create(
        directive=directive, unit=unit, title="Trả lời kiến nghị về sân chơi", due_on=due_on, completed_at=completed_at
    )
