"""The follow-up of the demo city union's conferences, for a first look (`load_demo`): the demo
conference's 56 bridge points become units under "Thành đoàn Hoa Phượng". The demo conference
itself is still to come (it is the live-video demo), so the directive follows an EARLIER
conference of the same union with the same bridge points, held about five weeks ago and ended,
whose bridge points raised questions (some answered, some left as difficulties). The directive,
issued the day after it, asks the units for a study session, an action programme and monthly
progress reports, dated from today so the board shows every standing: done on time, done late,
not yet done within the deadline, overdue, a programme returned with a comment, sessions with the
people they reached, programmes with their tasks and document, progress reports, and follow-up
tasks made from that conference's questions.

Running it again keeps what is there (units by code, the earlier conference by its slug, the
directive by its title and conference), so what someone did in the demo stays.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from congtin.conferences.models import BridgePoint, Conference, Question
from congtin.conferences.programme.demo import demo_spec
from congtin.conferences.programme.spec import apply_spec, parse_spec

from .directives.building import units_for_conference
from .models import Directive, FollowUpTask, ProgrammeTask, ProgressReport, Requirement, Result, StudySession, Unit
from .roles import CITY_STAFF, add_member, ensure_roles
from .snapshots import programme_snapshot, study_snapshot
from .status import VIETNAM
from .workspace import documents

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
# The earlier conference the directive follows: the same union, the same bridge points.
EARLIER_SLUG = "hoi-nghi-quan-triet-thanh-doan-hoa-phuong"
EARLIER_TITLE = "Hội nghị trực tuyến quán triệt, triển khai Nghị quyết và chương trình hành động của Thành đoàn"
EARLIER_DAYS_AGO = 38
EARLIER_AGENDA = [
    ("Quán triệt Nghị quyết Đại hội Đoàn thành phố và chương trình hành động của Thành đoàn", "Bí thư Thành đoàn"),
    ("Công tác cán bộ Đoàn và chuyển đổi số trong quản lý đoàn viên", "Trưởng Ban Tổ chức Thành đoàn"),
    ("Trao đổi, giải đáp ý kiến từ các điểm cầu", "Ban Thường vụ Thành đoàn"),
]
# What the bridge points asked at the earlier conference and the follow-up task each left:
# (bridge point, asked by, question, answer given in the hall or "" (a difficulty noted, not
# answered), the task, its due date and completion in days from today (None: not done)).
QUESTIONS = [
    (
        "DC01",
        "Đ/c Lê Thu Trang, Phó Bí thư Quận đoàn",
        "Đối tượng “cán bộ Đoàn chủ chốt” dự học tập, quán triệt gồm những ai, có tính Bí thư chi đoàn "
        "khu dân cư không?",
        "Gồm Ban Chấp hành Đoàn cấp quận, huyện, Bí thư, Phó Bí thư cơ sở Đoàn và Bí thư chi đoàn trực thuộc, "
        "kể cả chi đoàn khu dân cư. Đề nghị các đơn vị rà soát danh sách trước khi tổ chức học tập.",
        "Rà soát danh sách cán bộ Đoàn chủ chốt dự học tập",
        -10,
        -12,
    ),
    (
        "DC05",
        "Đ/c Phạm Quốc Bảo, Bí thư Quận đoàn",
        "Nhiều đoàn viên chưa biết cách chuyển sinh hoạt Đoàn trên ứng dụng Thanh niên Việt Nam; đề nghị "
        "Thành đoàn có hướng dẫn cụ thể.",
        "Ban Tổ chức Thành đoàn sẽ gửi tài liệu hướng dẫn từng bước; các Quận đoàn, Huyện đoàn tập huấn lại cho "
        "Bí thư chi đoàn và hỗ trợ đoàn viên chuyển sinh hoạt trong tháng.",
        "Hướng dẫn chuyển sinh hoạt Đoàn trên ứng dụng Thanh niên Việt Nam",
        10,
        None,
    ),
    (
        "DC09",
        "Đ/c Nguyễn Hải Yến, Phó Bí thư Quận đoàn",
        "Các khu dân cư mới trên địa bàn quận chưa có sân chơi cho thiếu nhi; Thành đoàn có hỗ trợ đề xuất "
        "với chính quyền bố trí địa điểm không?",
        "Thành đoàn sẽ kiến nghị Ủy ban nhân dân thành phố; đề nghị Quận đoàn Hoa Sen khảo sát, đề xuất địa "
        "điểm cụ thể gửi Ban Phong trào Thành đoàn.",
        "Đề xuất địa điểm sân chơi cho thiếu nhi ở khu dân cư mới",
        -3,
        None,
    ),
    (
        "DC30",
        "Đ/c Trần Văn Lực, Bí thư Đoàn xã",
        "Xã chưa có kinh phí cho công trình thanh niên tình nguyện hè; đoàn xã khó huy động nguồn lực xã hội hóa.",
        "",
        "Kiến nghị nguồn kinh phí cho công trình thanh niên tình nguyện hè ở xã",
        20,
        None,
    ),
    (
        "DC14",
        "Đ/c Hoàng Minh Tâm, Bí thư Đoàn phường",
        "Nhiều đoàn viên là công nhân làm theo ca nên không dự được sinh hoạt chi đoàn vào một buổi cố định.",
        "",
        "Đề xuất hình thức sinh hoạt chi đoàn cho đoàn viên làm việc theo ca",
        -8,
        -6,
    ),
]
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


def create_earlier_conference(today: date | None = None) -> Conference:
    """The union's conference held EARLIER_DAYS_AGO days before `today` with the demo
    conference's bridge points, ended, made through `conference_setup`'s path, with the
    questions its bridge points raised (QUESTIONS); found by its slug once made."""
    existing = Conference.objects.filter(slug=EARLIER_SLUG).first()
    if existing:
        return existing
    today = today or timezone.localdate()
    starts_at = _at(today - timedelta(days=EARLIER_DAYS_AGO), 8)
    spec = demo_spec(starts_at)
    spec.update(
        slug=EARLIER_SLUG,
        title=EARLIER_TITLE,
        status=Conference.Status.ENDED,
        description=(
            "Hội nghị trực tuyến do Ban Thường vụ Thành đoàn Hoa Phượng tổ chức để quán triệt Nghị quyết và "
            "triển khai chương trình hành động của Thành đoàn đến các Quận đoàn, Huyện đoàn và cơ sở Đoàn."
        ),
        agenda=[
            {
                "title": title,
                "presenter": presenter,
                "planned_start": (starts_at + timedelta(minutes=15 + 60 * index)).isoformat(),
            }
            for index, (title, presenter) in enumerate(EARLIER_AGENDA)
        ],
    )
    with transaction.atomic():
        conference = apply_spec(parse_spec(spec))
        discussion = conference.agenda_items.order_by("sort_order").last()
        points = {point.code: point for point in BridgePoint.objects.filter(conference=conference)}
        for number, (code, asked_by, text, answer, *_task) in enumerate(QUESTIONS):
            asked_at = starts_at + timedelta(hours=2, minutes=5 * number)
            question = Question.objects.create(
                bridge_point=points[code],
                agenda_item=discussion,
                asked_by=asked_by,
                text=text,
                status=Question.Status.ANSWERED if answer else Question.Status.APPROVED,
                answer=answer,
                answered_at=asked_at + timedelta(minutes=40) if answer else None,
            )
            Question.objects.filter(pk=question.pk).update(created_at=asked_at, updated_at=asked_at)
    return conference


def create_demo_directive(upcoming: Conference, today: date | None = None) -> Directive:
    """The directive following the conference held before `upcoming` (the demo conference, still
    to come): `create_earlier_conference`, with the same bridge points, so the same units. Made
    once with what the units did about it (found again afterwards)."""
    conference = create_earlier_conference(today)
    existing = Directive.objects.filter(conference=conference, title=DIRECTIVE_TITLE).first()
    if existing:
        return existing
    today = today or timezone.localdate()
    units = list(units_for_conference(conference).order_by("code"))
    with transaction.atomic():
        directive = Directive.objects.create(
            title=DIRECTIVE_TITLE,
            reference="125-HD/TĐTN",
            issued_on=timezone.localtime(conference.ends_at).date() + timedelta(days=1),
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
    result.submit(user, note=note, snapshot=study_snapshot(unit, directive), now=_at(held_on, 17))


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
        snapshot=programme_snapshot(result, name, documents.PDF),
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
    """The work each question raised at `conference` left its bridge point's unit (QUESTIONS):
    overdue, within the deadline, done on time or late."""
    due = {text: (title, due_in, done_in) for _code, _by, text, _answer, title, due_in, done_in in QUESTIONS}
    units = {unit.bridge_point_code: unit for unit in units_for_conference(conference)}
    questions = Question.objects.filter(
        bridge_point__conference=conference, status__in=[Question.Status.ANSWERED, Question.Status.APPROVED]
    ).select_related("bridge_point")
    for question in questions.order_by("created_at", "pk"):
        unit = units.get(question.bridge_point.code)
        if unit is None or question.text not in due:
            continue
        title, due_in, done_in = due[question.text]
        # What the unit is to do; the unit's page shows the question and its answer beside it.
        detail = "Rà soát ý kiến, trả lời đoàn viên và báo cáo kết quả trong đợt báo cáo tiến độ."
        FollowUpTask.objects.create(
            directive=directive,
            unit=unit,
            question=question,
            title=title,
            detail=detail,
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
