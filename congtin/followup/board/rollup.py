"""Progress rolled up the unit tree, as Decidim's accountability and OpenProject weigh it.

The rule, in numbers a person can redo by hand:

- a result's progress is 100 when a version of it stands (`Result.completed_at` is set: sent and
  not returned), else 0. A progress round counts the same way: the round is the report the
  directive asked for, sent or not; how far each programme task has gone is the programme
  sheet's business, not the round's (a unit that reports 90% on every task but never sends the
  round has not done what was asked);
- a unit's own progress is the mean of its results' progress weighted by the required result's
  `Requirement.weight` (weights 1, 1, 2 with only the last one done: 2 / 4 = 50%);
- a unit's rolled-up progress is the mean of the own progress of every target unit in its
  subtree (itself included when it is a target), weighted by `Unit.weight`: a parent that is not
  itself asked for anything takes its figure from the units below it only.

A weight of 0 leaves an item out; with nothing left to weigh the progress is None ("—").
Pure functions over plain data: the board, the export and the tests call them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

DONE = 100.0
NOT_DONE = 0.0


def result_progress(completed_at: object) -> float:
    """100 when a version stands, else 0."""
    return DONE if completed_at is not None else NOT_DONE


def weighted_mean(pairs: Iterable[tuple[float, int]]) -> float | None:
    """The mean of (value, weight) pairs weighted by weight; None when the weights add up to 0."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum else None


def unit_progress(results: Iterable[tuple[object, int]]) -> float | None:
    """A unit's own progress from its results as (completed_at, requirement weight) pairs."""
    return weighted_mean((result_progress(completed_at), weight) for completed_at, weight in results)


def roll_up(
    parents: Mapping[int, int | None], weights: Mapping[int, int], own: Mapping[int, float | None]
) -> dict[int, float | None]:
    """Every unit's rolled-up progress: {unit id: weighted mean of its subtree's targets}.

    `parents` maps each unit of the tree to its parent's id, `weights` each unit to its
    `Unit.weight`, `own` each target unit to its own progress (None: nothing to weigh, left out).
    A unit with no target below it is absent from the answer."""
    sums: dict[int, list[float]] = {}
    for unit_id, progress in own.items():
        if progress is None:
            continue
        weight = weights.get(unit_id, 1)
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and current not in seen:  # a cycle in bad data ends here
            seen.add(current)
            entry = sums.setdefault(current, [0.0, 0.0])
            entry[0] += progress * weight
            entry[1] += weight
            current = parents.get(current)
    return {unit_id: (total / weight_sum if weight_sum else None) for unit_id, (total, weight_sum) in sums.items()}
