"""Bridge points (điểm cầu): the places that follow a conference, each admitted by its own
opaque token (`BridgePoint.objects.by_token`), never by its id or code."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey

from congtin.core.origin import site_url

from .presence import online_cutoff
from .tokens import new_token

if TYPE_CHECKING:
    from .conference import Conference


class BridgePointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked=False)

    def by_token(self, token: str, conference: Conference | None = None) -> BridgePoint | None:
        """The bridge point `token` admits, or None.

        A revoked token admits nobody, and when `conference` is given, neither does a
        token of another conference: a link cannot be replayed against another event.
        """
        if not token:
            return None
        # With the conference's broadcast stream: the page it opens plays it (no query more).
        points = self.active().select_related("conference__rtmp_stream").filter(token=token)
        if conference is not None:
            points = points.filter(conference=conference)
        return points.first()

    def online(self, at: datetime | None = None):
        """Bridge points whose last heartbeat is recent enough at `at` (see `online_cutoff`)."""
        return self.filter(presence__last_seen__gte=online_cutoff(at))


class BridgePoint(models.Model):
    """A place that follows the conference (a district Youth Union office, a school), admitted
    by an unguessable token carried in its join link and QR code, never by its id or code."""

    # Fields a bridge point list (CSV/XLSX/JSON) sets, in `fill_from` order.
    IMPORTED_FIELDS = (
        "name",
        "district",
        "address",
        "coordinator_name",
        "coordinator_phone",
        "expected_participants",
    )

    conference = ParentalKey("conferences.Conference", on_delete=models.CASCADE, related_name="bridge_points")
    code = models.CharField(
        _("Mã điểm cầu"),
        max_length=32,
        help_text=_("Ví dụ: DC01. Nhập lại danh sách sẽ cập nhật điểm cầu theo mã này."),
    )
    name = models.CharField(_("Tên đơn vị"), max_length=255)
    district = models.CharField(_("Quận/huyện"), max_length=255, blank=True)
    address = models.CharField(_("Địa chỉ"), max_length=255, blank=True)
    coordinator_name = models.CharField(_("Cán bộ đầu mối"), max_length=255, blank=True)
    coordinator_phone = models.CharField(_("Điện thoại đầu mối"), max_length=32, blank=True)
    expected_participants = models.PositiveIntegerField(_("Số người dự kiến"), default=0)
    token = models.CharField(_("Mã truy cập"), max_length=64, unique=True, default=new_token, editable=False)
    revoked = models.BooleanField(
        _("Thu hồi đường dẫn"),
        default=False,
        help_text=_("Đường dẫn và mã QR của điểm cầu này sẽ không còn vào được hội nghị."),
    )
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    objects = BridgePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm cầu")
        verbose_name_plural = _("điểm cầu")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "code"],
                name="bridge_point_code_unique_per_conference",
                violation_error_message=_("Hội nghị đã có điểm cầu mang mã này."),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    def fill_from(self, row) -> None:
        """Copy a `bridge_import.BridgePointRow` onto this bridge point (code and token stay)."""
        self.name = row.name
        self.district = row.district
        self.address = row.address
        self.coordinator_name = row.coordinator
        self.coordinator_phone = row.phone
        self.expected_participants = row.expected

    @property
    def join_url(self) -> str:
        """The absolute link a bridge point opens (and its QR code carries)."""
        path = reverse("conferences:join", kwargs={"slug": self.conference.slug, "token": self.token})
        return site_url(path)
