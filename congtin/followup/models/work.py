"""What a unit reports: its study sessions, its action programme's tasks, progress on them,
and the follow-up tasks the conference's questions and difficulties left it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StudySession(models.Model):
    """A study session (buổi học tập, quán triệt) a unit held, and the people it reached by group."""

    class Form(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến")
        BRIDGE_POINT = "bridge_point", _("Tại điểm cầu")

    # The groups a session reaches, in the order every form, export and summary lists them.
    REACHED_FIELDS = ("reached_secretaries", "reached_branch_secretaries", "reached_cadres", "reached_members")

    directive = models.ForeignKey("followup.Directive", on_delete=models.CASCADE, related_name="study_sessions")
    unit = models.ForeignKey("followup.Unit", on_delete=models.CASCADE, related_name="study_sessions")
    held_on = models.DateField(_("Ngày tổ chức"))
    form = models.CharField(_("Hình thức"), max_length=16, choices=Form.choices, default=Form.IN_PERSON)
    title = models.CharField(_("Nội dung"), max_length=255)
    reached_secretaries = models.PositiveIntegerField(_("Bí thư, Phó Bí thư Đoàn cơ sở"), default=0)
    reached_branch_secretaries = models.PositiveIntegerField(_("Bí thư chi đoàn"), default=0)
    reached_cadres = models.PositiveIntegerField(_("Cán bộ chuyên trách"), default=0)
    reached_members = models.PositiveIntegerField(_("Đoàn viên, thanh niên"), default=0)
    documents = models.TextField(_("Tài liệu sử dụng"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người báo cáo"),
    )
    reported_at = models.DateTimeField(_("Báo cáo lúc"))

    class Meta:
        verbose_name = _("buổi học tập, quán triệt")
        verbose_name_plural = _("buổi học tập, quán triệt")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def reached(self) -> int:
        return sum(getattr(self, name) for name in self.REACHED_FIELDS)


class ProgrammeTask(models.Model):
    """A task of a unit's action programme (its `Result` for the programme requirement)."""

    result = models.ForeignKey("followup.Result", on_delete=models.CASCADE, related_name="tasks")
    content = models.TextField(_("Nội dung nhiệm vụ"))
    lead = models.CharField(_("Đơn vị chủ trì"), max_length=255, blank=True)
    due_on = models.DateField(_("Thời hạn"))
    expected_result = models.TextField(_("Kết quả dự kiến"), blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.content[:80]


class FollowUpTask(models.Model):
    """Work a conference left a unit: an answered question to act on or a difficulty to
    resolve, with a deadline, linked back to the question."""

    directive = models.ForeignKey("followup.Directive", on_delete=models.CASCADE, related_name="followup_tasks")
    unit = models.ForeignKey("followup.Unit", on_delete=models.CASCADE, related_name="followup_tasks")
    question = models.ForeignKey(
        "conferences.Question",
        verbose_name=_("Câu hỏi tại hội nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followup_tasks",
    )
    title = models.CharField(_("Việc cần làm"), max_length=255)
    detail = models.TextField(_("Chi tiết"), blank=True)
    due_on = models.DateField(_("Hạn hoàn thành"))
    completed_at = models.DateTimeField(_("Hoàn thành lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("việc sau hội nghị")
        verbose_name_plural = _("việc sau hội nghị")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """Where one task stands, as a unit reported it: on its programme's task or on a
    follow-up task, in a progress round (the `Result` of a progress requirement) or on its own."""

    class TaskStatus(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")

    programme_task = models.ForeignKey(
        ProgrammeTask, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    followup_task = models.ForeignKey(
        FollowUpTask, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    round = models.ForeignKey(
        "followup.Result", null=True, blank=True, on_delete=models.SET_NULL, related_name="progress_reports"
    )
    status = models.CharField(_("Tình trạng"), max_length=16, choices=TaskStatus.choices)
    percent = models.PositiveSmallIntegerField(_("Tiến độ (%)"), validators=[MaxValueValidator(100)])
    evidence = models.TextField(_("Kết quả, minh chứng"), blank=True)
    difficulties = models.TextField(_("Khó khăn, vướng mắc"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người báo cáo"),
    )
    reported_at = models.DateTimeField(_("Báo cáo lúc"))

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(programme_task__isnull=False, followup_task__isnull=True)
                | Q(programme_task__isnull=True, followup_task__isnull=False),
                name="followup_progress_one_task",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="followup_progress_percent_max"),
        ]


class Reminder(models.Model):
    """One reminder sent (by e-mail and shown in the unit's workspace): the ladder's rung for
    one result or follow-up task, kept so no rung is sent twice."""

    result = models.ForeignKey(
        "followup.Result", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    followup_task = models.ForeignKey(
        FollowUpTask, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    unit = models.ForeignKey("followup.Unit", on_delete=models.CASCADE, related_name="reminders")
    # "7", "3", "1" days before; "overdue-1", "overdue-2"... for each week past the deadline.
    rung = models.CharField(_("Mốc nhắc"), max_length=16)
    sent_at = models.DateTimeField(_("Gửi lúc"))
    recipients = models.TextField(_("Người nhận"), blank=True)
    message = models.TextField(_("Nội dung"))

    class Meta:
        verbose_name = _("lần nhắc việc")
        verbose_name_plural = _("lần nhắc việc")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "rung"], condition=Q(result__isnull=False), name="followup_reminder_once_per_result"
            ),
            models.UniqueConstraint(
                fields=["followup_task", "rung"],
                condition=Q(followup_task__isnull=False),
                name="followup_reminder_once_per_task",
            ),
        ]
