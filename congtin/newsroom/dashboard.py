"""The dashboard's "Hạn duyệt" panel: the steps this person may review that have a time
allowed, soonest first, beside Wagtail's own "Chờ tôi duyệt" list."""

from typing import Any

from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState

from .models import ReviewTask, step_deadline

SHOWN = 20


class ReviewDeadlinesPanel(Component):
    name = "review_deadlines"
    template_name = "newsroom/review_deadlines_panel.html"
    order = 210  # above Wagtail's "Chờ tôi duyệt" (220)

    def get_context_data(self, parent_context: dict[str, Any]) -> dict[str, Any]:
        user = parent_context["request"].user
        steps = ReviewTask.objects.filter(active=True, due_hours__isnull=False)
        if not user.is_superuser:
            steps = steps.filter(groups__in=user.groups.all())
        hours = dict(steps.values_list("pk", "due_hours").distinct())
        states = (
            TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task_id__in=hours)
            .select_related("task", "workflow_state")
            .prefetch_related("workflow_state__content_object")
        )
        now = timezone.now()
        rows = []
        for state in states:
            page = state.workflow_state.content_object
            if page is None:
                continue
            due_at = step_deadline(state.started_at, hours[state.task_id])
            rows.append({"page": page, "step": state.task.name, "due_at": due_at, "overdue": due_at <= now})
        rows.sort(key=lambda row: row["due_at"])
        return {"rows": rows[:SHOWN], "more": max(len(rows) - SHOWN, 0)}
