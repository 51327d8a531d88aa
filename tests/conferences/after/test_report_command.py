"""`conference_report` writes the attendance report as CSV or XLSX, to a file or to
standard output."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from congtin.conferences.after.attendance import HEADER
from congtin.conferences.models import HeadcountReport, Presence, Question
from tests.conferences.support import START, add_bridge_points


@pytest.fixture
def attended_conference(conference):
    present, _absent = add_bridge_points(conference, 2)
    for second in range(0, 1501, 30):
        Presence.record_heartbeat(present, at=START + timedelta(seconds=second))
    HeadcountReport.report(present, 27, at=START + timedelta(minutes=10))
    Question.objects.create(bridge_point=present, text="Hỏi?", status=Question.Status.ANSWERED)
    Question.objects.create(bridge_point=present, text="Hỏi nữa?")
    return conference


def report_bytes(*args) -> bytes:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command("conference_report", *args, stdout=out)
    out.flush()
    return out.buffer.getvalue()


def test_csv_report_to_stdout_has_a_vietnamese_header_and_a_bom(attended_conference):
    data = report_bytes(attended_conference.slug, "--format", "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(HEADER)
    assert rows[0][:2] == ["Mã điểm cầu", "Tên đơn vị"]
    assert rows[1] == [
        "DC01",
        "Quận đoàn số 1",
        "Quận 1",
        "18",
        "25/06/2025 08:00",
        "25",
        "27",
        "25/06/2025 08:10",
        "2",
        "1",
    ]
    assert rows[2] == ["DC02", "Quận đoàn số 2", "Quận 2", "18", "", "0", "", "", "0", "0"]


def test_xlsx_report_to_a_file_and_to_stdout(attended_conference, tmp_path):
    path = tmp_path / "diem-danh.xlsx"
    call_command(
        "conference_report", attended_conference.slug, "--format", "xlsx", "--output", str(path), stderr=io.StringIO()
    )
    for source in (path, io.BytesIO(report_bytes(attended_conference.slug, "--format", "xlsx"))):
        sheet = load_workbook(source).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == HEADER
        assert rows[1][:4] == ("DC01", "Quận đoàn số 1", "Quận 1", 18)
        assert rows[1][4].strftime("%d/%m/%Y %H:%M") == "25/06/2025 08:00"
        assert rows[1][5:] == (25, 27, rows[1][7], 2, 1)
        assert rows[2][4:7] == (None, 0, None)


def test_report_for_an_unknown_conference_is_a_vietnamese_error(db):
    with pytest.raises(CommandError, match="Không có hội nghị nào có slug “khong-co”"):
        call_command("conference_report", "khong-co")
