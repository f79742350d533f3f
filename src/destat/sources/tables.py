"""Tidy tables with all margins from unit-level data, protected by destat.disclosure.

Each output of a provider adapter is built the same way: one row per contributing unit (a
seller, a postal item) with its codes and values; every combination of codes and totals
(``_T``) is a cell holding the sums of the values, the number of contributors and the list of
their contributions (for the dominance rule). The cells then go through the same disclosure
control as survey tables (``destat.disclosure.protect_tables``: primary rules, secondary
suppression, audit), and every hidden cell loses all its values, not only the one the rules
looked at. Figures from provider data are experimental statistics, and say so in a column.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import pandas as pd

from destat.disclosure import (
    Dimension,
    PrimaryRules,
    SecondaryMethod,
    TableColumns,
    protect_tables,
)

__all__ = [
    "CONTRIBUTIONS",
    "CONTRIBUTORS",
    "EXPERIMENTAL",
    "TOTAL",
    "cells_with_margins",
    "protect",
]

TOTAL = "_T"
CONTRIBUTORS = "contributors"
CONTRIBUTIONS = "contributions"
EXPERIMENTAL = "experimental"


def cells_with_margins(
    units: pd.DataFrame, dimensions: Sequence[str], values: Sequence[str], dominant: str
) -> pd.DataFrame:
    """Every cell and margin of ``units`` by ``dimensions``: sums of ``values``, the number of
    units and the list of their ``dominant`` values."""
    parts = []
    for kept in range(len(dimensions), -1, -1):
        for by in combinations(dimensions, kept):
            frame = units.assign(**{d: TOTAL for d in dimensions if d not in by})
            grouped = frame.groupby(list(dimensions), sort=True, dropna=False)
            cell = grouped[list(values)].sum()
            cell[CONTRIBUTORS] = grouped.size()
            cell[CONTRIBUTIONS] = grouped[dominant].agg(list)
            parts.append(cell.reset_index())
    return pd.concat(parts, ignore_index=True)


def protect(
    tables: Sequence[pd.DataFrame],
    dimensions: Sequence[str],
    value: str,
    measures: Sequence[str],
    rules: PrimaryRules,
    method: SecondaryMethod = SecondaryMethod.HEURISTIC,
) -> list[pd.DataFrame]:
    """The tables with ``CONF_STATUS``/``OBS_STATUS`` flags, every measure of a hidden cell
    blanked, the contributor columns dropped and the experimental flag set."""
    columns = TableColumns(value=value, contributors=CONTRIBUTORS, contributions=CONTRIBUTIONS)
    result = protect_tables(
        list(tables),
        [Dimension(d) for d in dimensions],
        columns=columns,
        rules=rules,
        method=method,
    )
    released = []
    for frame in result.tables:
        hidden = frame["CONF_STATUS"] != "F"
        out = frame.drop(columns=[CONTRIBUTORS, CONTRIBUTIONS])
        for measure in measures:
            out[measure] = out[measure].astype("Float64").mask(hidden)
        out[EXPERIMENTAL] = True
        released.append(out.reset_index(drop=True))
    return released
