"""The optimal method against exhaustive search over every suppression pattern (small tables)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from destat.disclosure import (
    Dimension,
    Dominance,
    LinkedTables,
    PrimaryRules,
    ProtectionLevels,
    SecondaryMethod,
    TableColumns,
    build_linked_tables,
    protect_tables,
)
from destat.disclosure.attacker import max_deviation, protection_met

DIMENSIONS = [Dimension("size"), Dimension("industry")]


def _cheapest_protecting_pattern(
    linked: LinkedTables, primary: list[int], fraction: float
) -> tuple[float, set[tuple[str, ...]]]:
    """Try every set of extra cells in order of total value; return the first that protects."""
    others = [i for i in range(linked.n_cells) if i not in primary]
    patterns = sorted(
        (float(linked.values[list(extra)].sum()), extra)
        for size in range(len(others) + 1)
        for extra in itertools.combinations(others, size)
    )
    for cost, extra in patterns:
        hidden = np.zeros(linked.n_cells, dtype=bool)
        hidden[primary + list(extra)] = True
        if all(
            protection_met(
                max_deviation(linked, hidden, p, d).amount,
                min(fraction * linked.values[p], linked.values[p]),
            )
            for p in primary
            for d in (+1, -1)
        ):
            return cost, {linked.keys[i] for i in extra}
    raise AssertionError("hiding every cell always protects a table with margins")


def _size_by_industry(firms: dict[tuple[str, str], list[float]]) -> pd.DataFrame:
    """Tidy size x industry table with margins from the contributions of the interior cells."""
    sizes = sorted({s for s, _ in firms})
    industries = sorted({i for _, i in firms})
    cells = dict(firms)
    for size in sizes:
        cells[(size, "_T")] = [v for i in industries for v in firms[(size, i)]]
    for industry in [*industries, "_T"]:
        cells[("_T", industry)] = [v for s in sizes for v in cells[(s, industry)]]
    return pd.DataFrame(
        [
            {"size": s, "industry": i, "value": float(sum(f)), "contributors": len(f), "firms": f}
            for (s, i), f in cells.items()
        ]
    )


def test_worked_example_of_the_documentation_is_optimal() -> None:
    table = _size_by_industry(
        {
            ("small", "J61"): [12, 9, 7, 4],
            ("small", "J62"): [30, 22, 18, 11, 9],
            ("small", "J63"): [6, 5],
            ("large", "J61"): [410, 380, 95],
            ("large", "J62"): [520, 60, 40],
            ("large", "J63"): [88, 75, 70, 64],
        }
    )
    result = protect_tables(
        table,
        DIMENSIONS,
        columns=TableColumns(contributions="firms"),
        rules=PrimaryRules(dominance=Dominance(n=1, k=80)),
        protection=ProtectionLevels(fraction=0.15),
    )
    linked = build_linked_tables([table], DIMENSIONS, "value")
    index = {key: i for i, key in enumerate(linked.keys)}
    # small.J63: 2 contributors; large.J62: 520 / 620 = 83.9 % > 80 %.
    primary = [index[("small", "J63")], index[("large", "J62")]]
    cost, cells = _cheapest_protecting_pattern(linked, primary, 0.15)
    # 90 + 297 + 710 + 308: the rectangle through small.J62 (90) alone cannot give large.J62
    # the +/-93 it needs.
    assert cost == 1405.0
    assert cells == {("small", "J62"), ("large", "J63"), ("_T", "J62"), ("_T", "J63")}
    flags = result.table.set_index(["size", "industry"])["CONF_STATUS"]
    assert set(flags[flags == "D"].index) == cells
    assert result.cost == cost


@settings(max_examples=6, deadline=None)
@given(
    interior=st.lists(st.integers(1, 60), min_size=6, max_size=6),
    primaries=st.sets(st.integers(0, 5), min_size=1, max_size=2),
    fraction=st.sampled_from([0.2, 0.6]),
)
def test_optimal_cost_equals_exhaustive_search(
    interior: list[int], primaries: set[int], fraction: float
) -> None:
    # 2 x 3 interior cells plus margins: 12 cells, at most 2^11 patterns to search.
    keys = list(itertools.product(["s1", "s2"], ["i1", "i2", "i3"]))
    table = _size_by_industry({key: [float(v)] for key, v in zip(keys, interior, strict=True)})
    table["sensitive"] = [
        (s, i) in {keys[k] for k in primaries}
        for s, i in zip(table["size"], table["industry"], strict=True)
    ]
    result = protect_tables(
        table,
        DIMENSIONS,
        columns=TableColumns(forced_primary="sensitive"),
        rules=PrimaryRules(minimum_frequency=None),
        protection=ProtectionLevels(fraction),
        method=SecondaryMethod.OPTIMAL,
    )
    linked = build_linked_tables([table], DIMENSIONS, "value")
    index = {key: i for i, key in enumerate(linked.keys)}
    cost, _ = _cheapest_protecting_pattern(linked, [index[keys[k]] for k in primaries], fraction)
    assert abs(result.cost - cost) <= 1e-6 * max(1.0, cost)
