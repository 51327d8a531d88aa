"""The attendance report as files an organiser opens in Excel: CSV and XLSX.

Both come from `Conference.attendance_rows()`, with the same Vietnamese header row and,
last, a totals row (`AttendanceTotals`).
"""

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import AttendanceRow, Conference

HEADER = (
    _("Mã điểm cầu"),
    _("Tên đơn vị"),
    _("Quận/huyện"),
    _("Số người dự kiến"),
    _("Vào lần đầu"),
    _("Số phút trực tuyến"),
    _("Số người tham dự"),
    _("Báo cáo số người lúc"),
    _("Số câu hỏi đã gửi"),
    _("Số câu hỏi đã trả lời"),
)
TOTALS_LABEL = _("Tổng cộng")
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


@dataclass(frozen=True)
class AttendanceTotals:
    """What the report's last row adds up: each total is the sum of its column, so an
    organiser who sums the column in Excel gets the same figure."""

    bridge_points: int
    connected: int  # bridge points that came online at least once
    expected: int
    minutes_online: int
    headcount: int
    questions_asked: int
    questions_answered: int

    @classmethod
    def of(cls, rows: list[AttendanceRow]) -> "AttendanceTotals":
        return cls(
            bridge_points=len(rows),
            connected=sum(1 for row in rows if row.first_seen is not None),
            expected=sum(row.expected for row in rows),
            minutes_online=sum(row.minutes_online for row in rows),
            headcount=sum(row.headcount or 0 for row in rows),
            questions_asked=sum(row.questions_asked for row in rows),
            questions_answered=sum(row.questions_answered for row in rows),
        )

    def cells(self) -> list:
        """The totals row, under the header's columns."""
        return [
            str(TOTALS_LABEL),
            gettext("%(connected)d/%(total)d điểm cầu đã vào")
            % {"connected": self.connected, "total": self.bridge_points},
            None,
            self.expected,
            None,
            self.minutes_online,
            self.headcount,
            None,
            self.questions_asked,
            self.questions_answered,
        ]


def attendance_csv(conference: Conference) -> bytes:
    """UTF-8 with a byte order mark: without it Excel reads the file as ANSI and garbles Vietnamese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    rows = conference.attendance_rows()
    for cells in [*(_cells(row, _csv_time) for row in rows), AttendanceTotals.of(rows).cells()]:
        writer.writerow(["" if value is None else value for value in cells])
    return buffer.getvalue().encode("utf-8-sig")


def attendance_xlsx(conference: Conference) -> bytes:
    """One sheet, times as real Excel dates (sortable), the header frozen, the totals in bold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Điểm danh")
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = conference.attendance_rows()
    for row in rows:
        sheet.append(_cells(row, _xlsx_time))
    sheet.append(AttendanceTotals.of(rows).cells())
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in ("E", "H"):
        for cell in sheet[column][1:]:
            cell.number_format = XLSX_DATETIME_FORMAT
    for letter, width in zip("ABCDEFGHIJ", (12, 40, 22, 12, 17, 12, 12, 17, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


REPORT_FORMATS = {"csv": attendance_csv, "xlsx": attendance_xlsx}


def header() -> list[str]:
    """The header row, in the language of the request."""
    return [str(cell) for cell in HEADER]


def _cells(row: AttendanceRow, time) -> list:
    return [
        row.code,
        row.name,
        row.district,
        row.expected,
        time(row.first_seen),
        row.minutes_online,
        row.headcount,
        time(row.headcount_at),
        row.questions_asked,
        row.questions_answered,
    ]


def _csv_time(moment):
    return timezone.localtime(moment).strftime(DATETIME_FORMAT) if moment else None


def _xlsx_time(moment):
    """Local wall-clock time: Excel has no time zones."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None
