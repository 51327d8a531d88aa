"""Setting up a conference from a JSON description: `conference_setup` and the demo.

    {"slug", "title", "starts_at", "ends_at", "organiser"?, "description"?, "status"?,
     "agenda"?: [{"title", "presenter"?, "planned_start"?}],
     "bridge_points"?: [{"code", "name", "district"?, "address"?, "coordinator"?, "phone"?, "expected"?}]}

Running it again with the same description changes nothing: the conference is found by
`slug`, agenda items by position, bridge points by `code` (their tokens never change).
A key left out leaves that part as it is; bridge points are never deleted, since their
attendance would go with them.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from congtin.core.params import iso_datetime

from ..models import AgendaItem, Conference
from ..text import checked_text
from .bridge_import import BridgePointRow, parse_records, unknown_keys

TOP_LEVEL_KEYS = {
    "slug",
    "title",
    "starts_at",
    "ends_at",
    "organiser",
    "description",
    "status",
    "agenda",
    "bridge_points",
}
AGENDA_KEYS = {"title", "presenter", "planned_start"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class SpecError(ValueError):
    """A description that cannot become a conference; `messages` says every reason, in Vietnamese."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class AgendaSpec:
    title: str
    presenter: str = ""
    planned_start: datetime | None = None


@dataclass(frozen=True)
class ConferenceSpec:
    slug: str
    title: str
    starts_at: datetime
    ends_at: datetime
    organiser: str | None = None
    description: str | None = None
    status: str | None = None
    agenda: list[AgendaSpec] | None = None  # None: keep the agenda as it is
    bridge_points: list[BridgePointRow] | None = None  # None: keep the bridge points as they are


def parse_spec(data) -> ConferenceSpec:
    """A checked description, or SpecError listing everything wrong with it."""
    if not isinstance(data, dict):
        raise SpecError([_("Tệp phải chứa một đối tượng JSON {...}.")])
    errors = []
    if unknown := sorted(set(data) - TOP_LEVEL_KEYS):
        errors.append(_sentence(unknown_keys(unknown, sorted(TOP_LEVEL_KEYS))))

    slug = data.get("slug")
    if not isinstance(slug, str) or not _SLUG.match(slug) or len(slug) > 80:
        message = _(
            "“slug” phải là chuỗi chữ thường không dấu, số và dấu gạch ngang, tối đa 80 ký tự "
            "(ví dụ: hoi-nghi-giua-nam), đang là %(value)s."
        )
        errors.append(message % {"value": _shown(slug)})
    title = _required_text(data, "title", _("tên hội nghị"), errors)
    starts_at = _datetime(data.get("starts_at"), "“starts_at”", errors, required=True)
    ends_at = _datetime(data.get("ends_at"), "“ends_at”", errors, required=True)
    if starts_at and ends_at and ends_at <= starts_at:
        errors.append(_("“ends_at” phải sau “starts_at”."))
    status = data.get("status")
    if status is not None and status not in Conference.Status.values:
        message = _("“status” phải là một trong %(values)s, đang là %(value)s.")
        errors.append(message % {"values": ", ".join(Conference.Status.values), "value": _shown(status)})
    for key in ("organiser", "description"):
        if data.get(key) is not None and not isinstance(data[key], str):
            errors.append(_("“%(key)s” phải là chuỗi văn bản.") % {"key": key})

    agenda = _agenda(data["agenda"], errors) if "agenda" in data else None
    bridge_points = None
    if "bridge_points" in data:
        parsed = parse_records(data["bridge_points"]) if data["bridge_points"] != [] else None
        if parsed and not parsed.ok:
            errors.extend(parsed.error_messages())
        bridge_points = parsed.rows if parsed else []

    if errors:
        raise SpecError(errors)
    return ConferenceSpec(
        slug=slug,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        organiser=data.get("organiser"),
        description=data.get("description"),
        status=status,
        agenda=agenda,
        bridge_points=bridge_points,
    )


