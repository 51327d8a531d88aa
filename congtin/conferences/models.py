"""Online conferences: a main hall broadcast to bridge points (điểm cầu), each admitted by
an opaque token, and what the bridge points report back (presence, headcount, questions).

The rules live here, with the data they guard: which token admits whom
(`BridgePoint.objects.by_token`), how heartbeats add up to time online
(`Presence.record_heartbeat`), when a bridge point counts as online (`online_cutoff`),
how a question moves through moderation (`Question.moderate`), and what the attendance
report says (`Conference.attendance_rows`).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from congtin import vietnamese

from .conf import rtmp_publish_base, site_url

# A heartbeat within this time of the previous one means the bridge point stayed online
# in between; a longer silence was time offline (player closed, network down).
HEARTBEAT_GAP = timedelta(seconds=60)

# A bridge point is online while its last heartbeat (its page polling, or its player
# fetching the playlist) is at most this old. The page polls every 3 s, so a bridge point
# that misses four polls in a row shows as offline.
ONLINE_WINDOW = timedelta(seconds=15)


def online_cutoff(at: datetime | None = None) -> datetime:
    """The oldest heartbeat that still counts as online at `at` (now by default).

    The one place the online rule lives: `Presence.is_online` and
    `BridgePointQuerySet.online` both ask it.
    """
    return (at or timezone.now()) - ONLINE_WINDOW


def new_token() -> str:
    """An unguessable, URL-safe secret (192 bits): bridge point tokens and stream keys."""
    return secrets.token_urlsafe(24)


class Conference(ClusterableModel):
    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Sắp diễn ra"
        LIVE = "live", "Đang diễn ra"
        ENDED = "ended", "Đã kết thúc"

    title = models.CharField("Tên hội nghị", max_length=255)
    slug = models.SlugField(
        "Đường dẫn",
        max_length=80,
        unique=True,
        blank=True,
        help_text="Phần địa chỉ web của hội nghị, không dấu (ví dụ: hoi-nghi-giua-nam). Để trống để tạo từ tên.",
    )
    organiser = models.CharField("Đơn vị tổ chức", max_length=255, blank=True)
    starts_at = models.DateTimeField("Thời gian bắt đầu")
    ends_at = models.DateTimeField("Thời gian kết thúc")
    description = models.TextField("Giới thiệu", blank=True)
    status = models.CharField("Trạng thái", max_length=16, choices=Status.choices, default=Status.UPCOMING)
    # Set by the broadcast hooks (nginx-rtmp on_publish / on_publish_done), not by editors.
    stream_key = models.CharField("Khóa phát sóng", max_length=64, unique=True, default=new_token, editable=False)
    on_air = models.BooleanField("Đang phát sóng", default=False, editable=False)
    on_air_since = models.DateTimeField("Phát sóng từ", null=True, blank=True, editable=False)
    current_agenda_item = models.ForeignKey(
        "conferences.AgendaItem",
        verbose_name="Chuyên đề đang trình bày",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The portal article drafted from this conference (`report_article`), so a second
    # click opens that draft instead of making another one.
    report_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Bài viết về hội nghị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("Cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "hội nghị"
        verbose_name_plural = "hội nghị"
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.slug and self.title:
            self.slug = vietnamese.slugify(self.title)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "Thời gian kết thúc phải sau thời gian bắt đầu."})
        item = self.current_agenda_item
        if item is not None and item.conference_id != self.pk:
            raise ValidationError({"current_agenda_item": "Chuyên đề này thuộc hội nghị khác."})

    @property
    def publish_url(self) -> str:
        """Where the main hall's encoder (OBS, vMix) publishes; the stream key is the secret."""
        return f"{rtmp_publish_base()}/{self.stream_key}"

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

    def set_current_agenda_item(self, agenda_item: "AgendaItem | None") -> None:
        """Show `agenda_item` (None: no topic) as being presented on every bridge point."""
        if agenda_item is not None and agenda_item.conference_id != self.pk:
            raise ValidationError({"agenda_item": "Chuyên đề này thuộc hội nghị khác."})
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
    title = models.CharField("Tên chuyên đề", max_length=255)
    presenter = models.CharField("Người trình bày", max_length=255, blank=True)
    planned_start = models.DateTimeField("Thời gian dự kiến", null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = "chuyên đề"
        verbose_name_plural = "chuyên đề"

    def __str__(self):
        return self.title


class ConferenceDocument(Orderable):
    """A document bridge points can download (programme, slides, resolutions)."""

    conference = ParentalKey(Conference, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(
        "Tên tài liệu", max_length=255, blank=True, help_text="Để trống để dùng tên của tệp tài liệu."
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="Tệp tài liệu", on_delete=models.CASCADE, related_name="+"
    )

    class Meta(Orderable.Meta):
        verbose_name = "tài liệu hội nghị"
        verbose_name_plural = "tài liệu hội nghị"

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class BridgePointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked=False)

    def by_token(self, token: str, conference: Conference | None = None) -> "BridgePoint | None":
        """The bridge point `token` admits, or None.

        A revoked token admits nobody, and when `conference` is given, neither does a
        token of another conference: a link cannot be replayed against another event.
        """
        if not token:
            return None
        points = self.active().select_related("conference").filter(token=token)
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

    conference = ParentalKey(Conference, on_delete=models.CASCADE, related_name="bridge_points")
    code = models.CharField(
        "Mã điểm cầu", max_length=32, help_text="Ví dụ: DC01. Nhập lại danh sách sẽ cập nhật điểm cầu theo mã này."
    )
    name = models.CharField("Tên đơn vị", max_length=255)
    district = models.CharField("Quận/huyện", max_length=255, blank=True)
    address = models.CharField("Địa chỉ", max_length=255, blank=True)
    coordinator_name = models.CharField("Cán bộ đầu mối", max_length=255, blank=True)
    coordinator_phone = models.CharField("Điện thoại đầu mối", max_length=32, blank=True)
    expected_participants = models.PositiveIntegerField("Số người dự kiến", default=0)
    token = models.CharField("Mã truy cập", max_length=64, unique=True, default=new_token, editable=False)
    revoked = models.BooleanField(
        "Thu hồi đường dẫn",
        default=False,
        help_text="Đường dẫn và mã QR của điểm cầu này sẽ không còn vào được hội nghị.",
    )
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("Cập nhật lúc", auto_now=True)

    objects = BridgePointQuerySet.as_manager()

    class Meta:
        verbose_name = "điểm cầu"
        verbose_name_plural = "điểm cầu"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "code"],
                name="bridge_point_code_unique_per_conference",
                violation_error_message="Hội nghị đã có điểm cầu mang mã này.",
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


