"""Questions bridge points raise and how they move through moderation (`Question.moderate`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from .bridge_point import BridgePoint


class Question(models.Model):
    """A question a bridge point raises, moderated by the organiser and answered in the hall."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        ANSWERED = "answered", "Đã trả lời"
        REJECTED = "rejected", "Không duyệt"

    bridge_point = models.ForeignKey(
        "conferences.BridgePoint", verbose_name="Điểm cầu", on_delete=models.CASCADE, related_name="questions"
    )
    agenda_item = models.ForeignKey(
        "conferences.AgendaItem",
        verbose_name="Chuyên đề",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    asked_by = models.CharField("Người hỏi", max_length=255, blank=True)
    text = models.TextField("Nội dung câu hỏi")
    status = models.CharField("Trạng thái", max_length=16, choices=Status.choices, default=Status.PENDING)
    answer = models.TextField("Nội dung trả lời", blank=True)
    created_at = models.DateTimeField("Gửi lúc", auto_now_add=True)
    updated_at = models.DateTimeField("Cập nhật lúc", auto_now=True)
    answered_at = models.DateTimeField("Trả lời lúc", null=True, blank=True)
    # Chosen by the bridge point's page when the question is typed and sent again on every
    # retry, so a question sent twice over a flaky network is stored once.
    client_key = models.CharField("Mã gửi", max_length=64, blank=True, editable=False)

    MAX_LENGTH = 1000

    class Meta:
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["bridge_point", "client_key"],
                condition=~Q(client_key=""),
                name="question_sent_once_per_client_key",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    # What the organiser may do to a question in each state. Answering an answered question
    # corrects the answer; rejecting an answered one takes it off the bridge points' pages.
    ACTIONS = {
        "approve": {Status.PENDING, Status.REJECTED},
        "answer": {Status.PENDING, Status.APPROVED, Status.ANSWERED},
        "reject": {Status.PENDING, Status.APPROVED, Status.ANSWERED},
    }

    @classmethod
    def ask(
        cls, bridge_point: BridgePoint, text: str, asked_by: str = "", client_key: str = ""
    ) -> tuple[Question, bool]:
        """Store a bridge point's question under the topic being presented; the same
        `client_key` again returns the question already stored. Returns (question, created)."""
        fields = {"text": text, "asked_by": asked_by, "agenda_item_id": bridge_point.conference.current_agenda_item_id}
        if not client_key:
            return cls.objects.create(bridge_point=bridge_point, **fields), True
        # get_or_create catches the unique constraint when two copies arrive at once.
        return cls.objects.get_or_create(bridge_point=bridge_point, client_key=client_key, defaults=fields)

    def moderate(self, action: str, answer: str = "", at: datetime | None = None) -> None:
        """Approve, answer (with `answer`'s text) or reject, as ACTIONS allow."""
        if action not in self.ACTIONS:
            raise ValidationError({"action": "Thao tác không hợp lệ: chỉ có duyệt, trả lời hoặc không duyệt."})
        if self.status not in self.ACTIONS[action]:
            raise ValidationError(
                {
                    "action": f"Câu hỏi đang ở trạng thái “{self.get_status_display()}”, không thể thực hiện thao tác này."
                }
            )
        if action == "answer":
            answer = answer.strip()
            if not answer:
                raise ValidationError({"answer": "Hãy nhập nội dung trả lời trước khi bấm “Trả lời”."})
            self.answer = answer
            self.answered_at = at or timezone.now()
            self.status = self.Status.ANSWERED
        else:
            self.status = self.Status.APPROVED if action == "approve" else self.Status.REJECTED
        self.save(update_fields=["status", "answer", "answered_at", "updated_at"])
