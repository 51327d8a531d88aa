"""A unit's result for one required result (the board's cell) and the versions it sent.

The rules of its life live here: `submit` (a new version), `return_for_changes` (the city's
comment; nothing stands until the unit sends again), `accept`. `completed_at` is when the
version that stands was sent, the one moment `status.standing` needs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import status


class Result(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Chưa gửi")
        SUBMITTED = "submitted", _("Đã gửi, chờ xem xét")
        RETURNED = "returned", _("Trả lại để hoàn thiện")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    requirement = models.ForeignKey("followup.Requirement", on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey("followup.Unit", on_delete=models.CASCADE, related_name="results")
    state = models.CharField(_("Tình trạng"), max_length=16, choices=State.choices, default=State.PENDING)
    completed_at = models.DateTimeField(_("Gửi lúc"), null=True, blank=True)
    versions = models.PositiveIntegerField(_("Số lần gửi"), default=0)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("kết quả của đơn vị")
        verbose_name_plural = _("kết quả của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["requirement", "unit"], name="followup_result_once_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.requirement}"

    @property
    def due_on(self) -> date:
        return self.requirement.due_on

    def standing(self, now: datetime | None = None) -> status.Standing:
        return status.standing(self.requirement.due_on, self.completed_at, now or timezone.now())

    @property
    def editable(self) -> bool:
        """The unit may change what it will send (tasks, sessions) until the city accepts it."""
        return self.state != self.State.ACCEPTED

    @property
    def tasks_editable(self) -> bool:
        """A programme's tasks change only while no version waits for review: the city reviews
        the tasks as they were sent (study sessions, by contrast, add up until acceptance)."""
        return self.state in (self.State.PENDING, self.State.RETURNED)

    def submit(
        self,
        user: Any,
        *,
        note: str = "",
        document: Any = None,
        adopted_on: date | None = None,
        snapshot: dict | None = None,
        now: datetime | None = None,
    ) -> Submission:
        """Send a new version. Refused once accepted, and while the last one waits for review."""
        now = now or timezone.now()
        with transaction.atomic():
            locked = Result.objects.select_for_update().get(pk=self.pk)
            if locked.state == self.State.ACCEPTED:
                raise ValidationError(_("Kết quả này đã được tiếp nhận, không gửi lại được."))
            if locked.state == self.State.SUBMITTED:
                raise ValidationError(_("Bản đã gửi đang chờ xem xét; chỉ gửi lại sau khi được trả lại."))
            locked.versions += 1
            submission = Submission.objects.create(
                result=locked,
                number=locked.versions,
                submitted_at=now,
                submitted_by=user,
                note=note,
                document=document or "",
                adopted_on=adopted_on,
                snapshot=snapshot or {},
            )
            locked.state = self.State.SUBMITTED
            locked.completed_at = now
            locked.save(update_fields=["versions", "state", "completed_at", "updated_at"])
        self.refresh_from_db()
        return submission

    def return_for_changes(self, user: Any, comment: str, now: datetime | None = None) -> Submission:
        """The city sends the latest version back with a comment; nothing stands until the unit resends."""
        comment = (comment or "").strip()
        if not comment:
            raise ValidationError(_("Hãy ghi rõ nội dung cần hoàn thiện khi trả lại."))
        now = now or timezone.now()
        with transaction.atomic():
            locked = Result.objects.select_for_update().get(pk=self.pk)
            if locked.state != self.State.SUBMITTED:
                raise ValidationError(_("Chỉ trả lại được bản đang chờ xem xét."))
            latest = locked.submissions.order_by("-number").first()
            latest.returned_at, latest.returned_by, latest.return_comment = now, user, comment
            latest.save(update_fields=["returned_at", "returned_by", "return_comment"])
            locked.state, locked.completed_at = self.State.RETURNED, None
            locked.save(update_fields=["state", "completed_at", "updated_at"])
        self.refresh_from_db()
        return latest

    def accept(self, user: Any, now: datetime | None = None) -> None:
        with transaction.atomic():
            locked = Result.objects.select_for_update().get(pk=self.pk)
            if locked.state != self.State.SUBMITTED:
                raise ValidationError(_("Chỉ tiếp nhận được bản đang chờ xem xét."))
            latest = locked.submissions.order_by("-number").first()
            latest.accepted_at, latest.accepted_by = now or timezone.now(), user
            latest.save(update_fields=["accepted_at", "accepted_by"])
            locked.state = self.State.ACCEPTED
            locked.save(update_fields=["state", "updated_at"])
        self.refresh_from_db()


def submission_path(submission: Submission, filename: str) -> str:
    return f"followup/{submission.result.unit_id}/{submission.result_id}/v{submission.number}-{filename}"


class Submission(models.Model):
    """One version a unit sent: its note, the adopted document (an action programme), and a
    snapshot of what it listed (the programme's tasks, a progress round) as it was sent."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField(_("Lần gửi"))
    submitted_at = models.DateTimeField(_("Gửi lúc"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("Người gửi")
    )
    note = models.TextField(_("Ghi chú của đơn vị"), blank=True)
    document = models.FileField(_("Văn bản"), upload_to=submission_path, blank=True, max_length=255)
    adopted_on = models.DateField(_("Ngày thông qua"), null=True, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    returned_at = models.DateTimeField(_("Trả lại lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người trả lại"),
    )
    return_comment = models.TextField(_("Nội dung cần hoàn thiện"), blank=True)
    accepted_at = models.DateTimeField(_("Tiếp nhận lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người tiếp nhận"),
    )

    class Meta:
        verbose_name = _("lần gửi")
        verbose_name_plural = _("lần gửi")
        ordering = ["result", "number"]
        constraints = [
            models.UniqueConstraint(fields=["result", "number"], name="followup_submission_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.result} – lần {self.number}"
