"""The follow-up of the demo conference, for a first look (`load_demo`): its 56 bridge points
become units under "Thành đoàn Hoa Phượng", and a directive asks them for a study session, an
action programme and monthly progress reports, dated from today so the board shows every
standing: done on time, done late, not yet done within the deadline, overdue, a programme
returned with a comment, sessions with the people they reached, programmes with their tasks and
document, progress reports, and follow-up tasks.

Running it again keeps what is there (units by code, the directive by its title and conference),
so what someone did in the demo stays.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from congtin.conferences.models import BridgePoint, Conference, Question

from .models import Directive, FollowUpTask, ProgrammeTask, ProgressReport, Requirement, Result, StudySession, Unit
from .roles import CITY_STAFF, add_member, ensure_roles
from .status import VIETNAM

CITY_CODE = "TDHP"
CITY_NAME = "Thành đoàn Hoa Phượng"
DIRECTIVE_TITLE = "Hướng dẫn học tập, quán triệt kết quả hội nghị"
# (role, username, full name, the unit it reports for; None: the city's follow-up staff)
DEMO_ACCOUNTS = (
    ("Bí thư Quận đoàn Trung Tâm", "bithu", "Nguyễn Thị Mai", "DC01"),
    ("Cán bộ theo dõi Thành đoàn", "theodoi", "Trần Văn Phúc", None),
)
SECRETARIES = [
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Hoàng Cường",
    "Phạm Thu Dung",
    "Hoàng Minh Đức",
    "Vũ Thị Hạnh",
    "Đặng Quốc Huy",
    "Bùi Thanh Hương",
    "Đỗ Văn Khánh",
    "Ngô Thị Lan",
    "Dương Minh Long",
    "Lý Thị Ngọc",
]
RETURN_COMMENT = (
    "Chương trình chưa có nhiệm vụ về chuyển đổi số trong sinh hoạt chi đoàn; đề nghị bổ sung "
    "nhiệm vụ, thời hạn và đơn vị chủ trì rồi gửi lại."
)
TASKS = [
    ("Tổ chức học tập, quán triệt kết quả hội nghị đến 100% chi đoàn", "Ban Tuyên giáo", 20),
    ("Ra quân chiến dịch Thanh niên tình nguyện hè với ít nhất một công trình thanh niên", "Ban Phong trào", 45),
    ("Số hóa sổ đoàn viên và sinh hoạt chi đoàn trên ứng dụng Thanh niên Việt Nam", "Ban Tổ chức", 75),
]


def create_demo_units(conference: Conference) -> list[Unit]:
    """The city union, then one unit per bridge point (district unions under the city, ward and
    commune unions under their district's union); those already there are kept as they are."""
    city, _created = Unit.objects.get_or_create(
        code=CITY_CODE,
        defaults={
            "name": CITY_NAME,
            "level": Unit.Level.CITY,
            "secretary_name": "Nguyễn Văn Hùng",
            "secretary_email": "thanhdoan@example.vn",
        },
    )
    units, district_union = [], None
    for number, point in enumerate(BridgePoint.objects.filter(conference=conference).order_by("code")):
        is_district = point.name.startswith(("Quận đoàn", "Huyện đoàn"))
        parent = city if is_district or district_union is None else district_union
        unit, _created = Unit.objects.get_or_create(
            code=point.code,
            defaults={
                "name": point.name,
                "parent": parent,
                "level": Unit.Level.DISTRICT if is_district else Unit.Level.GRASSROOTS,
                "district": point.district,
                "secretary_name": SECRETARIES[number % len(SECRETARIES)],
                "secretary_email": f"bithu.{point.code.lower()}@example.vn",
                "secretary_phone": point.coordinator_phone,
                "bridge_point_code": point.code,
                "weight": 2 if is_district else 1,
            },
        )
        if is_district:
            district_union = unit
        units.append(unit)
    return units


def give_demo_role(user, unit_code: str | None) -> None:
    """A demo account's place: a member of its unit, or the city's follow-up staff."""
    if unit_code:
        add_member(Unit.objects.get(code=unit_code), user)
    else:
        user.groups.add(ensure_roles()[CITY_STAFF])


def create_demo_directive(conference: Conference, today: date | None = None) -> Directive:
    """The directive and what the units did about it, made once (found again afterwards)."""
    existing = Directive.objects.filter(conference=conference, title=DIRECTIVE_TITLE).first()
    if existing:
        return existing
    today = today or timezone.localdate()
    units = list(Unit.objects.filter(bridge_point_code__in=conference.bridge_points.values("code")).order_by("code"))
    with transaction.atomic():
        directive = Directive.objects.create(
            title=DIRECTIVE_TITLE,
            reference="125-HD/TĐTN",
            issued_on=today - timedelta(days=45),
            issued_by="Ban Thường vụ Thành đoàn Hoa Phượng",
            summary=(
                "Các Quận đoàn, Huyện đoàn và cơ sở Đoàn tổ chức học tập, quán triệt kết quả hội nghị cho cán bộ "
                "Đoàn chủ chốt và đoàn viên; cụ thể hóa chương trình hành động của Thành đoàn thành chương trình "
                "hành động của đơn vị; báo cáo tiến độ hằng tháng."
            ),
            conference=conference,
        )
        requirements = [
            (Requirement.Kind.STUDY, "Tổ chức học tập, quán triệt cho cán bộ Đoàn chủ chốt", today - timedelta(20), 1),
            (Requirement.Kind.PROGRAMME, "Xây dựng, thông qua chương trình hành động", today - timedelta(5), 2),
        ]
        for month in range(3):
            due = today + timedelta(days=6 + 30 * month)
            requirements.append(
                (Requirement.Kind.PROGRESS, f"Báo cáo tiến độ tháng {due.month}/{due.year}", due, 1),
            )
        for order, (kind, title, due_on, weight) in enumerate(requirements):
            Requirement.objects.create(
                directive=directive, kind=kind, title=title, due_on=due_on, weight=weight, sort_order=order
            )
        directive.units.set(units)
        directive.sync_results()
        staff = _user("theodoi")
        member = _user("bithu")
        for index, unit in enumerate(units):
            user = member if unit.code == "DC01" else None
            _study(directive, unit, index, user, today)
            _programme(directive, unit, index, user, staff, today)
        _followup_tasks(directive, conference, today)
    return directive


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username).first()


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=VIETNAM)


