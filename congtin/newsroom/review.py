"""Where a story is in the approval workflow, for the people waiting on it: which step, who is
reviewing it ("đang được duyệt bởi …"), by when, and a reminder once a step is overdue."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState

from .models import OverdueReminder, ReviewTask, latest_start_on_time, step_deadline


@dataclass(frozen=True)
class StepRules:
    """What the listing needs to know of a review step, loaded once for all steps."""

    due_hours: int | None
    reviewers: tuple[str, ...]  # the reviewing groups' names


@dataclass(frozen=True)
class ReviewStatus:
    step: str
    reviewer: str  # a person who took the story (locked it), or the reviewing groups
    due_at: datetime | None
    overdue: bool
    needs_changes: bool


@dataclass(frozen=True)
class SentBack:
    step: str
    by: str
    at: datetime
    reason: str


def sent_back(page: Page) -> SentBack | None:
    """Why `page` was sent back to its author, while it waits for the fix, or None."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES or state.current_task_state is None:
        return None
    task_state = state.current_task_state
    person = task_state.finished_by
    by = (person.get_full_name() or person.get_username()) if person else ""
    return SentBack(task_state.task.name, by, task_state.finished_at, task_state.comment)


def step_rules() -> dict[int, StepRules]:
    """Every review step's time allowed and reviewers, by task id (two queries)."""
    return {
        task.pk: StepRules(task.due_hours, tuple(group.name for group in task.groups.all()))
        for task in ReviewTask.objects.prefetch_related("groups")
    }


def review_status(page: Page, rules: dict[int, StepRules], now: datetime | None = None) -> ReviewStatus | None:
    """Where `page` is in its workflow, or None when it is in none. Uses the workflow states
    Wagtail's listing prefetches (`prefetch_workflow_states`) and `locked_by` when selected."""
    state = page.current_workflow_state
    if state is None or state.current_task_state is None:
        return None
    task_state = state.current_task_state
    rule = rules.get(task_state.task_id, StepRules(None, ()))
    reviewer = ", ".join(rule.reviewers)
    if page.locked and page.locked_by_id:
        person = page.locked_by
        name = person.get_full_name() or person.get_username()
        reviewer = f"{name} ({reviewer})" if reviewer else name
    due_at = step_deadline(task_state.started_at, rule.due_hours)
    needs_changes = state.status == WorkflowState.STATUS_NEEDS_CHANGES
    overdue = due_at is not None and not needs_changes and due_at <= (now or timezone.now())
    return ReviewStatus(task_state.task.name, reviewer, due_at, overdue, needs_changes)


def overdue_steps(now: datetime) -> list[TaskState]:
    """Review steps in progress past their time, not reminded yet."""
    rules = {
        pk: hours for pk, hours in ReviewTask.objects.filter(due_hours__isnull=False).values_list("pk", "due_hours")
    }
    if not rules:
        return []
    late = Q()
    for task_id, hours in rules.items():
        late |= Q(task_id=task_id, started_at__lte=latest_start_on_time(now, hours))
    reminded = OverdueReminder.objects.values("task_state_id")
    return list(
        TaskState.objects.filter(late, status=TaskState.STATUS_IN_PROGRESS)
        .exclude(pk__in=reminded)
        .select_related("task", "workflow_state")
    )


def remind_overdue(sender: Any = None, now: datetime | None = None, **kwargs: Any) -> int:
    """Each minute (congtin.core.signals.minute_passed): one e-mail per overdue step to its
    reviewers, never twice (the reminder row is made first, in the same transaction)."""
    now = now or timezone.now()
    sent = 0
    for task_state in overdue_steps(now):
        try:
            with transaction.atomic():
                OverdueReminder.objects.create(task_state=task_state)
                sent += _mail_reviewers(task_state)
        except IntegrityError:  # another run took this one
            continue
    return sent


def _mail_reviewers(task_state: TaskState) -> int:
    page = task_state.workflow_state.content_object
    if page is None:
        return 0
    title = getattr(page, "draft_title", None) or str(page)
    edit_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[page.pk])
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, groups__in=ReviewTask.objects.get(pk=task_state.task_id).groups.all())
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    subject = _('Quá hạn duyệt: "%(title)s" (bước %(step)s)') % {"title": title, "step": task_state.task.name}
    body = _(
        'Bài "%(title)s" đang chờ ở bước "%(step)s" từ %(since)s và đã quá thời hạn duyệt.\n\n'
        "Mở bài để duyệt hoặc yêu cầu sửa: %(url)s\n"
    ) % {
        "title": title,
        "step": task_state.task.name,
        "since": timezone.localtime(task_state.started_at).strftime("%H:%M %d/%m/%Y"),
        "url": edit_url,
    }
    return send_mass_mail([(subject, body, None, [address]) for address in recipients], fail_silently=False)
