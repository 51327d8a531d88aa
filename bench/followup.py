"""The follow-up board's benchmark (`make bench-followup`): what the organiser's board and its
XLSX export cost in queries at 56 units × 3 results and at a 500-unit tree × 10 programme tasks
(the counts must be equal), and the board's render time at 500 units against the raw queries
for the same rows, measured in the same run.

Builds a throwaway SQLite database (as bench/portal.py), then, through Django's test client and
full request stack (session, Wagtail admin, template):

  query counts   GET the board and the export once warm, counted with CaptureQueriesContext
  board p50/p95  --rounds renders of the 500-unit board (target: p95 ≤ 100 ms), cold (the kept
                 grid retired before each request, as after any write: the board built and
                 written whole) and warm (the grid kept by board/cache.py, as between writes)
  reference      the board's own queries (requirements, the unit tree, the target units, the
                 results, the follow-up tasks) run raw, values only, no Python on top: the floor
                 the database sets; the ratio says what building and rendering the grid adds.
                 Also the directives list, an admin page of the same chrome with no grid (the
                 session, the menu, Wagtail's base template): what any admin page costs here
  export         the 500-unit XLSX's time, once, for scale

Usage: bench/followup.py [--rounds 100]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["CONGTIN_VAR_DIR"] = tempfile.mkdtemp(prefix="congtin-bench-followup-")
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "congtin.settings.test"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from congtin import pagecache  # noqa: E402
from congtin.followup.board.cache import BOARD_VERSION  # noqa: E402
from congtin.followup.models import (  # noqa: E402
    FollowUpTask,
    ProgrammeTask,
    ProgressReport,
    Requirement,
    Result,
    StudySession,
    Unit,
)
from tests.followup.support import make_city_staff, make_directive, make_tree  # noqa: E402

SENT = datetime(2026, 7, 20, 3, 0, tzinfo=UTC)
LATE = datetime(2026, 8, 20, 3, 0, tzinfo=UTC)
TARGET_P95_MS = 100.0


def build(label: str, districts: int, grassroots: int, tasks_per_unit: int):
    """A tree (city › districts › grassroots), a directive for every unit below the city, a mix
    of results sent on time, late and not at all, a study session per unit, `tasks_per_unit`
    programme tasks each with a progress report, and one follow-up task per unit."""
    units = make_tree(districts=districts, grassroots=grassroots, prefix=label)[1:]
    future = timezone.localdate() + timedelta(days=60)
    directive = make_directive(units, due=(date(2026, 7, 31), date(2026, 8, 15), future), title=f"Văn bản {label}")
    results = list(Result.objects.filter(requirement__directive=directive).select_related("requirement"))
    for index, result in enumerate(results):
        if index % 3 == 0:
            result.state, result.completed_at, result.versions = Result.State.SUBMITTED, SENT, 1
        elif index % 3 == 1 and result.requirement.kind == Requirement.Kind.STUDY:
            result.state, result.completed_at, result.versions = Result.State.ACCEPTED, LATE, 1
    Result.objects.bulk_update(results, ["state", "completed_at", "versions"], batch_size=500)
    StudySession.objects.bulk_create(
        StudySession(
            directive=directive,
            unit=unit,
            held_on=date(2026, 7, 15),
            title="Học tập, quán triệt",
            reached_secretaries=2,
            reached_branch_secretaries=8,
            reached_cadres=3,
            reached_members=120,
            reported_at=SENT,
        )
        for unit in units
    )
    programmes = [r for r in results if r.requirement.kind == Requirement.Kind.PROGRAMME]
    tasks = ProgrammeTask.objects.bulk_create(
        (
            ProgrammeTask(result=programme, content=f"Nhiệm vụ {n}", due_on=date(2026, 10, 31), sort_order=n)
            for programme in programmes
            for n in range(tasks_per_unit)
        ),
        batch_size=1000,
    )
    ProgressReport.objects.bulk_create(
        (
            ProgressReport(
                programme_task=task,
                status=ProgressReport.TaskStatus.DONE if n % 4 == 0 else ProgressReport.TaskStatus.IN_PROGRESS,
                percent=100 if n % 4 == 0 else 50,
                reported_at=SENT,
            )
            for n, task in enumerate(tasks)
        ),
        batch_size=1000,
    )
    FollowUpTask.objects.bulk_create(
        FollowUpTask(directive=directive, unit=unit, title="Trả lời kiến nghị", due_on=date(2026, 8, 31))
        for unit in units
    )
    return directive, len(units), len(tasks)


def retire_kept_boards() -> None:
    pagecache.new_version(BOARD_VERSION)


def counted(client, url, cold: bool = True) -> tuple[int, int]:
    client.get(url)  # warm
    if cold:
        retire_kept_boards()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), len(response.content)


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)]


def timed(call, rounds: int, before=None) -> tuple[float, float]:
    """p50/p95 of `call` in ms; `before` runs ahead of each call, outside the time measured."""
    for _ in range(3):
        call()
    samples = []
    for _ in range(rounds):
        if before is not None:
            before()
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def raw_board_queries(directive) -> None:
    """The rows the board reads, fetched raw (values only, nothing built on top)."""
    list(directive.requirements.values_list("pk", "kind", "title", "due_on", "weight"))
    list(Unit.objects.values_list("pk", "parent_id", "code", "name", "level", "district", "weight"))
    list(directive.units.values_list("pk", flat=True))
    list(
        Result.objects.filter(requirement__directive=directive).values_list(
            "pk", "requirement_id", "unit_id", "state", "completed_at"
        )
    )
    list(FollowUpTask.objects.filter(directive=directive).values_list("unit_id", "due_on", "completed_at"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "100")))
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    small, small_units, small_tasks = build("S", districts=8, grassroots=6, tasks_per_unit=3)
    large, large_units, large_tasks = build("L", districts=20, grassroots=24, tasks_per_unit=10)
    built = time.perf_counter() - start
    client = Client()
    client.force_login(make_city_staff())
    print(f"command: .venv/bin/python bench/followup.py --rounds {args.rounds}   (SQLite, {connection.vendor})")
    print(
        f"data: {small_units} units × 3 results ({small_tasks} tasks) and {large_units} units × 3 results "
        f"({large_tasks} tasks, 10 per programme), built in {built:.1f} s"
    )

    print(f"\n{'page':34} {'units':>6} {'queries':>8} {'bytes':>10}")
    counts = {}
    for name in ("followup:board", "followup:board_export"):
        for directive, size in ((small, small_units), (large, large_units)):
            queries, size_bytes = counted(client, reverse(name, args=[directive.pk]))
            counts[(name, size)] = queries
            print(f"{name:34} {size:6d} {queries:8d} {size_bytes:10d}")
    for name in ("followup:board", "followup:board_export"):
        equal = counts[(name, small_units)] == counts[(name, large_units)]
        print(f"{name}: query count constant in units: {'yes' if equal else 'NO'}")
    warm_queries, _size = counted(client, reverse("followup:board", args=[large.pk]), cold=False)
    print(f"followup:board with its grid kept (warm), {large_units} units: {warm_queries} queries")

    board_url = reverse("followup:board", args=[large.pk])
    board_p50, board_p95 = timed(lambda: client.get(board_url), args.rounds, before=retire_kept_boards)
    warm_p50, warm_p95 = timed(lambda: client.get(board_url), args.rounds)
    raw_p50, raw_p95 = timed(lambda: raw_board_queries(large), args.rounds)
    list_url = reverse("followup:directives")
    chrome_p50, chrome_p95 = timed(lambda: client.get(list_url), args.rounds)
    export_url = reverse("followup:board_export", args=[large.pk])
    start = time.perf_counter()
    client.get(export_url)
    export_ms = (time.perf_counter() - start) * 1000
    print(f"\n{'at ' + str(large_units) + ' units':34} {'p50 ms':>8} {'p95 ms':>8}   ({args.rounds} rounds each)")
    print(f"{'board page, cold (grid built)':34} {board_p50:8.1f} {board_p95:8.1f}")
    print(f"{'board page, warm (grid kept)':34} {warm_p50:8.1f} {warm_p95:8.1f}")
    print(f"{'reference: its raw queries':34} {raw_p50:8.1f} {raw_p95:8.1f}")
    print(f"{'admin page without a grid (list)':34} {chrome_p50:8.1f} {chrome_p95:8.1f}")
    print(f"board / reference (p50): {board_p50 / raw_p50:.1f}x")
    grid_ms = board_p50 - chrome_p50 - raw_p50
    print(f"board − (list page + raw queries) (p50): {grid_ms:.1f} ms to build and write the grid")
    for label, p95 in (("cold", board_p95), ("warm", warm_p95)):
        verdict = "met" if p95 <= TARGET_P95_MS else "MISSED"
        print(f"target board p95 ≤ {TARGET_P95_MS:.0f} ms, {label}: {verdict} ({p95:.1f} ms)")
    print(f"XLSX export at {large_units} units ({large_tasks} tasks): {export_ms:.0f} ms (one request)")


if __name__ == "__main__":
    main()