def _result(directive: Directive, unit: Unit, kind: str, position: int = 0) -> Result:
    return (
        Result.objects.filter(requirement__directive=directive, unit=unit, requirement__kind=kind)
        .select_related("requirement")
        .order_by("requirement__sort_order")[position]
    )


def _study(directive: Directive, unit: Unit, index: int, user, today: date) -> None:
    """Most held their session on time, some late, one in seven not yet (overdue)."""
    result = _result(directive, unit, Requirement.Kind.STUDY)
    if index % 7 == 6:
        return
    late = index % 7 == 5
    held_on = result.requirement.due_on + timedelta(days=2 if late else -4)
    size = 2 if unit.level == Unit.Level.DISTRICT else 1
    sessions = [
        StudySession(
            directive=directive,
            unit=unit,
            held_on=held_on,
            form=(StudySession.Form.BRIDGE_POINT, StudySession.Form.IN_PERSON, StudySession.Form.ONLINE)[index % 3],
            title="Học tập, quán triệt kết quả hội nghị trực tuyến của Thành đoàn",
            reached_secretaries=(4 + index % 5) * size,
            reached_branch_secretaries=(12 + index % 9) * size,
            reached_cadres=(2 + index % 3) * size,
            reached_members=(60 + 7 * (index % 11)) * size,
            documents="Tài liệu hội nghị; Hướng dẫn 125-HD/TĐTN",
            reported_by=user,
            reported_at=_at(held_on, 16),
        )
    ]
    if unit.level == Unit.Level.DISTRICT:
        sessions.append(
            StudySession(
                directive=directive,
                unit=unit,
                held_on=held_on - timedelta(days=1),
                form=StudySession.Form.ONLINE,
                title="Quán triệt cho Bí thư chi đoàn khu dân cư",
                reached_branch_secretaries=18 + index % 7,
                reached_members=40 + index % 13,
                documents="Bài giới thiệu kết quả hội nghị",
                reported_by=user,
                reported_at=_at(held_on - timedelta(days=1), 20),
            )
        )
    StudySession.objects.bulk_create(sessions)
    note = "Đã tổ chức học tập, quán triệt."
    result.submit(user, note=note, snapshot=_study_snapshot(sessions), now=_at(held_on, 17))


def _study_snapshot(sessions: list[StudySession]) -> dict:
    return {
        "kind": Requirement.Kind.STUDY,
        "sessions": [
            {
                "held_on": session.held_on.isoformat(),
                "form": session.get_form_display(),
                "title": session.title,
                "documents": session.documents,
                **{name: getattr(session, name) for name in StudySession.REACHED_FIELDS},
                "reached": session.reached,
            }
            for session in sessions
        ],
    }


