"""Reading the unit tree from pasted text, a CSV or XLSX file, or JSON records, and saving it.

Read the way bridge point lists are (congtin.core.table_import): every row checked before
anything is saved, errors by row ("Dòng 7: thiếu tên đơn vị"). Then `check_tree` (which needs
the units already saved) names the rows whose parent is unknown or that make a cycle, and
`import_units` saves all rows or none, parents before children, updating units by code.

A column the list does not have (no such header, no such JSON key) leaves that field of an
existing unit as it is.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congtin.core import table_import
from congtin.core.table_import import ParsedTable, TableColumns, checked_text, clean_text, fold_heading

from ..models import Unit

COLUMNS = (
    "code",
    "name",
    "parent",
    "level",
    "district",
    "secretary_name",
    "secretary_email",
    "secretary_phone",
    "bridge_point_code",
    "weight",
)
REQUIRED_COLUMNS = ("code", "name")
COLUMN_LABELS = {
    "code": gettext_lazy("mã đơn vị"),
    "name": gettext_lazy("tên đơn vị"),
    "parent": gettext_lazy("mã đơn vị cấp trên"),
    "level": gettext_lazy("cấp"),
    "district": gettext_lazy("quận/huyện"),
    "secretary_name": gettext_lazy("họ tên Bí thư"),
    "secretary_email": gettext_lazy("thư điện tử của Bí thư"),
    "secretary_phone": gettext_lazy("điện thoại của Bí thư"),
    "bridge_point_code": gettext_lazy("mã điểm cầu"),
    "weight": gettext_lazy("trọng số"),
}
HEADER_NAMES = {
    "code": {"code", "ma", "ma don vi", "ma dv", "unit code"},
    "name": {"name", "ten", "ten don vi", "don vi", "unit", "unit name"},
    "parent": {
        "parent",
        "parent code",
        "ma don vi cap tren",
        "ma cap tren",
        "don vi cap tren",
        "cap tren",
        "truc thuoc",
        "ma don vi truc thuoc",
    },
    "level": {"level", "cap", "cap don vi", "loai", "loai don vi", "cap bo"},
    "district": {"district", "quan huyen", "quan", "huyen", "dia ban", "huyen quan"},
    "secretary_name": {"secretary", "secretary name", "bi thu", "ho ten bi thu", "ten bi thu", "ho va ten bi thu"},
    "secretary_email": {
        "email",
        "e mail",
        "secretary email",
        "thu dien tu",
        "email bi thu",
        "thu dien tu cua bi thu",
        "thu dien tu bi thu",
    },
    "secretary_phone": {
        "phone",
        "secretary phone",
        "dien thoai",
        "so dien thoai",
        "sdt",
        "dt",
        "dien thoai bi thu",
        "dien thoai cua bi thu",
    },
    "bridge_point_code": {"bridge point", "bridge point code", "ma diem cau", "diem cau"},
    "weight": {"weight", "trong so"},
}
TABLE = TableColumns(COLUMNS, REQUIRED_COLUMNS, COLUMN_LABELS, HEADER_NAMES)
MAX_LENGTHS = {
    "code": 32,
    "name": 255,
    "parent": 32,
    "district": 255,
    "secretary_name": 255,
    "secretary_email": 254,
    "secretary_phone": 32,
    "bridge_point_code": 32,
}
MAX_ROWS = 5000
MAX_WEIGHT = 1000
# A level as typed, folded: the names the Youth Union uses for each rung of the tree.
LEVEL_NAMES = {
    Unit.Level.CITY: {"thanh doan", "tinh doan", "city"},
    Unit.Level.DISTRICT: {
        "quan doan",
        "huyen doan",
        "thi doan",
        "doan truc thuoc",
        "quan huyen doan",
        "quan doan huyen doan",
        "quan doan huyen doan doan truc thuoc",
        "district",
    },
    Unit.Level.GRASSROOTS: {"doan co so", "co so", "grassroots"},
    Unit.Level.BRANCH: {"chi doan", "chi doan co so", "branch"},
}
_LEVELS = {name: level for level, names in LEVEL_NAMES.items() for name in names}


@dataclass(frozen=True)
class UnitRow:
    """One valid unit from a list; `given` the columns the list has (the others are kept)."""

    code: str
    name: str
    parent: str = ""
    level: str = Unit.Level.GRASSROOTS
    district: str = ""
    secretary_name: str = ""
    secretary_email: str = ""
    secretary_phone: str = ""
    bridge_point_code: str = ""
    weight: int = 1
    given: frozenset[str] = field(default=frozenset(COLUMNS), compare=False)
    number: int = field(default=0, compare=False)  # its row in the list, for check_tree's errors


@dataclass(frozen=True)
class ImportCounts:
    created: int
    updated: int


class UnitImportError(ValueError):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


def parse_upload(filename: str, data: bytes) -> ParsedTable:
    return table_import.parse_table(lambda: table_import.read_upload(filename, data, TABLE), _check_records)


def parse_text(text: str) -> ParsedTable:
    """Rows pasted from a spreadsheet (tab-separated) or CSV text (comma or semicolon)."""
    return table_import.parse_table(lambda: table_import.read_text(text, TABLE), _check_records)


def parse_records(records, key: str = "units") -> ParsedTable:
    """JSON objects such as {"code": "QD1", "name": "...", "parent": "TD", "level": "Quận đoàn"};
    numbered from 1 in list order."""
    return table_import.parse_json_records(
        records,
        TABLE,
        _check_records,
        row_label=_("Đơn vị thứ"),
        not_a_list=_("“%(key)s” phải là một mảng JSON [...].") % {"key": key},
        not_an_object=_("mỗi đơn vị phải là một đối tượng JSON {...}"),
    )


def _check_records(numbered_records, row_label) -> ParsedTable:
    parsed = table_import.check_records(
        numbered_records,
        _row,
        row_label=row_label,
        key=lambda row: row.code.casefold(),
        duplicate=lambda row, first: _("mã đơn vị “%(code)s” trùng với %(first)s") % {"code": row.code, "first": first},
        max_rows=MAX_ROWS,
        empty=_("Danh sách trống: không có đơn vị nào."),
        too_many=_("Danh sách có %(count)d đơn vị, nhiều hơn mức cho phép (%(limit)d)."),
    )
    # A parent given on a faulty row is still in the list: check_tree must not call it unknown.
    parsed.listed_keys = frozenset(
        clean_text(record.get("code")).casefold() for _number, record in numbered_records if record.get("code")
    )
    return parsed


def _row(number: int, record: dict) -> UnitRow:
    """A valid row, or ValueError naming (in Vietnamese) every fault of the row at once, so a
    list is mended in one round rather than one fault per upload."""
    faults: list[str] = []

    def check(read, *args):
        try:
            return read(*args)
        except ValueError as error:
            faults.append(str(error))
            return None

    values = {}
    for name, limit in MAX_LENGTHS.items():
        raw = record.get(name)
        if name == "secretary_phone":
            raw = _phone_cell(raw)
        text = check(checked_text, raw, COLUMN_LABELS[name], limit, name in REQUIRED_COLUMNS) or ""
        if any(unicodedata.category(ch) == "Cc" for ch in text):
            faults.append(_("%(label)s chứa ký tự điều khiển không hợp lệ") % {"label": COLUMN_LABELS[name]})
        values[name] = text
    if values["secretary_email"]:
        check(_checked_email, values["secretary_email"])
    if values["secretary_phone"]:
        values["secretary_phone"] = check(_checked_phone, values["secretary_phone"]) or ""
    if values["parent"] and values["parent"].casefold() == values["code"].casefold():
        faults.append(_("đơn vị “%(code)s” không thể là cấp trên của chính nó") % {"code": values["code"]})
    level = check(_level, record.get("level"))
    weight = check(_weight, record.get("weight"))
    if faults:
        raise ValueError("; ".join(faults))
    return UnitRow(**values, level=level, weight=weight, given=frozenset(record), number=number)


def _checked_email(email: str) -> str:
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValueError(_("thư điện tử “%(email)s” không hợp lệ") % {"email": email}) from error
    return email


def _level(value) -> str:
    text = clean_text(value)
    if not text:
        return Unit.Level.GRASSROOTS
    level = _LEVELS.get(fold_heading(text))
    if level is None:
        raise ValueError(
            _(
                "cấp “%(value)s” không rõ (chỉ nhận: Thành đoàn, Quận đoàn, Huyện đoàn, Đoàn trực thuộc, "
                "Đoàn cơ sở, Chi đoàn)"
            )
            % {"value": text}
        )
    return level


def _weight(value) -> int:
    if isinstance(value, bool):
        raise ValueError(_not_a_weight(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = clean_text(value)
        if text == "":
            return 1
        if not (text.isdecimal() and text.isascii()):
            raise ValueError(_not_a_weight(text))
        number = int(text)
    if not 0 <= number <= MAX_WEIGHT:
        raise ValueError(_not_a_weight(value))
    return number


def _not_a_weight(value) -> str:
    return _("trọng số phải là số nguyên từ 0 đến %(limit)d (đang là “%(value)s”)") % {
        "limit": MAX_WEIGHT,
        "value": value,
    }


def _phone_cell(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = clean_text(value)
        # A spreadsheet cell typed as a number drops the leading 0 of 0912 345 678.
        return "0" + digits if len(digits) == 9 else digits
    return value


def _checked_phone(phone: str) -> str:
    allowed = set("0123456789 .()-+")
    digit_count = sum(ch in "0123456789" for ch in phone)
    if not set(phone) <= allowed or "+" in phone[1:] or not 8 <= digit_count <= 15:
        raise ValueError(_("số điện thoại “%(phone)s” không hợp lệ") % {"phone": phone})
    return phone


# The tree: needs the units already saved -------------------------------------------------


def check_tree(parsed: ParsedTable) -> ParsedTable:
    """Add to `parsed` the errors of rows whose parent is neither in the list nor saved, and
    of rows that would make a cycle with the list's and the saved units' parents; any error
    and `parsed.rows` is emptied. Rows with faults of their own are left out, but a parent
    named on such a row counts as listed, so every error shows in one pass."""
    rows = parsed.rows if parsed.ok else parsed.valid_rows
    if not rows:
        return parsed
    saved = {code.casefold(): (code, parent) for code, parent in Unit.objects.values_list("code", "parent__code")}
    parent_of = {key: (parent or "").casefold() for key, (_code, parent) in saved.items()}
    for row in rows:
        if "parent" in row.given or row.code.casefold() not in parent_of:
            parent_of[row.code.casefold()] = row.parent.casefold()
    for row in rows:
        parent = parent_of[row.code.casefold()]
        if parent and parent not in parent_of:
            if parent in parsed.listed_keys:
                continue  # on a row with faults of its own, already named
            reason = _("không có đơn vị cấp trên mã “%(parent)s” (trong danh sách hay đã lưu)") % {"parent": row.parent}
            parsed.errors.append((row.number, reason))
            continue
        path, seen = [row.code], {row.code.casefold()}
        while parent:
            path.append(_display_code(parent, rows, saved))
            if parent in seen:
                reason = _("đơn vị cấp trên tạo thành vòng lặp (%(path)s)") % {"path": " → ".join(path)}
                parsed.errors.append((row.number, reason))
                break
            seen.add(parent)
            parent = parent_of.get(parent, "")
    if parsed.errors:
        parsed.errors.sort(key=lambda error: error[0] or 0)
        parsed.rows = []
    return parsed


def _display_code(key: str, rows, saved) -> str:
    for row in rows:
        if row.code.casefold() == key:
            return row.code
    return saved[key][0] if key in saved else key


def import_units(rows: list[UnitRow], row_label: str | None = None) -> ImportCounts:
    """Create or update units by code from checked rows, all or none, parents before
    children. Units missing from `rows` are kept. UnitImportError if the tree no longer
    holds (another import changed it meanwhile)."""
    with transaction.atomic():
        existing = {unit.code.casefold(): unit for unit in Unit.objects.select_for_update().order_by("pk")}
        checked = check_tree(ParsedTable(rows=list(rows), row_label=row_label or _("Dòng")))
        if not checked.ok:
            raise UnitImportError(checked.error_messages())
        created = updated = 0
        now = timezone.now()
        for row in _parents_first(rows):
            unit = existing.get(row.code.casefold())
            if unit is None:
                unit = Unit(code=row.code)
                created += 1
            else:
                updated += 1
            for name in COLUMNS:
                if name in ("code", "parent") or (unit.pk and name not in row.given):
                    continue
                setattr(unit, name, getattr(row, name))
            if "parent" in row.given or unit.pk is None:
                unit.parent = existing[row.parent.casefold()] if row.parent else None
            unit.updated_at = now
            unit.save()
            existing[row.code.casefold()] = unit
    return ImportCounts(created=created, updated=updated)


def _parents_first(rows: list[UnitRow]) -> list[UnitRow]:
    """Rows ordered so a row's parent in the list comes before it (check_tree ruled out cycles)."""
    by_code = {row.code.casefold(): row for row in rows}

    def depth(row: UnitRow) -> int:
        steps, seen = 0, {row.code.casefold()}
        while row.parent and row.parent.casefold() in by_code and row.parent.casefold() not in seen:
            row = by_code[row.parent.casefold()]
            seen.add(row.code.casefold())
            steps += 1
        return steps

    return sorted(rows, key=depth)
