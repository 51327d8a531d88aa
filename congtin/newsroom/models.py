"""The review step of the newsroom's approval workflow: Wagtail's group approval, with an
optional time allowed for the review and a reason required to send a story back."""

from datetime import datetime, timedelta

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy
from wagtail.models import AbstractGroupApprovalTask, TaskState


def step_deadline(started_at: datetime, due_hours: int | None) -> datetime | None:
    """When a review step must be done: `due_hours` after the story reached it (None: no
    limit). The deadline rule's one owner; `latest_start_on_time` is the same rule turned
    round for a query."""
    return started_at + timedelta(hours=due_hours) if due_hours is not None else None


def latest_start_on_time(now: datetime, due_hours: int) -> datetime:
    """A step that reached its reviewers at or before this moment is overdue at `now`."""
    return now - timedelta(hours=due_hours)


class RejectionForm(forms.Form):
    """ "Yêu cầu sửa" needs a reason: the author reads it in the e-mail and on the page."""

    comment = forms.CharField(
        label=gettext_lazy("Lý do yêu cầu sửa"),
        required=True,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": gettext_lazy("Hãy ghi lý do để tác giả biết cần sửa gì.")},
    )


class ReviewTask(AbstractGroupApprovalTask):
    due_hours = models.PositiveSmallIntegerField(
        gettext_lazy("Thời hạn duyệt (giờ)"),
        null=True,
        blank=True,
        help_text=gettext_lazy(
            "Số giờ từ lúc bài đến bước này; để trống nếu không đặt hạn. Bài quá hạn được đánh dấu và nhắc qua thư."
        ),
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["due_hours"]

    class Meta:
        verbose_name = gettext_lazy("Bước duyệt của tòa soạn")
        verbose_name_plural = gettext_lazy("Bước duyệt của tòa soạn")

    @classmethod
    def get_description(cls) -> str:
        return gettext_lazy("Thành viên các nhóm đã chọn duyệt bước này, trong thời hạn (nếu có).")

    def get_form_for_action(self, action: str) -> type[forms.Form]:
        if action == "reject":
            return RejectionForm
        return super().get_form_for_action(action)


class OverdueReminder(models.Model):
    """One reminder per overdue step: the minute's check sends it once, not every minute."""

    task_state = models.OneToOneField(TaskState, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("Nhắc quá hạn duyệt")