class Presence(models.Model):
    """Time online of one bridge point, added up from its player's heartbeats.

    One record per bridge point: reconnecting, reloading or a second open tab is still the
    same bridge point, and overlapping heartbeats never count the same second twice.
    """

    bridge_point = models.OneToOneField(
        BridgePoint, verbose_name="Điểm cầu", on_delete=models.CASCADE, related_name="presence"
    )
    first_seen = models.DateTimeField("Vào lần đầu")
    last_seen = models.DateTimeField("Tín hiệu gần nhất")
    seconds_online = models.PositiveIntegerField("Số giây trực tuyến", default=0)

    class Meta:
        verbose_name = "tình trạng trực tuyến"
        verbose_name_plural = "tình trạng trực tuyến"

    @classmethod
    def record_heartbeat(cls, bridge_point: BridgePoint, at: datetime | None = None) -> "Presence":
        """Record that `bridge_point` is online at `at` (now by default)."""
        at = at or timezone.now()
        with transaction.atomic():
            presence, created = cls.objects.select_for_update().get_or_create(
                bridge_point=bridge_point, defaults={"first_seen": at, "last_seen": at}
            )
            if not created and presence.extend_to(at):
                presence.save(update_fields=["last_seen", "seconds_online"])
        return presence

    def extend_to(self, at: datetime) -> bool:
        """Count the time since the previous heartbeat if it is within HEARTBEAT_GAP;
        after a longer silence `at` starts a new online span. A heartbeat older than the
        last one (a late request) changes nothing. Returns whether anything changed."""
        if at <= self.last_seen:
            return False
        if at - self.last_seen <= HEARTBEAT_GAP:
            self.seconds_online += round((at - self.last_seen).total_seconds())
        self.last_seen = at
        return True

    @property
    def minutes_online(self) -> int:
        """Minutes online to the nearest whole minute (halves up), as the report shows them:
        a page open for a minute beats at 0, 3, … 57 s, which must read 1, not 0."""
        return (self.seconds_online + 30) // 60

    def is_online(self, at: datetime | None = None) -> bool:
        return self.last_seen >= online_cutoff(at)


class HeadcountReport(models.Model):
    """The latest number of people a bridge point says are in its room."""

    MAX_COUNT = 500  # a district hall holds a few hundred; more is a typing slip

    bridge_point = models.OneToOneField(
        BridgePoint, verbose_name="Điểm cầu", on_delete=models.CASCADE, related_name="headcount"
    )
    count = models.PositiveIntegerField("Số người tham dự")
    reported_at = models.DateTimeField("Báo cáo lúc")

    class Meta:
        verbose_name = "báo cáo số người tham dự"
        verbose_name_plural = "báo cáo số người tham dự"

    @classmethod
    def report(cls, bridge_point: BridgePoint, count: int, at: datetime | None = None) -> "HeadcountReport":
        """Keep `count` as the bridge point's headcount; a new report replaces the previous one."""
        headcount, _ = cls.objects.update_or_create(
            bridge_point=bridge_point, defaults={"count": count, "reported_at": at or timezone.now()}
        )
        return headcount


class Question(models.Model):
    """A question a bridge point raises, moderated by the organiser and answered in the hall."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        ANSWERED = "answered", "Đã trả lời"
        REJECTED = "rejected", "Không duyệt"

    bridge_point = models.ForeignKey(
        BridgePoint, verbose_name="Điểm cầu", on_delete=models.CASCADE, related_name="questions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name="Chuyên đề", null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
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
    ) -> tuple["Question", bool]:
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


@dataclass(frozen=True)
class AttendanceRow:
    """What the attendance report says about one bridge point."""

    code: str
    name: str
    district: str
    expected: int
    first_seen: datetime | None
    minutes_online: int
    headcount: int | None
    headcount_at: datetime | None
    questions_asked: int
    questions_answered: int

    @classmethod
    def of(cls, point: BridgePoint) -> "AttendanceRow":
        """From a bridge point with its presence, headcount and question counts loaded."""
        presence = getattr(point, "presence", None)
        headcount = getattr(point, "headcount", None)
        return cls(
            code=point.code,
            name=point.name,
            district=point.district,
            expected=point.expected_participants,
            first_seen=presence.first_seen if presence else None,
            minutes_online=presence.minutes_online if presence else 0,
            headcount=headcount.count if headcount else None,
            headcount_at=headcount.reported_at if headcount else None,
            questions_asked=point.questions_asked,
            questions_answered=point.questions_answered,
        )