def apply_spec(spec: ConferenceSpec) -> Conference:
    """Create or update the conference `spec` describes, all of it or nothing."""
    with transaction.atomic():
        conference = Conference.objects.select_for_update().filter(slug=spec.slug).first() or Conference(slug=spec.slug)
        conference.title = spec.title
        conference.starts_at = spec.starts_at
        conference.ends_at = spec.ends_at
        for field in ("organiser", "description", "status"):
            if getattr(spec, field) is not None:
                setattr(conference, field, getattr(spec, field))
        conference.save()
        if spec.agenda is not None:
            _replace_agenda(conference, spec.agenda)
        if spec.bridge_points:
            conference.import_bridge_points(spec.bridge_points)
    return conference


def setup_summary(conference: Conference) -> dict:
    """What a script needs next: where the encoder publishes, the organiser's page, and
    each bridge point's join link."""
    return {
        "publish_url": conference.publish_url,
        "dashboard_url": conference.dashboard_url,
        "bridge_points": [
            {"code": point.code, "join_url": point.join_url} for point in conference.active_bridge_points()
        ],
    }


def _replace_agenda(conference: Conference, items: list[AgendaSpec]) -> None:
    """Make the agenda exactly `items`, reusing existing items by position so questions
    and the current topic keep pointing at the same rows."""
    existing = list(AgendaItem.objects.filter(conference=conference).order_by("sort_order", "pk"))
    for position, item in enumerate(items):
        agenda_item = existing[position] if position < len(existing) else AgendaItem(conference=conference)
        agenda_item.sort_order = position
        agenda_item.title = item.title
        agenda_item.presenter = item.presenter
        agenda_item.planned_start = item.planned_start
        agenda_item.save()
    AgendaItem.objects.filter(pk__in=[item.pk for item in existing[len(items) :]]).delete()


def _agenda(items, errors) -> list[AgendaSpec]:
    if not isinstance(items, list):
        errors.append(_("“agenda” phải là một mảng JSON [...]."))
        return []
    agenda = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.append(_agenda_item_error(number, _("phải là một đối tượng JSON {...}.")))
            continue
        if unknown := sorted(set(item) - AGENDA_KEYS):
            errors.append(_agenda_item_error(number, unknown_keys(unknown, sorted(AGENDA_KEYS)) + "."))
        item_errors = []
        title = _required_text(item, "title", _("tên chuyên đề"), item_errors)
        presenter = item.get("presenter") or ""
        if not isinstance(presenter, str):
            item_errors.append(_("“presenter” phải là chuỗi văn bản."))
        planned_start = _datetime(item.get("planned_start"), "“planned_start”", item_errors, required=False)
        errors.extend(_agenda_item_error(number, message[0].lower() + message[1:]) for message in item_errors)
        if not item_errors:
            agenda.append(AgendaSpec(title=title, presenter=presenter.strip(), planned_start=planned_start))
    return agenda


def _agenda_item_error(number: int, message: str) -> str:
    return _("Chuyên đề thứ %(number)d: %(message)s") % {"number": number, "message": message}


def _required_text(data: dict, key: str, meaning: str, errors: list) -> str:
    """`checked_text` of a string value (255 characters at most); anything else is missing."""
    value = data.get(key)
    try:
        return checked_text(value if isinstance(value, str) else None, f"“{key}” ({meaning})", 255, required=True)
    except ValueError as error:
        errors.append(_sentence(str(error)))
        return ""


def _sentence(reason: str) -> str:
    """A reason as `checked_text` and `unknown_keys` say it ("thiếu …") as a sentence of its own."""
    return f"{reason[0].upper()}{reason[1:]}."


def _datetime(value, name: str, errors: list, required: bool) -> datetime | None:
    """An aware datetime from ISO 8601; a time without an offset is local (Asia/Ho_Chi_Minh)."""
    if value is None and not required:
        return None
    parsed = iso_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        message = _("%(name)s phải là thời gian ISO 8601, ví dụ 2025-06-25T08:00:00+07:00, đang là %(value)s.")
        errors.append(message % {"name": name, "value": _shown(value)})
    return parsed


def _shown(value) -> str:
    return _("trống") if value is None else f"“{value}”"
