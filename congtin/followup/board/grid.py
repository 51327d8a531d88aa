"""The organiser's board as data: the directive's units in tree order × its required results
(and the units' follow-up tasks), each cell's standing, the rolled-up progress and the column
totals. A fixed number of queries whatever the number of units (the tree is read whole, once);
the view, the XLSX export and the benchmark share it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import status
from ..models import Directive, FollowUpTask, Requirement, Result, Unit
from ..status import Standing
from . import rollup

# What a cell says, in words (never colour alone), in the order totals list them.
STANDING_WORDS = {
    Standing.ON_TIME: gettext_lazy("Đúng hạn"),
    Standing.LATE: gettext_lazy("Trễ hạn"),
    Standing.WITHIN: gettext_lazy("Trong hạn"),
    Standing.OVERDUE: gettext_lazy("Quá hạn"),
}
STATE_LABELS = dict(Result.State.choices)
SENTINEL_PK = 987654321  # reversed once, then replaced: one reverse() per board, not per cell


def url_maker(name: str, *fixed) -> Callable[[object], str]:
    """A function pk → the URL named `name` (with `fixed` arguments first)."""
    head, tail = reverse(name, args=[*fixed, SENTINEL_PK]).rsplit(str(SENTINEL_PK), 1)
    return lambda pk: f"{head}{pk}{tail}"


class BadFilter(ValueError):
    """A filter value the board does not offer; its message is shown to the person (400)."""


@dataclass(frozen=True)
class Filters:
    district: str = ""
    level: str = ""
    kind: str = ""
    standing: str = ""

    @property
    def active(self) -> bool:
        return any((self.district, self.level, self.kind, self.standing))

    @classmethod
    def from_query(cls, query: Mapping[str, str], districts: list[str]) -> Filters:
        """The filters of a GET query; a value the board does not offer raises BadFilter."""
        values = {name: (query.get(name) or "").strip() for name in ("district", "level", "kind", "standing")}
        checks = (
            ("district", districts, _("Không có quận/huyện “%(value)s” trong các đơn vị của văn bản này.")),
            ("level", Unit.Level.values, _("Cấp đơn vị “%(value)s” không có.")),
            ("kind", Requirement.Kind.values, _("Loại kết quả “%(value)s” không có.")),
            ("standing", Standing.values, _("Tình trạng “%(value)s” không có.")),
        )
        for name, allowed, message in checks:
            if values[name] and values[name] not in allowed:
                raise BadFilter(message % {"value": values[name][:80]})
        return cls(**values)


@dataclass(slots=True)
class Cell:
    result_id: int
    standing: Standing
    state: str
    completed_at: datetime | None
    url: str | None

    @property
    def words(self) -> str:
        return str(STANDING_WORDS[self.standing])

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass(slots=True)
class TaskSummary:
    """A unit's follow-up tasks: how many, done, and by standing."""

    total: int = 0
    done: int = 0
    standings: Counter = field(default_factory=Counter)

    @property
    def overdue(self) -> int:
        return self.standings[Standing.OVERDUE]


@dataclass(slots=True)
class Row:
    unit_id: int
    code: str
    name: str
    level: str
    district: str
    depth: int
    is_target: bool
    cells: list[Cell | None]  # one per column; None where the unit has no such result
    tasks: TaskSummary
    progress: float | None  # rolled up over the shown target units of its subtree
    done_below: list[tuple[int, int]] = field(default_factory=list)  # group rows: (done, asked) per column

    @property
    def progress_text(self) -> str:
        return "—" if self.progress is None else f"{round(self.progress)}%"


@dataclass(slots=True)
class Column:
    requirement: Requirement
    totals: Counter  # Standing → number of shown target units

    def total_items(self) -> list[tuple[str, str, int]]:
        return [(value, str(STANDING_WORDS[value]), self.totals[value]) for value in Standing]


@dataclass(slots=True)
class Board:
    directive: Directive
    columns: list[Column]
    rows: list[Row]
    task_totals: Counter
    districts: list[str]
    filters: Filters
    target_count: int
    progress: float | None  # the whole shown set, weighted as a root would be

    def task_total_items(self) -> list[tuple[str, str, int]]:
        return [(value, str(STANDING_WORDS[value]), self.task_totals[value]) for value in Standing]


def directive_districts(directive: Directive) -> list[str]:
    return sorted({d for d in directive.units.values_list("district", flat=True) if d})


