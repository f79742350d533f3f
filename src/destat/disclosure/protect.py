"""Disclosure control of tidy tables: primary rules, secondary suppression and the audit.

The entry points of the package. They take tidy pandas tables (one row per cell: dimension
columns, a value column, an unweighted contributor count and, for the magnitude rules, the
list of unweighted contributions), the dimensions with their totals and hierarchies, and
return the tables with a ``CONF_STATUS`` column (SDMX codes, see :mod:`flags`) and the audit
report. Nothing is written anywhere; a release whose audit fails raises
:class:`DisclosureAuditError`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from destat.disclosure.audit import AuditReport, audit_suppression
from destat.disclosure.errors import TableStructureError
from destat.disclosure.flags import (
    CONF_STATUS_COLUMN,
    DEFAULT_OBS_STATUS,
    OBS_STATUS_COLUMN,
    ConfStatus,
)
from destat.disclosure.primary import PrimaryRules, ProtectionLevels, assess_cells
from destat.disclosure.secondary import CostFunction, SecondaryMethod, suppress_secondary
from destat.disclosure.tables import Dimension, LinkedTables, build_linked_tables

__all__ = ["ProtectionResult", "TableColumns", "audit_tables", "protect_tables"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TableColumns:
    """Names of the columns disclosure control reads (the dimension columns come from the
    :class:`Dimension` list). Optional columns may be absent from the tables."""

    value: str = "value"
    contributors: str = "contributors"
    contributions: str | None = None
    lower_bound: str | None = None
    upper_bound: str | None = None
    forced_primary: str | None = None
    obs_status: str = OBS_STATUS_COLUMN


@dataclass(frozen=True)
class ProtectionResult:
    """The tables with ``CONF_STATUS`` and ``OBS_STATUS``, the audit and the suppression cost."""

    tables: tuple[pd.DataFrame, ...]
    audit: AuditReport
    method: SecondaryMethod
    cost: float
    columns: TableColumns = field(default_factory=TableColumns)
    # Per table, per row: the primary rules that made the cell sensitive ("frequency",
    # "dominance", "p%", "forced"); empty for cells no rule flagged.
    reasons: tuple[tuple[tuple[str, ...], ...], ...] = ()

    @property
    def table(self) -> pd.DataFrame:
        """The first (often the only) table."""
        return self.tables[0]

    def published(self) -> tuple[pd.DataFrame, ...]:
        """The tables as they may be released: hidden values blank, contributor columns gone."""
        released = []
        for frame in self.tables:
            out = frame.drop(
                columns=[
                    c
                    for c in (self.columns.contributors, self.columns.contributions)
                    if c is not None and c in frame.columns
                ]
            )
            hidden = out[CONF_STATUS_COLUMN] != ConfStatus.FREE.value
            out[self.columns.value] = out[self.columns.value].astype("Float64").mask(hidden)
            released.append(out)
        return tuple(released)


def _as_frames(tables: pd.DataFrame | Sequence[pd.DataFrame]) -> list[pd.DataFrame]:
    return [tables] if isinstance(tables, pd.DataFrame) else list(tables)


def _per_cell(
    frames: Sequence[pd.DataFrame], linked: LinkedTables, column: str, default: Any = None
) -> list[Any]:
    """One value per cell from the first table holding it (``default`` if the column is absent)."""
    found: list[Any] = [None] * linked.n_cells
    filled = np.zeros(linked.n_cells, dtype=bool)
    for t, frame in enumerate(frames):
        if column not in frame.columns:
            continue
        for cell, item in zip(linked.frame_cells[t], frame[column].tolist(), strict=True):
            if not filled[cell]:
                found[cell], filled[cell] = item, True
    if default is None and not filled.all():
        missing = linked.keys[int(np.flatnonzero(~filled)[0])]
        raise TableStructureError(
            f"no column {column!r} for cell {missing}; every table needs it "
            f"(table columns: {[list(f.columns) for f in frames]})"
        )
    return [item if filled[i] else default for i, item in enumerate(found)]


def _counts(frames: Sequence[pd.DataFrame], linked: LinkedTables, column: str) -> list[int]:
    counts = pd.to_numeric(pd.Series(_per_cell(frames, linked, column)), errors="coerce")
    bad = np.flatnonzero(counts.isna().to_numpy() | (counts < 0).to_numpy())
    if bad.size:
        raise TableStructureError(
            f"column {column!r} of cell {linked.keys[int(bad[0])]} is missing, negative or not a "
            "number; it must hold the unweighted number of contributors (0 for an empty cell)"
        )
    return [int(n) for n in counts]


def _contributions(
    frames: Sequence[pd.DataFrame], linked: LinkedTables, columns: TableColumns
) -> list[Sequence[float]] | None:
    if columns.contributions is None:
        return None
    lists = _per_cell(frames, linked, columns.contributions)
    for cell, item in enumerate(lists):
        if not isinstance(item, list | tuple | np.ndarray):
            raise TableStructureError(
                f"column {columns.contributions!r} of cell {linked.keys[cell]} holds {item!r}; "
                "it must hold the list of unweighted contributions (empty list if none)"
            )
    return [list(map(float, item)) for item in lists]


def _with_flags(
    frames: Sequence[pd.DataFrame],
    linked: LinkedTables,
    status: Sequence[ConfStatus],
    columns: TableColumns,
) -> tuple[pd.DataFrame, ...]:
    flagged = []
    for t, frame in enumerate(frames):
        out = frame.copy()
        out[CONF_STATUS_COLUMN] = [status[c].value for c in linked.frame_cells[t]]
        if columns.obs_status not in out.columns:
            out[columns.obs_status] = DEFAULT_OBS_STATUS
        flagged.append(out)
    return tuple(flagged)


def protect_tables(
    tables: pd.DataFrame | Sequence[pd.DataFrame],
    dimensions: Sequence[Dimension],
    *,
    columns: TableColumns | None = None,
    rules: PrimaryRules | None = None,
    protection: ProtectionLevels | None = None,
    method: SecondaryMethod = SecondaryMethod.OPTIMAL,
    cost: CostFunction = CostFunction.VALUE,
    audit: bool = True,
) -> ProtectionResult:
    """Apply primary rules, suppress secondary cells, audit, and flag every cell.

    ``tables`` is one tidy table or several linked ones (sharing cells through common codes).
    Raises :class:`DisclosureAuditError` if the audit finds an exposed cell (it should not).
    With ``audit=False`` the audit is skipped and the report lists no cell.
    """
    columns = columns or TableColumns()
    rules = rules or PrimaryRules()
    protection = protection or ProtectionLevels()
    frames = _as_frames(tables)
    linked = build_linked_tables(
        frames, dimensions, columns.value, columns.lower_bound, columns.upper_bound
    )
    forced = (
        [bool(f) for f in _per_cell(frames, linked, columns.forced_primary, False)]
        if columns.forced_primary
        else None
    )
    assessment = assess_cells(
        linked.values,
        _counts(frames, linked, columns.contributors),
        _contributions(frames, linked, columns),
        rules,
        protection,
        forced,
    )
    # Below its known lower bound a cell cannot go, so that is the most protection there is.
    lower = np.minimum(assessment.lower_protection, linked.values - linked.lower_bounds)
    result = suppress_secondary(
        linked, assessment.sensitive, assessment.upper_protection, lower, method, cost
    )
    report = AuditReport(linked.dimensions, ())
    if audit:
        report = audit_suppression(linked, result.status, assessment.upper_protection, lower)
        report.raise_if_failed()
    return ProtectionResult(
        tables=_with_flags(frames, linked, result.status, columns),
        audit=report,
        method=method,
        cost=result.cost,
        columns=columns,
        reasons=tuple(tuple(assessment.reasons[c] for c in cells) for cells in linked.frame_cells),
    )


def _statuses(
    frames: Sequence[pd.DataFrame], linked: LinkedTables, column: str
) -> list[ConfStatus]:
    codes = _per_cell(frames, linked, column)
    try:
        return [ConfStatus(str(code)) for code in codes]
    except ValueError as error:
        raise TableStructureError(
            f"column {column!r} holds a code that is not F, C or D ({error}); use the SDMX "
            "CONF_STATUS codes F (free), C (primary) and D (secondary)"
        ) from error


def audit_tables(
    tables: pd.DataFrame | Sequence[pd.DataFrame],
    dimensions: Sequence[Dimension],
    *,
    columns: TableColumns | None = None,
    protection: ProtectionLevels | None = None,
    raise_on_failure: bool = True,
) -> AuditReport:
    """Audit a suppression pattern given in the ``CONF_STATUS`` column of tidy tables.

    Primary cells (``C``) need ``protection.fixed_level(value)`` each way. Raises
    :class:`DisclosureAuditError` on failure unless ``raise_on_failure`` is false.
    """
    columns = columns or TableColumns()
    protection = protection or ProtectionLevels()
    frames = _as_frames(tables)
    linked = build_linked_tables(
        frames, dimensions, columns.value, columns.lower_bound, columns.upper_bound
    )
    status = _statuses(frames, linked, CONF_STATUS_COLUMN)
    primary = np.array([s is ConfStatus.PRIMARY for s in status])
    upper = np.array(
        [
            protection.fixed_level(v) if p else 0.0
            for v, p in zip(linked.values, primary, strict=True)
        ]
    )
    lower = np.minimum(upper, linked.values - linked.lower_bounds)
    report = audit_suppression(linked, status, upper, lower)
    if raise_on_failure:
        report.raise_if_failed()
    return report
