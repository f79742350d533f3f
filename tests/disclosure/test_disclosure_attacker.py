"""The attacker's programme and the capacity cuts derived from its dual (weak duality)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from destat.disclosure import Dimension, build_linked_tables
from destat.disclosure.attacker import max_deviation

FOUR_BY_FOUR = [[30, 47, 64, 89], [90, 124, 5, 31], [92, 100, 59, 85], [800, 991, 651, 685]]
HIDDEN = [("w", "a"), ("w", "b"), ("w", "c"), ("x", "a"), ("x", "b"), ("x", "c")]
HIDDEN += [("y", "b"), ("y", "d"), ("z", "b"), ("z", "d")]


def _four_by_four() -> pd.DataFrame:
    values = np.array(FOUR_BY_FOUR, dtype=float)
    records = [(r, c, values[i, j]) for i, r in enumerate("wxyz") for j, c in enumerate("abcd")]
    records += [(r, "_T", values[i].sum()) for i, r in enumerate("wxyz")]
    records += [("_T", c, values[:, j].sum()) for j, c in enumerate("abcd")]
    records.append(("_T", "_T", values.sum()))
    return pd.DataFrame.from_records(records, columns=["row", "col", "value"])


def test_cut_coefficients_sum_to_the_deviation_at_the_pattern_they_come_from() -> None:
    tables = build_linked_tables([_four_by_four()], [Dimension("row"), Dimension("col")], "value")
    index = {key: i for i, key in enumerate(tables.keys)}
    hidden = np.zeros(tables.n_cells, dtype=bool)
    hidden[[index[key] for key in HIDDEN]] = True
    w_b = index[("w", "b")]
    # w.b = 47 lies in [0, 141] (see the literature test): up by 94, down by 47.
    up, down = max_deviation(tables, hidden, w_b, +1), max_deviation(tables, hidden, w_b, -1)
    assert (up.amount, down.amount) == pytest.approx((94.0, 47.0))
    # Strong duality at the pattern itself: the cut is tight there.
    assert up.coefficients[hidden].sum() == pytest.approx(94.0)
    assert down.coefficients[hidden].sum() == pytest.approx(47.0)
    # Weak duality elsewhere: for any larger pattern the cut bounds the true deviation.
    rng = np.random.default_rng(7)
    for _ in range(20):
        larger = hidden | (rng.random(tables.n_cells) < 0.3)
        for direction, cut in ((+1, up), (-1, down)):
            actual = max_deviation(tables, larger, w_b, direction).amount
            assert actual <= cut.coefficients[larger].sum() + 1e-6


def test_fractional_pattern_scales_the_room_of_each_cell() -> None:
    # _T = a + b with a = 3, b = 7 and _T published: a can rise by b's room downwards (7).
    # With b only "half hidden", a can rise by 3.5.
    table = pd.DataFrame({"code": ["_T", "a", "b"], "value": [10.0, 3.0, 7.0]})
    tables = build_linked_tables([table], [Dimension("code")], "value")
    assert max_deviation(tables, np.array([0.0, 1.0, 1.0]), 1, +1).amount == pytest.approx(7.0)
    assert max_deviation(tables, np.array([0.0, 1.0, 0.5]), 1, +1).amount == pytest.approx(3.5)
