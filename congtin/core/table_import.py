"""Reading a list typed by organisers (pasted from a spreadsheet, a CSV or XLSX file, or JSON
records) into numbered records, the one way every import of the project reads one.

Pure (no database). An import names its columns (`TableColumns`), checks each record into a
row of its own, and gets back a `ParsedTable`: every row or none, each error naming its row
the way the organiser sees it in the spreadsheet: "Dòng 7: thiếu tên đơn vị". Used by the
conference's bridge points (conferences.programme.bridge_import) and the follow-up's units
(followup.units.unit_import).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congtin import vietnamese

_HEADER_WORD = re.compile(r"[a-z0-9]+")

NumberedRecords = list[tuple[int, dict[str, Any]]]


def clean_text(value: object) -> str:
    """A value as text: numbers without a spurious ".0", NFC (text pasted from a Mac is NFD),
    runs of white space as one space, none at either end; None as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def checked_text(value: object, label: str, max_length: int, required: bool = False) -> str:
    """`clean_text(value)`, or ValueError saying (in Vietnamese, lower case, to follow "Dòng 7: ")
    that `label` is missing (when `required`) or longer than `max_length` characters."""
    text = clean_text(value)
    if required and not text:
        raise ValueError(_("thiếu %(label)s") % {"label": label})
    if len(text) > max_length:
        raise ValueError(_("%(label)s dài quá %(limit)d ký tự") % {"label": label, "limit": max_length})
    return text


def unknown_keys(unknown: list[str], accepted: Iterable[str]) -> str:
    """What to say of JSON keys that are not read: which ones, and which are."""
    return _("khóa không được hỗ trợ: %(unknown)s (chỉ nhận: %(accepted)s)") % {
        "unknown": ", ".join(unknown),
        "accepted": ", ".join(accepted),
    }


@dataclass(frozen=True)
class TableColumns:
    """The columns of one kind of list: their order when there is no header, which are
    required, how an error names them, and the header cells accepted for each (compared
    folded and lower case, punctuation as spaces: "Tên đơn vị" -> "ten don vi")."""

    order: tuple[str, ...]
    required: tuple[str, ...]
    labels: Mapping[str, Any]
    header_names: Mapping[str, set[str]]


class TableError(Exception):
    """A list that cannot be read at all (or a header row missing a column)."""

    def __init__(self, reason: str, row: int | None = None):
        self.reason, self.row = reason, row
        super().__init__(reason)


@dataclass
class ParsedTable:
    rows: list = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)  # (row number or None, reason)
    row_label: str = gettext_lazy("Dòng")  # what a row is called: a line of a table, an item of a JSON list
    # With errors `rows` is empty; the rows that passed their own checks stay here (never to be
    # saved) so a check across rows, such as a unit's parent, can name its faults in the same pass.
    valid_rows: list = field(default_factory=list)
    listed_keys: frozenset[str] = frozenset()  # every record's key as typed, valid or not (set by the caller)

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


def read_upload(filename: str, data: bytes, columns: TableColumns) -> NumberedRecords:
    """A .csv (or .txt/.tsv) or .xlsx file, told apart by its name."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv(data, columns)
    if suffix == ".xlsx":
        return read_xlsx(data, columns)
    if suffix == ".xls":
        raise TableError(_("Định dạng .xls cũ chưa được hỗ trợ: trong Excel hãy lưu thành .xlsx hoặc “CSV UTF-8”."))
    raise TableError(_("Không đọc được tệp “%(filename)s”: chỉ nhận tệp .csv hoặc .xlsx.") % {"filename": filename})


def read_csv(data: bytes, columns: TableColumns) -> NumberedRecords:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(
            _("Tệp CSV không ở mã UTF-8 nên sẽ hỏng dấu tiếng Việt: trong Excel hãy lưu bằng “CSV UTF-8”.")
        ) from error
    return read_text(text, columns)


def read_text(text: str, columns: TableColumns) -> NumberedRecords:
    """Rows pasted from a spreadsheet (tab-separated) or CSV text (comma or semicolon)."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if "\t" in first:
        delimiter = "\t"
    else:
        delimiter = ";" if first.count(";") > first.count(",") else ","
    return table_records(enumerate(csv.reader(lines, delimiter=delimiter), start=1), columns)


