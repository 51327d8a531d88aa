"""Questions bridge points raise and how they move through moderation (`Question.moderate`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .bridge_point import BridgePoint


class Question(models.Model):
    """A question a bridge point raises, moderated by the organiser and answered in the hall."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        ANSWERED = "answered", _("Đã trả lời")
        REJECTED = "rejected", _("Không duyệt")

    bridge_point = models.ForeignKey(
        "conferences.BridgePoint", verbose_name=_("Điểm cầu"), on_delete=models.CASCADE, related_name="questions"
    )
    agenda_item = models.ForeignKey(
        "conferences.AgendaItem",
        verbose_name=_("Chuyên đề"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    asked_by = models.CharField(_("Người hỏi"), max_length=255, blank=True)
    text = models.TextField(_("Nội dung câu hỏi"))
    status = models.CharField(_("Trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    answer = models.TextField(_("Nội dung trả lời"), blank=True)
    created_at = models.DateTimeField(_("Gửi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)
    answered_at = models.DateTimeField(_("Trả lời lúc"), null=True, blank=True)
    # Chosen by the bridge point's page when the question is typed and sent again on every
    # retry, so a question sent twice over a flaky network is stored once.
    client_key = models.CharField(_("Mã gửi"), max_length=64, blank=True, editable=False)

    MAX_LENGTH = 1000
    # The same text from the same bridge point within this time is the same question sent
    # twice (a double click, two screens on one link), whatever its client_key.
    REPEAT_WINDOW = timedelta(seconds=60)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
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

    class Action(models.TextChoices):
        """What the organiser may do to a question: the moderation form's choices and the
        dashboard's buttons (`data-action`)."""

        APPROVE = "approve", _("Duyệt")
        ANSWER = "answer", _("Trả lời")
        REJECT = "reject", _("Không duyệt")

    # The states each action applies to. Answering an answered question corrects the answer;
    # rejecting an answered one takes it off the bridge points' pages.
    ACTIONS = {
        Action.APPROVE: {Status.PENDING, Status.REJECTED},
        Action.ANSWER: {Status.PENDING, Status.APPROVED, Status.ANSWERED},
        Action.REJECT: {Status.PENDING, Status.APPROVED, Status.ANSWERED},
    }

    @classmethod
    def repeated(
        cls, bridge_point: BridgePoint, text: str, client_key: str = "", at: datetime | None = None
    ) -> Question | None:
        """The question already stored that this one repeats: the same `client_key` (a retry
        after a lost answer), or the same text within REPEAT_WINDOW. Checked before the
        bridge point's rate limit, so a retry is answered, not refused."""
        questions = cls.objects.filter(bridge_point=bridge_point)
        if client_key and (question := questions.filter(client_key=client_key).first()):
            return question
        since = (at or timezone.now()) - cls.REPEAT_WINDOW
        return questions.filter(text=text, created_at__gte=since).order_by("-created_at", "-pk").first()

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

    def allowed_actions(self) -> list[str]:
        """The actions ACTIONS allow in the question's current state, in Action order."""
        return [action.value for action in self.Action if self.status in self.ACTIONS[action]]

    def moderate(self, action: str, answer: str = "", at: datetime | None = None) -> None:
        """Approve, answer (with `answer`'s text) or reject, as ACTIONS allow."""
        if action not in self.ACTIONS:
            raise ValidationError({"action": _("Thao tác không hợp lệ: chỉ có duyệt, trả lời hoặc không duyệt.")})
        if self.status not in self.ACTIONS[action]:
            message = _("Câu hỏi đang ở trạng thái “%(status)s”, không thể thực hiện thao tác này.")
            raise ValidationError({"action": message % {"status": self.get_status_display()}})
        if action == self.Action.ANSWER:
            answer = answer.strip()
            if not answer:
                raise ValidationError({"answer": _("Hãy nhập nội dung trả lời trước khi bấm “Trả lời”.")})
            self.answer = answer
            self.answered_at = at or timezone.now()
            self.status = self.Status.ANSWERED
        else:
            self.status = self.Status.APPROVED if action == self.Action.APPROVE else self.Status.REJECTED
        self.save(update_fields=["status", "answer", "answered_at", "updated_at"])
