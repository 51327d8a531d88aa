"""Reading a list of bridge points from pasted text, a CSV or XLSX file, or JSON records.

Pure (no database): every row is checked before anything is saved, so the caller imports
all rows or none, and each error names its row the way the organiser sees it in the
spreadsheet: "Dòng 7: thiếu tên đơn vị". Used by the admin's "Nhập điểm cầu" view and by
`conference_setup`; `Conference.import_bridge_points` saves the rows.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congtin.core import table_import
from congtin.core.table_import import ParsedTable, TableColumns, checked_text, clean_text, unknown_keys

COLUMNS = ("code", "name", "district", "address", "coordinator", "phone", "expected")
REQUIRED_COLUMNS = ("code", "name")
COLUMN_LABELS = {
    "code": gettext_lazy("mã điểm cầu"),
    "name": gettext_lazy("tên đơn vị"),
    "district": gettext_lazy("quận/huyện"),
    "address": gettext_lazy("địa chỉ"),
    "coordinator": gettext_lazy("cán bộ đầu mối"),
    "phone": gettext_lazy("số điện thoại"),
    "expected": gettext_lazy("số người dự kiến"),
}
# Header cells accepted for each column, compared folded and lower case, punctuation as
# spaces: "Tên đơn vị" -> "ten don vi", "Quận/Huyện" -> "quan huyen", "SĐT" -> "sdt".
HEADER_NAMES = {
    "code": {"code", "ma", "ma diem cau", "ma dc", "ma don vi"},
    "name": {"name", "ten", "ten don vi", "don vi", "ten diem cau", "diem cau", "unit", "unit name"},
    "district": {"district", "quan huyen", "quan", "huyen", "dia ban", "huyen quan"},
    "address": {"address", "dia chi"},
    "coordinator": {
        "coordinator",
        "coordinator name",
        "can bo dau moi",
        "dau moi",
        "nguoi dau moi",
        "nguoi phu trach",
        "can bo phu trach",
        "nguoi dieu phoi",
        "ho ten dau moi",
    },
    "phone": {"phone", "coordinator phone", "dien thoai", "so dien thoai", "sdt", "dt", "dien thoai dau moi"},
    "expected": {
        "expected",
        "expected participants",
        "so nguoi du kien",
        "du kien",
        "so luong du kien",
        "so nguoi",
        "so luong",
        "so dai bieu",
    },
}
MAX_LENGTHS = {"code": 32, "name": 255, "district": 255, "address": 255, "coordinator": 255, "phone": 32}
MAX_ROWS = 2000
TABLE = TableColumns(COLUMNS, REQUIRED_COLUMNS, COLUMN_LABELS, HEADER_NAMES)
_PHONE = re.compile(r"^\+?[0-9 .()\-]+$")
# A parsed list of bridge points: `rows` are BridgePointRow.
ParsedBridgePoints = ParsedTable
__all__ = [
    "BridgePointRow",
    "ParsedBridgePoints",
    "parse_csv",
    "parse_records",
    "parse_text",
    "parse_upload",
    "parse_xlsx",
    "unknown_keys",
]


@dataclass(frozen=True)
class BridgePointRow:
    """One valid bridge point from a list: text stripped and NFC, `expected` an integer."""

    code: str
    name: str
    district: str = ""
    address: str = ""
    coordinator: str = ""
    phone: str = ""
    expected: int = 0


def parse_upload(filename: str, data: bytes) -> ParsedBridgePoints:
    """A .csv (or .txt/.tsv) or .xlsx file, told apart by its name."""
    return table_import.parse_table(lambda: table_import.read_upload(filename, data, TABLE), _check_records)


def parse_csv(data: bytes) -> ParsedBridgePoints:
    return table_import.parse_table(lambda: table_import.read_csv(data, TABLE), _check_records)


def parse_text(text: str) -> ParsedBridgePoints:
    """Rows pasted from a spreadsheet (tab-separated) or CSV text (comma or semicolon)."""
    return table_import.parse_table(lambda: table_import.read_text(text, TABLE), _check_records)


def parse_xlsx(data: bytes) -> ParsedBridgePoints:
    """The active sheet of an .xlsx workbook; row numbers are the sheet's own."""
    return table_import.parse_table(lambda: table_import.read_xlsx(data, TABLE), _check_records)


def parse_records(records) -> ParsedBridgePoints:
    """JSON objects such as {"code": "DC01", "name": "...", "district": "...", "expected": 20};
    rows are numbered from 1 in list order."""
    return table_import.parse_json_records(
        records,
        TABLE,
        _check_records,
        row_label=_("Điểm cầu thứ"),
        not_a_list=_("“bridge_points” phải là một mảng JSON [...]."),
        not_an_object=_("mỗi điểm cầu phải là một đối tượng JSON {...}"),
    )


def _check_records(numbered_records, row_label) -> ParsedBridgePoints:
    return table_import.check_records(
        numbered_records,
        lambda _number, record: _row(record),
        row_label=row_label,
        key=lambda row: row.code,
        duplicate=lambda row, first: (
            _("mã điểm cầu “%(code)s” trùng với %(first)s") % {"code": row.code, "first": first}
        ),
        max_rows=MAX_ROWS,
        empty=_("Danh sách trống: không có điểm cầu nào."),
        too_many=_("Danh sách có %(count)d điểm cầu, nhiều hơn mức cho phép (%(limit)d)."),
    )


def _row(record: dict) -> BridgePointRow:
    """A valid row, or ValueError saying (in Vietnamese) what is wrong with it."""
    values = {
        name: checked_text(record.get(name), COLUMN_LABELS[name], MAX_LENGTHS[name], required=name in REQUIRED_COLUMNS)
        for name in COLUMNS
        if name not in ("phone", "expected")
    }
    values["phone"] = checked_text(_phone(record.get("phone")), COLUMN_LABELS["phone"], MAX_LENGTHS["phone"])
    return BridgePointRow(**values, expected=_expected(record.get("expected")))


def _phone(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = clean_text(value)
        # A spreadsheet cell typed as a number drops the leading 0 of 0912 345 678.
        return "0" + digits if len(digits) == 9 else digits
    phone = clean_text(value)
    digit_count = sum(ch.isdigit() for ch in phone)
    if phone and (not _PHONE.match(phone) or not 8 <= digit_count <= 15):
        raise ValueError(_("số điện thoại “%(phone)s” không hợp lệ") % {"phone": phone})
    return phone


def _expected(value) -> int:
    if isinstance(value, bool):
        raise ValueError(_not_a_count(value))
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    text = clean_text(value)
    if text == "":
        return 0
    if text.isdecimal() and text.isascii():
        return int(text)
    raise ValueError(_not_a_count(text))


def _not_a_count(value) -> str:
    return _("số người dự kiến phải là số nguyên không âm (đang là “%(value)s”)") % {"value": value}
