"""What a bridge point says about its room: how many people are there now."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .bridge_point import BridgePoint


class HeadcountReport(models.Model):
    """The latest number of people a bridge point says are in its room."""

    MAX_COUNT = 500  # a district hall holds a few hundred; more is a typing slip

    bridge_point = models.OneToOneField(
        "conferences.BridgePoint", verbose_name=_("Điểm cầu"), on_delete=models.CASCADE, related_name="headcount"
    )
    count = models.PositiveIntegerField(_("Số người tham dự"))
    reported_at = models.DateTimeField(_("Báo cáo lúc"))

    class Meta:
        verbose_name = _("báo cáo số người tham dự")
        verbose_name_plural = _("báo cáo số người tham dự")

    @classmethod
    def report(cls, bridge_point: BridgePoint, count: int, at: datetime | None = None) -> HeadcountReport:
        """Keep `count` as the bridge point's headcount; a new report replaces the previous one."""
        headcount, _ = cls.objects.update_or_create(
            bridge_point=bridge_point, defaults={"count": count, "reported_at": at or timezone.now()}
        )
        return headcount
