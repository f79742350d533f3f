"""Builders of small tidy tables with margins for the disclosure tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pytest

TwoWay = Callable[..., pd.DataFrame]


def _two_way(
    interior: Sequence[Sequence[float]],
    rows: Sequence[str],
    columns: Sequence[str],
    row_name: str = "row",
    column_name: str = "col",
) -> pd.DataFrame:
    """A tidy rows x columns table with row totals, column totals and the grand total ``_T``.

    Every cell gets 10 contributors, so the default frequency rule marks nothing.
    """
    values = np.asarray(interior, dtype=float)
    records = []
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            records.append((row, column, values[i, j]))
        records.append((row, "_T", values[i].sum()))
    for j, column in enumerate(columns):
        records.append(("_T", column, values[:, j].sum()))
    records.append(("_T", "_T", values.sum()))
    frame = pd.DataFrame.from_records(records, columns=[row_name, column_name, "value"])
    frame["contributors"] = 10
    return frame


@pytest.fixture(scope="session")
def two_way() -> TwoWay:
    """The builder of two-way tables with margins."""
    return _two_way