def build_board(
    directive: Directive, filters: Filters | None = None, now: datetime | None = None, districts=None
) -> Board:
    """The board of `directive` (5 queries: requirements, the unit tree, the target units, the
    results, the follow-up tasks; one more for the districts when not given)."""
    filters = filters or Filters()
    now = now or timezone.now()
    if districts is None:
        districts = directive_districts(directive)
    requirements = list(directive.requirements.all())
    if filters.kind:
        requirements = [r for r in requirements if r.kind == filters.kind]
    tree = {
        pk: (parent_id, code, name, level, district, weight)
        for pk, parent_id, code, name, level, district, weight in Unit.objects.values_list(
            "pk", "parent_id", "code", "name", "level", "district", "weight"
        )
    }
    targets = set(directive.units.values_list("pk", flat=True))
    column_of = {r.pk: index for index, r in enumerate(requirements)}
    weight_of = {r.pk: r.weight for r in requirements}
    due_of = {r.pk: r.due_on for r in requirements}
    result_url = url_maker("followup:result")
    standings: dict[tuple, Standing] = {}  # a pending cell's standing depends on its column only
    cells: dict[int, list[Cell | None]] = {}
    completions: dict[int, list[tuple[object, int]]] = {}
    for pk, requirement_id, unit_id, state, completed_at in Result.objects.filter(
        requirement__directive=directive
    ).values_list("pk", "requirement_id", "unit_id", "state", "completed_at"):
        if unit_id not in targets or requirement_id not in column_of:
            continue
        key = (requirement_id, completed_at)
        standing = standings.get(key)
        if standing is None:
            standing = standings[key] = status.standing(due_of[requirement_id], completed_at, now)
        row_cells = cells.setdefault(unit_id, [None] * len(requirements))
        row_cells[column_of[requirement_id]] = Cell(pk, standing, state, completed_at, result_url(pk))
        completions.setdefault(unit_id, []).append((completed_at, weight_of[requirement_id]))
    tasks: dict[int, TaskSummary] = {}
    for unit_id, due_on, completed_at in FollowUpTask.objects.filter(directive=directive).values_list(
        "unit_id", "due_on", "completed_at"
    ):
        summary = tasks.setdefault(unit_id, TaskSummary())
        summary.total += 1
        summary.done += completed_at is not None
        summary.standings[status.standing(due_on, completed_at, now)] += 1

    def shown(unit_id: int) -> bool:
        _parent, _code, _name, level, district, _weight = tree[unit_id]
        if filters.district and district != filters.district:
            return False
        if filters.level and level != filters.level:
            return False
        if filters.standing:
            standings = {cell.standing for cell in cells.get(unit_id, ()) if cell is not None}
            if filters.kind == "" and unit_id in tasks:
                standings |= set(tasks[unit_id].standings)
            return filters.standing in standings
        return True

    shown_targets = {pk for pk in targets if pk in tree and shown(pk)}
    parents = {pk: entry[0] for pk, entry in tree.items()}
    weights = {pk: entry[5] for pk, entry in tree.items()}
    own = {pk: rollup.unit_progress(completions.get(pk, ())) for pk in shown_targets}
    rolled = rollup.roll_up(parents, weights, own)

    # The rows: the shown targets and every unit above them, depth first, children by code.
    visible: set[int] = set()
    for pk in shown_targets:
        current = pk
        while current is not None and current not in visible and current in tree:
            visible.add(current)
            current = parents[current]
    children: dict[int | None, list[int]] = {}
    for pk in visible:
        parent = parents[pk] if parents[pk] in visible else None
        children.setdefault(parent, []).append(pk)
    for siblings in children.values():
        siblings.sort(key=lambda pk: tree[pk][1])
    order: list[tuple[int, int]] = []
    stack = [(pk, 0) for pk in reversed(children.get(None, []))]
    while stack:
        pk, depth = stack.pop()
        order.append((pk, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(pk, [])))

    done_below: dict[int, list[list[int]]] = {}
    for pk in shown_targets:
        row_cells = cells.get(pk, [None] * len(requirements))
        current = parents[pk]
        while current is not None and current in visible:
            counts = done_below.setdefault(current, [[0, 0] for _ in requirements])
            for index, cell in enumerate(row_cells):
                if cell is not None:
                    counts[index][1] += 1
                    counts[index][0] += cell.standing in status.DONE
            current = parents[current]

    rows = []
    for pk, depth in order:
        _parent, code, name, level, district, _weight = tree[pk]
        is_target = pk in shown_targets
        rows.append(
            Row(
                unit_id=pk,
                code=code,
                name=name,
                level=level,
                district=district,
                depth=depth,
                is_target=is_target,
                cells=cells.get(pk, [None] * len(requirements)) if is_target else [None] * len(requirements),
                tasks=tasks.get(pk, TaskSummary()) if is_target else TaskSummary(),
                progress=rolled.get(pk),
                done_below=[tuple(pair) for pair in done_below.get(pk, [])],
            )
        )
    columns = []
    for index, requirement in enumerate(requirements):
        totals = Counter(
            cells[pk][index].standing for pk in shown_targets if pk in cells and cells[pk][index] is not None
        )
        columns.append(Column(requirement, totals))
    task_totals: Counter = Counter()
    for pk in shown_targets:
        if pk in tasks:
            task_totals.update(tasks[pk].standings)
    whole = rollup.weighted_mean((own[pk], weights[pk]) for pk in shown_targets if own[pk] is not None)
    return Board(
        directive=directive,
        columns=columns,
        rows=rows,
        task_totals=task_totals,
        districts=districts,
        filters=filters,
        target_count=len(shown_targets),
        progress=whole,
    )


def local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None