def read_xlsx(data: bytes, columns: TableColumns) -> NumberedRecords:
    """The active sheet of an .xlsx workbook; row numbers are the sheet's own."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableError(_("Tệp không phải bảng tính .xlsx hợp lệ.")) from error
    try:
        sheet = workbook.active
        sheet.reset_dimensions()  # some writers record a wrong size; read every row there is
        return table_records(enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1), columns)
    finally:
        workbook.close()


def table_records(numbered_cells: Iterable[tuple[int, Iterable]], columns: TableColumns) -> NumberedRecords:
    """Rows of cells as {column: cell} records, empty rows left out. The first non-empty row
    is either a header (any known column name) or already data in `columns.order`."""
    indexes = None
    records = []
    for number, cells in numbered_cells:
        cells = list(cells)
        if all(clean_text(cell) == "" for cell in cells):
            continue
        if indexes is None:
            indexes = header_columns(cells, columns.header_names)
            if indexes is not None:
                missing = [str(columns.labels[name]) for name in columns.required if name not in indexes.values()]
                if missing:
                    raise TableError(_("dòng tiêu đề thiếu cột %(columns)s") % {"columns": ", ".join(missing)}, number)
                continue
            indexes = dict(enumerate(columns.order))
        records.append(
            (number, {name: cells[index] if index < len(cells) else None for index, name in indexes.items()})
        )
    return records


def header_columns(cells: list[Any], header_names: Mapping[str, set[str]]) -> dict[int, str] | None:
    """{cell index: column} when `cells` is a header row, else None. Unknown headings
    (a "STT" column, notes) are ignored."""
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        heading = fold_heading(cell)
        for name, accepted in header_names.items():
            if heading in accepted and name not in found.values():
                found[index] = name
    return found or None


def fold_heading(cell: object) -> str:
    """A header cell as compared: folded, lower case, words separated by one space."""
    return " ".join(_HEADER_WORD.findall(vietnamese.fold(clean_text(cell)).lower()))


def json_records(
    records: object, columns: TableColumns, *, not_a_list: str, not_an_object: str
) -> tuple[NumberedRecords, list[tuple[int | None, str]]]:
    """JSON objects numbered from 1 in list order, and the errors of those that are not
    objects or carry keys other than `columns.order`."""
    if not isinstance(records, list):
        return [], [(None, not_a_list)]
    numbered: NumberedRecords = []
    errors: list[tuple[int | None, str]] = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            errors.append((number, not_an_object))
        elif unknown := sorted(set(record) - set(columns.order)):
            errors.append((number, unknown_keys(unknown, columns.order)))
        else:
            numbered.append((number, record))
    return numbered, errors


def check_records(
    numbered_records: NumberedRecords,
    make_row: Callable[[int, dict], Any],
    *,
    row_label: str,
    key: Callable[[Any], str],
    duplicate: Callable[[Any, str], str],
    max_rows: int,
    empty: str,
    too_many: str,
) -> ParsedTable:
    """Each record made a row by `make_row(number, record)` (ValueError: that row's error), no two rows with
    the same `key`; any error and `rows` is empty. `duplicate(row, "dòng 3")` words a
    repeated key, `too_many` takes %(count)d and %(limit)d."""
    result = ParsedTable(row_label=row_label)
    if not numbered_records:
        return ParsedTable(errors=[(None, empty)])
    if len(numbered_records) > max_rows:
        return ParsedTable(errors=[(None, too_many % {"count": len(numbered_records), "limit": max_rows})])
    first_row_of_key: dict[str, int] = {}
    for number, record in numbered_records:
        try:
            row = make_row(number, record)
        except ValueError as error:
            result.errors.append((number, str(error)))
            continue
        if key(row) in first_row_of_key:
            result.errors.append((number, duplicate(row, f"{str(row_label).lower()} {first_row_of_key[key(row)]}")))
            continue
        first_row_of_key[key(row)] = number
        result.rows.append(row)
    result.valid_rows = result.rows
    if result.errors:
        result.rows = []
    return result


def parse_table(
    read: Callable[[], NumberedRecords], check: Callable[[NumberedRecords, str], ParsedTable]
) -> ParsedTable:
    """`check(records, "Dòng")` of the records `read()` gives, or the one error it raised."""
    try:
        records = read()
    except TableError as error:
        return ParsedTable(errors=[(error.row, error.reason)])
    return check(records, _("Dòng"))


def parse_json_records(
    records: object,
    columns: TableColumns,
    check: Callable[[NumberedRecords, str], ParsedTable],
    *,
    row_label: str,
    not_a_list: str,
    not_an_object: str,
) -> ParsedTable:
    """`check` of JSON objects numbered from 1 in list order, with the errors of the items
    that are not objects or carry unknown keys, in list order."""
    numbered, shape_errors = json_records(records, columns, not_a_list=not_a_list, not_an_object=not_an_object)
    if shape_errors and shape_errors[0][0] is None:
        return ParsedTable(errors=shape_errors)
    result = check(numbered, row_label) if numbered or not shape_errors else ParsedTable(row_label=row_label)
    if shape_errors:
        result.rows = []
        result.errors = sorted(shape_errors + result.errors, key=lambda error: error[0] or 0)
    return result