def _programme(directive: Directive, unit: Unit, index: int, user, staff, today: date) -> None:
    """Programmes: on time (half of them accepted), late, returned with a comment (the demo
    secretary's among them, to resend), not yet sent (overdue); the first progress round
    reported by some."""
    result = _result(directive, unit, Requirement.Kind.PROGRAMME)
    due = result.requirement.due_on
    for order, (content, lead, days) in enumerate(TASKS):
        ProgrammeTask.objects.create(
            result=result,
            content=content,
            lead=f"{lead} {unit.name}",
            due_on=directive.issued_on + timedelta(days=days),
            expected_result="Báo cáo kết quả kèm hình ảnh, số liệu",
            sort_order=order,
        )
    if index % 7 == 6:
        return  # nothing sent: overdue
    returned = unit.code == "DC01" or index % 9 == 4
    late = not returned and index % 8 == 3
    sent = _at(due + timedelta(days=2) if late else due - timedelta(days=3), 10)
    name = f"chuong-trinh-hanh-dong-{unit.code.lower()}.pdf"
    result.submit(
        user,
        note="Chương trình đã được Ban Thường vụ thông qua.",
        document=ContentFile(minimal_pdf(["Chuong trinh hanh dong", unit.code, f"{due:%d/%m/%Y}"]), name=name),
        adopted_on=sent.date() - timedelta(days=1),
        snapshot={
            "kind": Requirement.Kind.PROGRAMME,
            "document_name": name,
            "document_kind": "pdf",
            "tasks": [
                {
                    "content": task.content,
                    "lead": task.lead,
                    "due_on": task.due_on.isoformat(),
                    "expected_result": task.expected_result,
                }
                for task in result.tasks.all()
            ],
        },
        now=sent,
    )
    if returned:
        result.return_for_changes(staff, RETURN_COMMENT, now=sent + timedelta(days=1))
        return
    if not late and index % 2 == 0:
        result.accept(staff, now=sent + timedelta(days=1))
    if not late and index % 3 == 0:
        _progress(result, _result(directive, unit, Requirement.Kind.PROGRESS, 0), user, today)


def _progress(programme: Result, round_: Result, user, today: date) -> None:
    reported = _at(today - timedelta(days=1), 15)
    rows = []
    for number, task in enumerate(programme.tasks.all()):
        status = (
            ProgressReport.TaskStatus.DONE,
            ProgressReport.TaskStatus.IN_PROGRESS,
            ProgressReport.TaskStatus.NOT_STARTED,
        )[number]
        percent = (100, 40 + 5 * (programme.unit_id % 7), 0)[number]
        difficulties = "Thiếu kinh phí cho công trình thanh niên" if number == 1 else ""
        ProgressReport.objects.create(
            programme_task=task,
            round=round_,
            status=status,
            percent=percent,
            evidence="Biên bản, hình ảnh hoạt động" if percent else "",
            difficulties=difficulties,
            reported_by=user,
            reported_at=reported,
        )
        rows.append(
            {
                "task": "programme",
                "title": task.content,
                "due_on": task.due_on.isoformat(),
                "status": status,
                "status_label": str(status.label),
                "percent": percent,
                "evidence": "",
                "difficulties": difficulties,
            }
        )
    round_.submit(user, note="", snapshot={"kind": Requirement.Kind.PROGRESS, "rows": rows}, now=reported)


def _followup_tasks(directive: Directive, conference: Conference, today: date) -> None:
    """Work the conference left three units, linked to a bridge point's answered question if
    it has one: one overdue, one within its deadline, one done."""
    tasks = [
        ("DC09", "Đề xuất địa điểm sân chơi cho thiếu nhi ở khu dân cư mới", -3, None),
        ("DC05", "Hướng dẫn chuyển sinh hoạt Đoàn trên ứng dụng Thanh niên Việt Nam", 10, None),
        ("DC01", "Rà soát danh sách cán bộ Đoàn chủ chốt dự học tập", -10, -12),
    ]
    for code, title, due_in, done_in in tasks:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        question = (
            Question.objects.filter(
                bridge_point__conference=conference, bridge_point__code=code, status=Question.Status.ANSWERED
            )
            .order_by("pk")
            .first()
        )
        FollowUpTask.objects.create(
            directive=directive,
            unit=unit,
            question=question,
            title=title,
            detail="Ý kiến nêu tại điểm cầu trong phần trao đổi, giải đáp của hội nghị.",
            due_on=today + timedelta(days=due_in),
            completed_at=_at(today + timedelta(days=done_in), 11) if done_in is not None else None,
        )


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF (A4, Helvetica) with `lines` of ASCII text, its cross-reference table
    written with the right offsets, so viewers open it without repairing it."""
    text = "BT /F1 16 Tf 72 770 Td 22 TL " + " ".join(f"({_pdf_escape(line)}) Tj T*" for line in lines) + " ET"
    stream = text.encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_escape(line: str) -> str:
    ascii_only = line.encode("ascii", "replace").decode("ascii")
    return ascii_only.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
