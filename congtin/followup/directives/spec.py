"""Setting up a directive from a JSON description: `followup_setup` (as `conference_setup`
does for a conference).

    {"reference", "title", "issued_on", "issued_by"?, "summary"?, "conference"?: slug,
     "units"?: "all" | "conference" | ["QD1", ...],
     "unit_records"?: [{"code", "name", "parent"?, "level"?, ...}],
     "requirements"?: [{"kind": "study"|"programme"|"progress", "title", "due_on", "weight"?}],
     "progress"?: {"from": "8/2026", "to": "12/2026", "day": 5, "weight"?}}

The directive is found by `reference` (số, ký hiệu): running it again updates it, requirements
by title, and makes nothing twice. "unit_records" are imported first (the unit import: by
code), so "units" may name them. A key left out leaves that part as it is.
`parse_spec` checks the shape (no database); `apply_spec` saves all of it or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from congtin.conferences.models import Conference
from congtin.conferences.programme.spec import SpecError
from congtin.core.table_import import checked_text, unknown_keys

from ..models import Directive, Requirement, Result, Unit
from ..units.unit_import import UnitImportError, UnitRow, import_units, parse_records
from .building import (
    ProgressSchedule,
    RequirementSpec,
    build_directive,
    default_units,
    parse_month,
    schedule_errors,
    units_for_conference,
)

__all__ = ["DirectiveSpec", "SpecError", "apply_spec", "parse_spec"]

TOP_LEVEL_KEYS = {
    "reference",
    "title",
    "issued_on",
    "issued_by",
    "summary",
    "conference",
    "units",
    "unit_records",
    "requirements",
    "progress",
}
REQUIREMENT_KEYS = {"kind", "title", "due_on", "weight"}
PROGRESS_KEYS = {"from", "to", "day", "weight"}
UNITS_ALL, UNITS_CONFERENCE = "all", "conference"


@dataclass(frozen=True)
class DirectiveSpec:
    reference: str
    title: str
    issued_on: date
    issued_by: str | None = None
    summary: str | None = None
    conference: str | None = None  # a slug
    units: str | list[str] | None = None  # "all", "conference", codes; None: keep
    unit_records: list[UnitRow] | None = None
    requirements: list[RequirementSpec] | None = None
    progress: ProgressSchedule | None = None


def parse_spec(data) -> DirectiveSpec:
    """A checked description, or SpecError listing everything wrong with it."""
    if not isinstance(data, dict):
        raise SpecError([_("Tệp phải chứa một đối tượng JSON {...}.")])
    errors: list[str] = []
    if unknown := sorted(set(data) - TOP_LEVEL_KEYS):
        errors.append(_sentence(unknown_keys(unknown, sorted(TOP_LEVEL_KEYS))))
    reference = _text(data, "reference", _("số, ký hiệu văn bản"), 64, errors, required=True)
    title = _text(data, "title", _("tên văn bản chỉ đạo"), 255, errors, required=True)
    issued_on = _date(data.get("issued_on"), "“issued_on”", errors)
    issued_by = _text(data, "issued_by", _("cơ quan ban hành"), 255, errors) if "issued_by" in data else None
    summary = _text(data, "summary", _("nội dung yêu cầu"), 10000, errors) if "summary" in data else None
    conference = None
    if "conference" in data:
        conference = data["conference"]
        if not isinstance(conference, str) or not conference.strip():
            errors.append(_("“conference” phải là slug của một hội nghị, ví dụ “hoi-nghi-giua-nam”."))
    units = data.get("units")
    if units is not None and units not in (UNITS_ALL, UNITS_CONFERENCE):
        if not isinstance(units, list) or not all(isinstance(code, str) and code.strip() for code in units):
            errors.append(_('“units” phải là “all”, “conference” hoặc một mảng mã đơn vị ["QD1", ...].'))
        else:
            units = [code.strip() for code in units]
    if units == UNITS_CONFERENCE and not conference:
        errors.append(_("“units” là “conference” thì phải có “conference”."))
    unit_records = None
    if "unit_records" in data:
        parsed = parse_records(data["unit_records"], key="unit_records")
        errors.extend(parsed.error_messages())
        unit_records = parsed.rows
    requirements = _requirements(data["requirements"], errors) if "requirements" in data else None
    progress = _progress(data["progress"], errors) if "progress" in data else None
    if errors:
        raise SpecError(errors)
    return DirectiveSpec(
        reference=reference,
        title=title,
        issued_on=issued_on,
        issued_by=issued_by,
        summary=summary,
        conference=conference,
        units=units,
        unit_records=unit_records,
        requirements=requirements,
        progress=progress,
    )


def apply_spec(spec: DirectiveSpec) -> Directive:
    """Create or update the directive `spec` describes (found by reference), all of it or
    nothing; SpecError when it names a conference or unit that does not exist."""
    with transaction.atomic():
        if spec.unit_records:
            try:
                import_units(spec.unit_records, row_label=_("Đơn vị thứ"))
            except UnitImportError as error:
                raise SpecError(error.messages) from error
        conference = None
        if spec.conference:
            conference = Conference.objects.filter(slug=spec.conference).first()
            if conference is None:
                raise SpecError([_("Không có hội nghị “%(slug)s” (“conference”).") % {"slug": spec.conference}])
        directive = Directive.objects.select_for_update().filter(reference=spec.reference).order_by("pk").first()
        directive = directive or Directive(reference=spec.reference)
        directive.title, directive.issued_on = spec.title, spec.issued_on
        for name in ("issued_by", "summary"):
            if getattr(spec, name) is not None:
                setattr(directive, name, getattr(spec, name))
        if spec.conference is not None:
            directive.conference = conference
        return build_directive(
            directive, units=_units(spec, conference), requirements=spec.requirements, schedule=spec.progress
        )


def setup_summary(directive: Directive) -> dict:
    return {
        "directive": directive.pk,
        "reference": directive.reference,
        "units": directive.units.count(),
        "requirements": [
            {"kind": kind, "title": title, "due_on": due_on.isoformat()}
            for kind, title, due_on in directive.requirements.values_list("kind", "title", "due_on")
        ],
        "results": Result.objects.filter(requirement__directive=directive).count(),
    }


def _units(spec: DirectiveSpec, conference):
    if spec.units is None:
        return None
    if spec.units == UNITS_ALL:
        return default_units()
    if spec.units == UNITS_CONFERENCE:
        return units_for_conference(conference)
    found = {unit.code: unit for unit in Unit.objects.filter(code__in=spec.units)}
    if missing := [code for code in spec.units if code not in found]:
        raise SpecError([_("“units”: không có đơn vị mã %(codes)s.") % {"codes": ", ".join(missing)}])
    return list(found.values())


def _requirements(items, errors: list[str]) -> list[RequirementSpec]:
    if not isinstance(items, list):
        errors.append(_("“requirements” phải là một mảng JSON [...]."))
        return []
    requirements, titles = [], set()
    for number, item in enumerate(items, start=1):
        item_errors: list[str] = []
        if not isinstance(item, dict):
            errors.append(_item_error(number, _("phải là một đối tượng JSON {...}.")))
            continue
        if unknown := sorted(set(item) - REQUIREMENT_KEYS):
            item_errors.append(_sentence(unknown_keys(unknown, sorted(REQUIREMENT_KEYS))))
        kind = item.get("kind")
        if kind not in Requirement.Kind.values:
            message = _("“kind” phải là một trong %(values)s, đang là %(value)s.")
            item_errors.append(message % {"values": ", ".join(Requirement.Kind.values), "value": _shown(kind)})
        title = _text(item, "title", _("tên kết quả"), 255, item_errors, required=True)
        if title and title in titles:
            item_errors.append(_("“title” “%(title)s” đã dùng cho một kết quả trước.") % {"title": title})
        titles.add(title)
        due_on = _date(item.get("due_on"), "“due_on”", item_errors)
        weight = _weight(item.get("weight", 1), item_errors)
        errors.extend(_item_error(number, message[0].lower() + message[1:]) for message in item_errors)
        if not item_errors:
            requirements.append(RequirementSpec(kind=kind, title=title, due_on=due_on, weight=weight))
    return requirements


def _progress(value, errors: list[str]) -> ProgressSchedule | None:
    if not isinstance(value, dict):
        errors.append(_('“progress” phải là một đối tượng JSON {"from": "8/2026", "to": "12/2026", "day": 5}.'))
        return None
    if unknown := sorted(set(value) - PROGRESS_KEYS):
        errors.append(_sentence(unknown_keys(unknown, sorted(PROGRESS_KEYS))))
    start, end, day = parse_month(value.get("from")), parse_month(value.get("to")), value.get("day")
    problems = schedule_errors(start, end, day)
    weight = _weight(value.get("weight", 1), problems)
    errors.extend(f"“progress”: {problem[0].lower()}{problem[1:]}" for problem in problems)
    return None if problems else ProgressSchedule(start=start, end=end, day=day, weight=weight)


def _item_error(number: int, message: str) -> str:
    return _("Kết quả yêu cầu thứ %(number)d: %(message)s") % {"number": number, "message": message}


def _text(data: dict, key: str, meaning: str, limit: int, errors: list, required: bool = False) -> str:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        errors.append(_("“%(key)s” (%(meaning)s) phải là chuỗi văn bản.") % {"key": key, "meaning": meaning})
        return ""
    try:
        text = checked_text(value, f"“{key}” ({meaning})", limit, required=required)
    except ValueError as error:
        errors.append(_sentence(str(error)))
        return ""
    if "\x00" in text:
        errors.append(_("“%(key)s” chứa ký tự không hợp lệ.") % {"key": key})
    return text


def _date(value, name: str, errors: list) -> date | None:
    try:
        parsed = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None:
        message = _("%(name)s phải là ngày dạng YYYY-MM-DD, ví dụ 2026-07-31, đang là %(value)s.")
        errors.append(message % {"name": name, "value": _shown(value)})
    return parsed


def _weight(value, errors: list) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
        errors.append(_("“weight” phải là số nguyên từ 0 đến 1000, đang là %(value)s.") % {"value": _shown(value)})
        return 1
    return value


def _sentence(reason: str) -> str:
    return f"{reason[0].upper()}{reason[1:]}."


def _shown(value) -> str:
    return _("trống") if value is None else f"“{value}”"
