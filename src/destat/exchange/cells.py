"""Cells sent instead of records: counts and sums per cell, protected by a minimum number of
units per cell (threshold rule) or by differential-privacy noise.

The threshold rule suppresses every cell with fewer than n units (Hundepool et al. 2012,
*Statistical Disclosure Control*, Wiley, §5.2.2: the minimum frequency rule); units, not rows,
are counted, so one seller with many sales is still one contributor. Only the cells of the
published table are sent and no margins, so a suppressed cell cannot be recovered by
subtraction from what is sent. Noise is added by :mod:`destat.exchange.privacy` (OpenDP).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from destat.exchange.agreement import Agreement, Treatment

__all__ = ["CellRelease", "noisy_cells", "threshold_cells"]


@dataclass(frozen=True)
class CellRelease:
    """The cells to send, the cells left out and what the protection spent or achieved."""

    table: pa.Table
    suppressed: pd.DataFrame
    protection: dict[str, Any]


def _groups(agreement: Agreement) -> list[str]:
    return [rule.name for rule in agreement.rules(Treatment.GROUP)]


def _sums(agreement: Agreement) -> list[str]:
    return [rule.name for rule in agreement.rules(Treatment.SUM)]


def threshold_cells(frame: pd.DataFrame, agreement: Agreement) -> CellRelease:
    """Units, rows and sums per cell; cells with fewer units than the minimum are left out."""
    groups, sums = _groups(agreement), _sums(agreement)
    keyed = frame.assign(__all="all")
    by = groups or ["__all"]
    aggregations: dict[str, tuple[str, Any]] = {
        "units": (agreement.unit_field, "nunique"),
        "rows": (agreement.unit_field, "size"),
        **{name: (name, "sum") for name in sums},
    }
    cells = keyed.groupby(by, dropna=False, sort=True).agg(**aggregations).reset_index()
    cells = cells.drop(columns=["__all"], errors="ignore")
    small = cells["units"] < agreement.min_cell_size
    kept = cells.loc[~small].reset_index(drop=True)
    protection = {
        "rule": "minimum units per cell",
        "min_cell_size": agreement.min_cell_size,
        "cells_sent": len(kept),
        "cells_suppressed": int(small.sum()),
    }
    table = pa.Table.from_pandas(kept, preserve_index=False)
    return CellRelease(table, cells.loc[small].reset_index(drop=True), protection)


def noisy_cells(frame: pd.DataFrame, agreement: Agreement) -> CellRelease:
    """Cells with differential-privacy noise under the agreement's unit, bounds and budget."""
    # Imported here so that the other modes work where the privacy module is not installed.
    from destat.exchange.privacy import PrivacySpec, release

    spec = PrivacySpec(
        unit=agreement.unit_field,
        epsilon=agreement.epsilon,
        group_by=tuple(_groups(agreement)),
        sums={
            rule.name: (float(rule.lower or 0.0), float(rule.upper or 0.0))
            for rule in agreement.rules(Treatment.SUM)
        },
        max_rows_per_unit=agreement.max_rows_per_unit,
    )
    categories = {rule.name: rule.categories for rule in agreement.rules(Treatment.GROUP)}
    columns = [agreement.unit_field, *_groups(agreement), *_sums(agreement)]
    table = pa.Table.from_pandas(frame[columns], preserve_index=False)
    # No seed: noise drawn from a seeded generator could be removed by whoever knows the seed.
    result = release(table, spec, categories=categories)
    protection = {
        "rule": "differential privacy",
        "mechanism": result.mechanism,
        "epsilon": agreement.epsilon,
        "epsilon_spent": result.epsilon_spent,
        "privacy_unit": agreement.unit_field,
        "max_rows_per_unit": agreement.max_rows_per_unit,
        "accuracy_95": dict(result.accuracy),
    }
    return CellRelease(result.table, pd.DataFrame(), protection)
