"""A conference: its programme (agenda items, documents) and the rules that span its bridge
points: which are active, what the organiser's tiles and the attendance report say, how a
list of bridge points is imported.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from congtin import vietnamese
from congtin.core.origin import site_url

from .attendance import AttendanceRow
from .bridge_point import BridgePoint
from .question import Question


class Conference(ClusterableModel):
    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Sắp diễn ra")
        LIVE = "live", _("Đang diễn ra")
        ENDED = "ended", _("Đã kết thúc")

    title = models.CharField(_("Tên hội nghị"), max_length=255)
    slug = models.SlugField(
        _("Đường dẫn"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Phần địa chỉ web của hội nghị, không dấu (ví dụ: hoi-nghi-giua-nam). Để trống để tạo từ tên."),
    )
    organiser = models.CharField(_("Đơn vị tổ chức"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("Thời gian bắt đầu"))
    ends_at = models.DateTimeField(_("Thời gian kết thúc"))
    description = models.TextField(_("Giới thiệu"), blank=True)
    status = models.CharField(_("Trạng thái"), max_length=16, choices=Status.choices, default=Status.UPCOMING)
    # Set by the broadcast engine's hooks (nginx-rtmp on_publish / on_publish_done), not by
    # editors; what the engine itself keeps (the stream key) is in broadcast/models.py.
    on_air = models.BooleanField(_("Đang phát sóng"), default=False, editable=False)
    on_air_since = models.DateTimeField(_("Phát sóng từ"), null=True, blank=True, editable=False)
    current_agenda_item = models.ForeignKey(
        "conferences.AgendaItem",
        verbose_name=_("Chuyên đề đang trình bày"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The portal article drafted from this conference (`report_article`), so a second
    # click opens that draft instead of making another one.
    report_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Bài viết về hội nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.slug and self.title:
            self.slug = vietnamese.slugify(self.title)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Thời gian kết thúc phải sau thời gian bắt đầu.")})
        self.check_own_agenda_item(self.current_agenda_item, field="current_agenda_item")

    @property
    def publish_url(self) -> str:
        """Where the main hall's encoder (OBS, vMix) publishes (the broadcast backend says)."""
        from ..broadcast import publish_url  # the backend's package imports these models

        return publish_url(self)

    @property
    def dashboard_url(self) -> str:
        return site_url(reverse("conferences:dashboard", kwargs={"slug": self.slug}))

    @property
    def qr_sheet_url(self) -> str:
        return site_url(reverse("conferences:qr_sheet", kwargs={"slug": self.slug}))

    def active_bridge_points(self):
        """Bridge points whose links work, in code order, each knowing its conference."""
        return BridgePoint.objects.active().filter(conference=self).select_related("conference").order_by("code")

    def bridge_point_tiles(self):
        """Active bridge points with what the organiser's tiles show: presence, headcount
        and the number of questions waiting for moderation. One query, however many."""
        return (
            BridgePoint.objects.active()
            .filter(conference=self)
            .select_related("presence", "headcount")
            .annotate(pending_questions=Count("questions", filter=Q(questions__status=Question.Status.PENDING)))
            .order_by("code")
        )

    def questions(self):
        """Every question of the conference, oldest first, with its bridge point and topic."""
        return (
            Question.objects.filter(bridge_point__conference=self)
            .select_related("bridge_point", "agenda_item")
            .order_by("created_at", "pk")
        )

    def answered_questions(self):
        """What every bridge point sees: answered questions, the latest answer first."""
        return self.questions().filter(status=Question.Status.ANSWERED).order_by("-answered_at", "-pk")

    def check_own_agenda_item(self, agenda_item: "AgendaItem | None", field: str) -> None:
        """ValidationError on `field` when `agenda_item` is a topic of another conference."""
        if agenda_item is not None and agenda_item.conference_id != self.pk:
            raise ValidationError({field: _("Chuyên đề này thuộc hội nghị khác.")})

    def set_current_agenda_item(self, agenda_item: "AgendaItem | None") -> None:
        """Show `agenda_item` (None: no topic) as being presented on every bridge point."""
        self.check_own_agenda_item(agenda_item, field="agenda_item")
        self.current_agenda_item = agenda_item
        self.save(update_fields=["current_agenda_item", "updated_at"])

    def import_bridge_points(self, rows) -> "ImportCounts":
        """Create or update bridge points by code from `bridge_import` rows.

        Bridge points missing from `rows` are kept, and a point's token never changes,
        so join links and QR codes already sent or printed stay valid.
        """
        with transaction.atomic():
            existing = {point.code: point for point in BridgePoint.objects.filter(conference=self)}
            created, updated = [], []
            now = timezone.now()
            for row in rows:
                point = existing.get(row.code)
                if point is None:
                    point = BridgePoint(conference=self, code=row.code)
                    created.append(point)
                else:
                    point.updated_at = now
                    updated.append(point)
                point.fill_from(row)
            BridgePoint.objects.bulk_create(created)
            BridgePoint.objects.bulk_update(updated, [*BridgePoint.IMPORTED_FIELDS, "updated_at"])
        return ImportCounts(created=len(created), updated=len(updated))

    def attendance_rows(self) -> list["AttendanceRow"]:
        """One row per bridge point (revoked ones too: they may have attended), in code order.

        One query, however many bridge points and questions there are.
        """
        points = (
            BridgePoint.objects.filter(conference=self)
            .select_related("presence", "headcount")
            .annotate(
                questions_asked=Count("questions"),
                questions_answered=Count("questions", filter=Q(questions__status=Question.Status.ANSWERED)),
            )
            .order_by("code")
        )
        return [AttendanceRow.of(point) for point in points]


@dataclass(frozen=True)
class ImportCounts:
    created: int
    updated: int


class AgendaItem(Orderable):
    """A topic (chuyên đề) of the conference programme, in the order it is presented."""

    conference = ParentalKey(Conference, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("Tên chuyên đề"), max_length=255)
    presenter = models.CharField(_("Người trình bày"), max_length=255, blank=True)
    planned_start = models.DateTimeField(_("Thời gian dự kiến"), null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("chuyên đề")
        verbose_name_plural = _("chuyên đề")

    def __str__(self):
        return self.title


class ConferenceDocument(Orderable):
    """A document bridge points can download (programme, slides, resolutions)."""

    conference = ParentalKey(Conference, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(
        _("Tên tài liệu"), max_length=255, blank=True, help_text=_("Để trống để dùng tên của tệp tài liệu.")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("Tệp tài liệu"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta(Orderable.Meta):
        verbose_name = _("tài liệu hội nghị")
        verbose_name_plural = _("tài liệu hội nghị")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.document.title
