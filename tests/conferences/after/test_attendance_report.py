"""The attendance report as an organiser downloads it from the dashboard's links: minutes
online counted from heartbeats to the nearest minute, and a totals row in CSV and XLSX."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from openpyxl import load_workbook

from congtin.conferences.after.attendance import HEADER
from congtin.conferences.models import HeadcountReport, Presence, Question
from tests.conferences.support import START, add_bridge_points, dashboard_url


def beat(point, *seconds):
    for second in seconds:
        Presence.record_heartbeat(point, at=START + timedelta(seconds=second))
    return Presence.objects.get(bridge_point=point)


@pytest.mark.parametrize("seconds, minutes", [(0, 0), (29, 0), (30, 1), (57, 1), (60, 1), (89, 1), (90, 2), (600, 10)])
def test_minutes_online_are_rounded_to_the_nearest_minute(bridge_point, seconds, minutes):
    presence = beat(bridge_point, *range(0, seconds, 3), seconds)
    assert presence.seconds_online == seconds
    assert presence.minutes_online == minutes


def downloads(organiser_client, conference) -> dict[str, bytes]:
    """The report files behind the dashboard's "Tải CSV" and "Tải XLSX" buttons."""
    page = BeautifulSoup(
        organiser_client.get(reverse("conferences:dashboard", args=[conference.slug])).content, "html.parser"
    )
    files = {}
    for link in page.select(".after-event a.button[download]"):
        response = organiser_client.get(link["href"])
        assert response.status_code == 200
        files[link.get_text(strip=True)] = response.content
    assert set(files) == {"Tải CSV", "Tải XLSX"}
    return files


@pytest.fixture
def attended(conference):
    """Four bridge points: one online for 70 s (a heartbeat every 3 s from its page), one for
    ten minutes with a gap of five, one whose page was open a minute (beats at 0, 3, … 57 s),
    one that never came."""
    brief, long, minute, _absent = add_bridge_points(conference, 4)
    beat(brief, *range(0, 70, 3), 70)
    beat(minute, *range(0, 58, 3))
    beat(long, *range(0, 301, 20), *range(600, 901, 20))  # 300 s, a silence, 300 s
    HeadcountReport.report(brief, 12, at=START)
    HeadcountReport.report(long, 25, at=START)
    Question.objects.create(bridge_point=brief, text="Hỏi một?", status=Question.Status.ANSWERED, answer="Đáp.")
    Question.objects.create(bridge_point=long, text="Hỏi hai?")
    Question.objects.create(bridge_point=long, text="Hỏi ba?", status=Question.Status.ANSWERED, answer="Đáp.")
    return conference


def test_csv_from_the_dashboard_counts_a_70_second_visit_as_1_minute_and_adds_a_totals_row(organiser_client, attended):
    data = downloads(organiser_client, attended)["Tải CSV"]
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == list(HEADER)
    minutes = {row["Mã điểm cầu"]: row["Số phút trực tuyến"] for row in rows}
    assert minutes == {"DC01": "1", "DC02": "10", "DC03": "1", "DC04": "0", "Tổng cộng": "12"}
    totals = rows[-1]
    assert totals == {
        "Mã điểm cầu": "Tổng cộng",
        "Tên đơn vị": "3/4 điểm cầu đã vào",
        "Quận/huyện": "",
        "Số người dự kiến": "72",
        "Vào lần đầu": "",
        "Số phút trực tuyến": "12",
        "Số người tham dự": "37",
        "Báo cáo số người lúc": "",
        "Số câu hỏi đã gửi": "3",
        "Số câu hỏi đã trả lời": "2",
    }


def test_xlsx_from_the_dashboard_has_the_same_minutes_and_a_bold_totals_row(organiser_client, attended):
    sheet = load_workbook(io.BytesIO(downloads(organiser_client, attended)["Tải XLSX"])).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADER
    assert [(row[0], row[5]) for row in rows[1:]] == [
        ("DC01", 1),
        ("DC02", 10),
        ("DC03", 1),
        ("DC04", 0),
        ("Tổng cộng", 12),
    ]
    assert rows[-1] == ("Tổng cộng", "3/4 điểm cầu đã vào", None, 72, None, 12, 37, None, 3, 2)
    assert all(cell.font.bold for cell in sheet[sheet.max_row])


def test_a_conference_without_bridge_points_reports_zero_totals(organiser_client, conference):
    files = downloads(organiser_client, conference)
    assert list(csv.reader(io.StringIO(files["Tải CSV"].decode("utf-8-sig"))))[1:] == [
        ["Tổng cộng", "0/0 điểm cầu đã vào", "", "0", "", "0", "0", "", "0", "0"]
    ]
    rows = list(load_workbook(io.BytesIO(files["Tải XLSX"])).active.iter_rows(values_only=True))
    assert rows[1:] == [("Tổng cộng", "0/0 điểm cầu đã vào", None, 0, None, 0, 0, None, 0, 0)]


def test_attendance_report_downloads_as_csv_and_xlsx(organiser_client, conference):
    point = add_bridge_points(conference, 2)[0]
    for second in range(0, 301, 30):
        Presence.record_heartbeat(point, at=START + timedelta(seconds=second))
    HeadcountReport.report(point, 27, at=START)

    response = organiser_client.get(dashboard_url(conference, "diem-danh.csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="diem-danh-{conference.slug}.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(HEADER)
    assert rows[1][:7] == ["DC01", "Quận đoàn số 1", "Quận 1", "18", "25/06/2025 08:00", "5", "27"]

    response = organiser_client.get(dashboard_url(conference, "diem-danh.xlsx"))
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[:2] for row in sheet.iter_rows(values_only=True)] == [
        HEADER[:2],
        ("DC01", "Quận đoàn số 1"),
        ("DC02", "Quận đoàn số 2"),
        ("Tổng cộng", "1/2 điểm cầu đã vào"),
    ]

    assert organiser_client.get(dashboard_url(conference, "diem-danh.pdf")).status_code == 404
