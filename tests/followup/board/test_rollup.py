"""The roll-up rule (congtin.followup.board.rollup), with figures worked by hand."""

from datetime import UTC, datetime

import pytest

from congtin.followup.board.rollup import roll_up, unit_progress, weighted_mean

SENT = datetime(2026, 7, 20, tzinfo=UTC)


def test_a_units_progress_weighs_its_results_by_the_requirements_weight():
    # Weights 1, 1, 2; only the weight-2 result stands: 2 / 4 = 50%.
    assert unit_progress([(None, 1), (None, 1), (SENT, 2)]) == 50.0
    # The two weight-1 results stand: 2 / 4 = 50% too; all three: 100%; none: 0%.
    assert unit_progress([(SENT, 1), (SENT, 1), (None, 2)]) == 50.0
    assert unit_progress([(SENT, 1), (SENT, 1), (SENT, 2)]) == 100.0
    assert unit_progress([(None, 3)]) == 0.0


def test_weight_zero_leaves_an_item_out_and_nothing_to_weigh_is_none():
    assert unit_progress([(SENT, 0), (None, 1)]) == 0.0
    assert unit_progress([(SENT, 0)]) is None
    assert unit_progress([]) is None
    assert weighted_mean([(100, 1), (40, 4)]) == pytest.approx(52.0)  # (100 + 160) / 5


def test_a_parent_weighs_the_targets_of_its_subtree_by_unit_weight():
    # city ─ D1 (not asked) ─ G1 (weight 1, 100%)
    #      │                └ G2 (weight 3, 0%)
    #      └ D2 (asked, weight 2, 50%)
    city, d1, g1, g2, d2 = 1, 2, 3, 4, 5
    parents = {city: None, d1: city, g1: d1, g2: d1, d2: city}
    weights = {city: 1, d1: 1, g1: 1, g2: 3, d2: 2}
    rolled = roll_up(parents, weights, {g1: 100.0, g2: 0.0, d2: 50.0})
    assert rolled[g1] == 100.0
    assert rolled[g2] == 0.0
    assert rolled[d1] == pytest.approx(25.0)  # (100·1 + 0·3) / 4
    assert rolled[d2] == 50.0
    assert rolled[city] == pytest.approx(100 / 3)  # (100·1 + 0·3 + 50·2) / 6 = 33.3
    assert set(rolled) == {city, d1, g1, g2, d2}


def test_a_target_parent_counts_itself_with_the_units_below_it():
    # D (asked, weight 1, 100%) over G (weight 1, 0%): D's rolled-up figure is 50%.
    parents, weights = {10: None, 11: 10}, {10: 1, 11: 1}
    assert roll_up(parents, weights, {10: 100.0, 11: 0.0}) == {10: 50.0, 11: 0.0}


def test_units_with_nothing_to_weigh_below_them_are_absent():
    parents, weights = {1: None, 2: 1, 3: 1}, {1: 1, 2: 1, 3: 1}
    assert roll_up(parents, weights, {2: None, 3: 80.0}) == {1: 80.0, 3: 80.0}
    assert roll_up(parents, {1: 1, 2: 0, 3: 0}, {2: 100.0, 3: 80.0}) == {1: None, 2: None, 3: None}
