"""Reading a list of bridge points from pasted text, a CSV or XLSX file, or JSON records.

Pure (no database): every row is checked before anything is saved, so the caller imports
all rows or none, and each error names its row the way the organiser sees it in the
spreadsheet: "Dòng 7: thiếu tên đơn vị". Used by the admin's "Nhập điểm cầu" view and by
`conference_setup`; `Conference.import_bridge_points` saves the rows.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congtin import vietnamese

from ..text import checked_text, clean_text

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
_PHONE = re.compile(r"^\+?[0-9 .()\-]+$")
_HEADER_WORD = re.compile(r"[a-z0-9]+")


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


@dataclass
class ParsedBridgePoints:
    rows: list[BridgePointRow] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)  # (row number or None, reason)
    row_label: str = gettext_lazy("Dòng")  # what a row is called: a line of a table, an item of a JSON list

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_messages(self) -> list[str]:
        """Errors as the organiser reads them: "Dòng 7: thiếu tên đơn vị"."""
        return [
            _("%(row_label)s %(row)d: %(reason)s") % {"row_label": self.row_label, "row": row, "reason": reason}
            if row
            else reason
            for row, reason in self.errors
        ]


def parse_upload(filename: str, data: bytes) -> ParsedBridgePoints:
    """A .csv (or .txt/.tsv) or .xlsx file, told apart by its name."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return parse_csv(data)
    if suffix == ".xlsx":
        return parse_xlsx(data)
    if suffix == ".xls":
        return _failed(_("Định dạng .xls cũ chưa được hỗ trợ: trong Excel hãy lưu thành .xlsx hoặc “CSV UTF-8”."))
    return _failed(_("Không đọc được tệp “%(filename)s”: chỉ nhận tệp .csv hoặc .xlsx.") % {"filename": filename})


def parse_csv(data: bytes) -> ParsedBridgePoints:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _failed(_("Tệp CSV không ở mã UTF-8 nên sẽ hỏng dấu tiếng Việt: trong Excel hãy lưu bằng “CSV UTF-8”."))
    return parse_text(text)


def parse_text(text: str) -> ParsedBridgePoints:
    """Rows pasted from a spreadsheet (tab-separated) or CSV text (comma or semicolon)."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if "\t" in first:
        delimiter = "\t"
    else:
        delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    return _parse_table(enumerate(reader, start=1))


def parse_xlsx(data: bytes) -> ParsedBridgePoints:
    """The active sheet of an .xlsx workbook; row numbers are the sheet's own."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return _failed(_("Tệp không phải bảng tính .xlsx hợp lệ."))
    try:
        sheet = workbook.active
        sheet.reset_dimensions()  # some writers record a wrong size; read every row there is
        return _parse_table(enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1))
    finally:
        workbook.close()


def parse_records(records) -> ParsedBridgePoints:
    """JSON objects such as {"code": "DC01", "name": "...", "district": "...", "expected": 20};
    rows are numbered from 1 in list order."""
    label = _("Điểm cầu thứ")
    if not isinstance(records, list):
        return _failed(_("“bridge_points” phải là một mảng JSON [...]."))
    numbered, shape_errors = [], []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            shape_errors.append((number, _("mỗi điểm cầu phải là một đối tượng JSON {...}")))
        elif unknown := sorted(set(record) - set(COLUMNS)):
            shape_errors.append((number, unknown_keys(unknown, COLUMNS)))
        else:
            numbered.append((number, record))
    result = _check_records(numbered, label) if numbered or not shape_errors else ParsedBridgePoints(row_label=label)
    if shape_errors:
        result.rows = []
        result.errors = sorted(shape_errors + result.errors, key=lambda error: error[0] or 0)
    return result


def _failed(reason: str) -> ParsedBridgePoints:
    return ParsedBridgePoints(errors=[(None, reason)])


def _parse_table(numbered_cells) -> ParsedBridgePoints:
    """Rows of cells, the first non-empty one either a header (any known column name) or
    already data in the order of COLUMNS."""
    columns = None
    records = []
    for number, cells in numbered_cells:
        cells = list(cells)
        if all(clean_text(cell) == "" for cell in cells):
            continue
        if columns is None:
            columns = _header_columns(cells)
            if columns is not None:
                missing = [str(COLUMN_LABELS[name]) for name in REQUIRED_COLUMNS if name not in columns.values()]
                if missing:
                    reason = _("dòng tiêu đề thiếu cột %(columns)s") % {"columns": ", ".join(missing)}
                    return ParsedBridgePoints(errors=[(number, reason)])
                continue
            columns = dict(enumerate(COLUMNS))
        records.append(
            (number, {name: cells[index] if index < len(cells) else None for index, name in columns.items()})
        )
    return _check_records(records, row_label=_("Dòng"))


def _header_columns(cells) -> dict[int, str] | None:
    """{cell index: column} when `cells` is a header row, else None. Unknown headings
    (a "STT" column, notes) are ignored."""
    columns = {}
    for index, cell in enumerate(cells):
        heading = " ".join(_HEADER_WORD.findall(vietnamese.fold(clean_text(cell)).lower()))
        for name, accepted in HEADER_NAMES.items():
            if heading in accepted and name not in columns.values():
                columns[index] = name
    return columns or None


def _check_records(numbered_records, row_label) -> ParsedBridgePoints:
    result = ParsedBridgePoints(row_label=row_label)
    if not numbered_records:
        return _failed(_("Danh sách trống: không có điểm cầu nào."))
    if len(numbered_records) > MAX_ROWS:
        message = _("Danh sách có %(count)d điểm cầu, nhiều hơn mức cho phép (%(limit)d).")
        return _failed(message % {"count": len(numbered_records), "limit": MAX_ROWS})
    first_row_of_code = {}
    for number, record in numbered_records:
        try:
            row = _row(record)
        except ValueError as error:
            result.errors.append((number, str(error)))
            continue
        if row.code in first_row_of_code:
            reason = _("mã điểm cầu “%(code)s” trùng với %(row_label)s %(row)d") % {
                "code": row.code,
                "row_label": str(row_label).lower(),
                "row": first_row_of_code[row.code],
            }
            result.errors.append((number, reason))
            continue
        first_row_of_code[row.code] = number
        result.rows.append(row)
    if result.errors:
        result.rows = []
    return result


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


def unknown_keys(unknown: list[str], accepted) -> str:
    """What to say of JSON keys that are not read: which ones, and which are."""
    return _("khóa không được hỗ trợ: %(unknown)s (chỉ nhận: %(accepted)s)") % {
        "unknown": ", ".join(unknown),
        "accepted": ", ".join(accepted),
    }
