"""A directive (văn bản chỉ đạo) and the results it requires of each unit it names: study
sessions to hold, an action programme to submit, progress reports to send, each by a date.

Every (required result, unit) pair has one `Result` row, made by `Directive.sync_results`: the
cell of the organiser's board."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class Directive(ClusterableModel):
    title = models.CharField(_("Tên văn bản chỉ đạo"), max_length=255)
    reference = models.CharField(_("Số, ký hiệu"), max_length=64, blank=True, help_text=_("Ví dụ: 125-HD/TĐTN"))
    issued_on = models.DateField(_("Ngày ban hành"))
    issued_by = models.CharField(_("Cơ quan ban hành"), max_length=255, blank=True)
    summary = models.TextField(_("Nội dung yêu cầu"), blank=True)
    # The conference this directive follows, if any (conferences.Conference: a lower app).
    conference = models.ForeignKey(
        "conferences.Conference",
        verbose_name=_("Hội nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followup_directives",
    )
    units = models.ManyToManyField(
        "followup.Unit", verbose_name=_("Đơn vị thực hiện"), related_name="directives", blank=True
    )
    # The summary report's draft portal article (board.summary), so a second click opens it.
    report_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Bài viết báo cáo kết quả"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def sync_results(self) -> int:
        """Make the missing `Result` rows (every required result × every unit named); returns
        how many were made. Safe to run twice, or from two processes at once."""
        from .results import Result

        requirement_ids = list(self.requirements.values_list("pk", flat=True))
        unit_ids = list(self.units.values_list("pk", flat=True))
        with transaction.atomic():
            existing = set(Result.objects.filter(requirement__directive=self).values_list("requirement_id", "unit_id"))
            missing = [
                Result(requirement_id=requirement_id, unit_id=unit_id)
                for requirement_id in requirement_ids
                for unit_id in unit_ids
                if (requirement_id, unit_id) not in existing
            ]
            Result.objects.bulk_create(missing, ignore_conflicts=True, batch_size=500)
            if missing:  # bulk_create sends no signal: retire the kept boards by hand
                from ..board.cache import bump

                bump()
        return len(missing)


class Requirement(models.Model):
    class Kind(models.TextChoices):
        STUDY = "study", _("Tổ chức học tập, quán triệt")
        PROGRAMME = "programme", _("Xây dựng chương trình hành động")
        PROGRESS = "progress", _("Báo cáo tiến độ")

    directive = ParentalKey(Directive, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(_("Loại kết quả"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("Tên kết quả"), max_length=255)
    due_on = models.DateField(_("Hạn hoàn thành"), help_text=_("Tính hết ngày này, giờ Việt Nam."))
    weight = models.PositiveSmallIntegerField(_("Trọng số"), default=1)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("kết quả yêu cầu")
        verbose_name_plural = _("kết quả yêu cầu")
        ordering = ["sort_order", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title
