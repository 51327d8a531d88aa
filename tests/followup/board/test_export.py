"""The XLSX export, opened as Excel would: the board sheet (units × results, standing in words,
dates sent), the study sessions with people reached by group, the programmes with each task's
latest progress; its queries do not grow with the number of units."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from congtin.followup.models import Result

from ..support import make_city_staff, make_directive, make_tree, make_unit_member
from .support import SENT, add_followup, add_session, add_tasks, programme_of, report

DUE = (date(2026, 7, 31), date(2026, 8, 15))


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="theo-doi-huong-dan-hoc-tap')
    return load_workbook(io.BytesIO(response.content))


def rows_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_the_export_holds_the_board_the_sessions_and_the_programmes(client):
    city, d1, g11, g12 = make_tree(districts=1, grassroots=2)
    directive = make_directive([g11, g12], due=(*DUE, timezone.localdate() + timedelta(days=30)))
    member, staff = make_unit_member(g11), make_city_staff()
    Result.objects.get(requirement__kind="study", unit=g11).submit(member, now=SENT)
    programme = programme_of(directive, g11)
    programme.submit(member, adopted_on=date(2026, 8, 1), now=datetime(2026, 8, 2, tzinfo=UTC))
    first, second = add_tasks(programme, 2, due_on=date(2026, 9, 30))
    report(first, 40, datetime(2026, 9, 1, tzinfo=UTC))
    report(first, 100, datetime(2026, 9, 20, tzinfo=UTC))
    add_session(directive, g11, secretaries=3, branch=12, cadres=2, members=150, held_on=date(2026, 7, 10))
    add_session(directive, g12, members=1200, held_on=date(2026, 7, 12))
    add_followup(directive, g12, completed_at=SENT)
    client.force_login(staff)
    book = workbook_of(client.get(reverse("followup:board_export", args=[directive.pk])))
    assert book.sheetnames == ["Bảng theo dõi", "Buổi học tập", "Chương trình hành động"]

    board = rows_of(book["Bảng theo dõi"])
    assert board[0][:8] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Cấp",
        "Quận/huyện",
        "Tổ chức học tập, quán triệt: tình trạng",
        "Tổ chức học tập, quán triệt: ngày gửi",
        "Xây dựng chương trình hành động: tình trạng",
        "Xây dựng chương trình hành động: ngày gửi",
    ]
    assert [row[0] for row in board[1:5]] == ["TD", "QD1", "QD1-1", "QD1-2"]
    ward = board[3]
    assert ward[1] == "Đoàn phường 1, Quận 1"  # no leading spaces: the column sorts and filters
    assert book["Bảng theo dõi"]["B4"].alignment.indent == 4  # indented by its depth (2) instead
    assert ward[4:8] == [
        "Đúng hạn – Đã gửi, chờ xem xét",
        datetime(2026, 7, 20, 10, 0),  # Vietnam's wall-clock time
        "Đúng hạn – Đã gửi, chờ xem xét",
        datetime(2026, 8, 2, 7, 0),
    ]
    assert ward[8] == "Trong hạn – Chưa gửi"
    assert ward[-1] == pytest.approx(66.7)
    assert board[4][4] == "Quá hạn – Chưa gửi" and board[4][-2] == "1/1"
    assert board[2][4] == "1/2 đơn vị hoàn thành"  # the district's group row
    assert board[5][1] == "Tổng: Đúng hạn" and board[5][4] == 1 and board[5][6] == 1

    sessions = rows_of(book["Buổi học tập"])
    assert sessions[0][5:10] == [
        "Bí thư, Phó Bí thư Đoàn cơ sở",
        "Bí thư chi đoàn",
        "Cán bộ chuyên trách",
        "Đoàn viên, thanh niên",
        "Tổng số người",
    ]
    assert sessions[1][:3] == ["QD1-1", "Đoàn phường 1, Quận 1", datetime(2026, 7, 10)]
    assert sessions[1][5:10] == [3, 12, 2, 150, 167]
    assert sessions[-1][1] == "Tổng cộng" and sessions[-1][5:10] == [3, 12, 2, 1350, 1367]

    programmes = rows_of(book["Chương trình hành động"])
    assert programmes[1][:12] == [
        "QD1-1",
        "Đoàn phường 1, Quận 1",
        "Đã gửi, chờ xem xét",
        datetime(2026, 8, 1),
        "Nhiệm vụ 1",
        "Ban Tuyên giáo",
        datetime(2026, 9, 30),
        None,  # no expected result written (openpyxl reads an empty cell back as None)
        "Đã hoàn thành",
        100,
        datetime(2026, 9, 20, 7, 0),
        "Đúng hạn",
    ]
    assert programmes[2][4] == "Nhiệm vụ 2" and programmes[2][8] == "Chưa báo cáo"
    assert programmes[3][:5] == ["QD1-2", "Đoàn phường 2, Quận 1", "Chưa gửi", None, None]


@pytest.mark.django_db
def test_the_export_costs_as_many_queries_for_50_units_as_for_5(client):
    staff = make_city_staff()
    member = make_unit_member(make_tree(districts=1, grassroots=0, prefix="M")[0], username="m")
    client.force_login(staff)
    counts = {}
    for size, prefix in ((5, "A"), (50, "B")):
        units = make_tree(districts=5, grassroots=size // 5 - 1, prefix=prefix)[1:]
        directive = make_directive(units)
        for unit in units[::2]:
            programme = programme_of(directive, unit)
            programme.submit(member, now=SENT)
            for task in add_tasks(programme, 3):
                report(task, 50, SENT)
            add_session(directive, unit, members=10)
            add_followup(directive, unit)
        url = reverse("followup:board_export", args=[directive.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            book = workbook_of(client.get(url))
        assert book["Bảng theo dõi"].max_row == 1 + size + 1 + 4
        counts[size] = len(queries)
    assert counts[5] == counts[50], counts
