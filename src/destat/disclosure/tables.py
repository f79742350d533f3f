"""Linked tables as cells plus additivity constraints (a total equals the sum of its parts).

One or more tidy tables are joined into one set of cells. A cell is identified by its code in
*every* dimension used by any of the tables; a table that does not break down by a dimension
holds that dimension's total. So a size x industry table and an industry x region table share
the cells (size total, industry i, region total), as in tau-ARGUS's linked tables
(Hundepool et al. 2012, chapter 4; de Wolf and Giessing 2009).

Each dimension has a hierarchy (parent code -> child codes; a flat breakdown is the total over
all other codes). For every table, every dimension it breaks down by, every parent and every
combination of the table's other codes, one constraint says ``parent = sum(children)``.
Children missing from a table are structural zeros. Constraints repeated by several tables are
kept once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

from destat.disclosure.errors import TableStructureError

__all__ = ["Dimension", "LinkedTables", "build_linked_tables"]

# Relative tolerance for totals that are sums of rounded or floating-point parts.
_ADDITIVITY_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Dimension:
    """A classification variable of the tables, its total code and its hierarchy.

    ``children`` maps a parent code to its child codes (a tree: each code has at most one
    parent). ``None`` means a flat breakdown: the total over every other code found.
    """

    name: str
    total: str = "_T"
    children: Mapping[str | int, Sequence[str | int]] | None = field(default=None, compare=False)

    def hierarchy(self, codes: set[str]) -> dict[str, tuple[str, ...]]:
        """Parent -> children, checked against the codes found in the tables."""
        if self.children is None:
            return {self.total: tuple(sorted(codes - {self.total}))}
        tree = {str(parent): tuple(map(str, kids)) for parent, kids in self.children.items()}
        seen: dict[str, str] = {}
        for parent, kids in tree.items():
            for kid in kids:
                if kid in seen:
                    raise TableStructureError(
                        f"dimension {self.name!r}: code {kid!r} has two parents "
                        f"({seen[kid]!r} and {parent!r}); each code needs exactly one parent"
                    )
                seen[kid] = parent
        known = set(seen) | set(tree) | {self.total}
        unknown = sorted(codes - known)
        if unknown:
            raise TableStructureError(
                f"dimension {self.name!r}: codes {unknown} are in the tables but not in the "
                f"hierarchy; add them under a parent (the total is {self.total!r})"
            )
        return tree


@dataclass(frozen=True)
class LinkedTables:
    """Cells of one or more linked tables and the constraints ``total - sum(parts) = 0``.

    ``frame_cells[t][r]`` is the cell index of row ``r`` of input table ``t``.
    """

    dimensions: tuple[str, ...]
    keys: tuple[tuple[str, ...], ...]
    values: npt.NDArray[np.float64]
    lower_bounds: npt.NDArray[np.float64]
    upper_bounds: npt.NDArray[np.float64]
    constraints: sparse.csr_array
    frame_cells: tuple[npt.NDArray[np.int64], ...]

    @property
    def n_cells(self) -> int:
        """Number of distinct cells over all tables."""
        return len(self.keys)

    def constraint_members(self) -> list[npt.NDArray[np.int64]]:
        """For each constraint, the indices of the cells it involves (total and parts)."""
        matrix = self.constraints
        return [
            matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]].astype(np.int64)
            for row in range(matrix.shape[0])
        ]


def _frame_dimensions(frame: pd.DataFrame, dimensions: Sequence[Dimension], t: int) -> list[int]:
    used = [d for d, dim in enumerate(dimensions) if dim.name in frame.columns]
    if not used:
        names = [dim.name for dim in dimensions]
        raise TableStructureError(
            f"table {t + 1} has none of the dimension columns {names}; "
            f"its columns are {list(frame.columns)}"
        )
    return used


def _column(frame: pd.DataFrame, name: str, t: int, default: float) -> npt.NDArray[np.float64]:
    if name not in frame.columns:
        if np.isnan(default):
            raise TableStructureError(
                f"table {t + 1} has no column {name!r}; its columns are {list(frame.columns)}"
            )
        return np.full(len(frame), default)
    column = pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=np.float64)
    bad = np.flatnonzero(np.isnan(column))
    if bad.size:
        raise TableStructureError(
            f"table {t + 1}, column {name!r}: {bad.size} missing or non-numeric value(s), first "
            f"at row {bad[0] + 1}; every cell needs a number (0 for an empty cell)"
        )
    return column


def _codes(frame: pd.DataFrame, name: str, t: int) -> list[str]:
    missing = np.flatnonzero(frame[name].isna().to_numpy())
    if missing.size:
        raise TableStructureError(
            f"table {t + 1}, column {name!r}: no code in row {missing[0] + 1}; every cell needs "
            "a code in every dimension (the total code for margins)"
        )
    return [str(code) for code in frame[name]]


def _register_cells(
    frames: Sequence[pd.DataFrame],
    dimensions: Sequence[Dimension],
    value: str,
    bounds: tuple[str | None, str | None],
) -> tuple[dict[tuple[str, ...], int], list[npt.NDArray[np.float64]], list[npt.NDArray[np.int64]]]:
    index: dict[tuple[str, ...], int] = {}
    columns: list[list[float]] = [[], [], []]
    frame_cells = []
    for t, frame in enumerate(frames):
        used = _frame_dimensions(frame, dimensions, t)
        codes = [
            _codes(frame, dimensions[d].name, t)
            if d in used
            else [dimensions[d].total] * len(frame)
            for d in range(len(dimensions))
        ]
        data = (
            _column(frame, value, t, np.nan),
            _column(frame, bounds[0], t, 0.0) if bounds[0] else np.zeros(len(frame)),
            _column(frame, bounds[1], t, np.inf) if bounds[1] else np.full(len(frame), np.inf),
        )
        cells = np.empty(len(frame), dtype=np.int64)
        first_row: dict[int, int] = {}
        for r in range(len(frame)):
            key = tuple(column[r] for column in codes)
            cell = index.setdefault(key, len(index))
            if cell in first_row:
                raise TableStructureError(
                    f"table {t + 1}: rows {first_row[cell] + 1} and {r + 1} are the same cell "
                    f"{key}; aggregate duplicates before disclosure control"
                )
            first_row[cell] = r
            if cell == len(columns[0]):
                for target, source in zip(columns, data, strict=True):
                    target.append(float(source[r]))
            elif not np.isclose(columns[0][cell], data[0][r], rtol=_ADDITIVITY_TOLERANCE):
                raise TableStructureError(
                    f"cell {key} is in two tables with different values "
                    f"({columns[0][cell]:g} and {data[0][r]:g} in table {t + 1}, row {r + 1}); "
                    "linked tables must be estimated from the same data"
                )
            cells[r] = cell
        frame_cells.append(cells)
    return index, [np.asarray(c, dtype=np.float64) for c in columns], frame_cells


def _table_constraints(
    keys: Sequence[tuple[str, ...]],
    index: Mapping[tuple[str, ...], int],
    used: Sequence[int],
    hierarchies: Sequence[Mapping[str, tuple[str, ...]]],
) -> set[tuple[int, tuple[int, ...]]]:
    """``(total cell, sorted part cells)`` for every constraint of one table."""
    found = set()
    for d in used:
        combos = {key[:d] + key[d + 1 :] for key in keys}
        for parent, kids in hierarchies[d].items():
            for combo in combos:
                total = index.get((*combo[:d], parent, *combo[d:]))
                parts = [index.get((*combo[:d], kid, *combo[d:])) for kid in kids]
                present = tuple(sorted(p for p in parts if p is not None))
                if not present:
                    continue
                if total is None:
                    missing = (*combo[:d], parent, *combo[d:])
                    raise TableStructureError(
                        f"the tables have parts of {missing} but not that total cell; add the "
                        "margins (totals and subtotals) to the table"
                    )
                found.add((total, present))
    return found


def _check_additivity(
    constraints: Sequence[tuple[int, tuple[int, ...]]],
    keys: Sequence[tuple[str, ...]],
    values: npt.NDArray[np.float64],
) -> None:
    for total, parts in constraints:
        parts_sum = float(values[list(parts)].sum())
        if abs(values[total] - parts_sum) > _ADDITIVITY_TOLERANCE * max(1.0, abs(values[total])):
            raise TableStructureError(
                f"cell {keys[total]} = {values[total]:g} but its parts "
                f"{[keys[p] for p in parts[:5]]} sum to {parts_sum:g}; totals must equal the "
                "sum of their parts (recompute the margins from the same unrounded estimates)"
            )


def build_linked_tables(
    frames: Sequence[pd.DataFrame],
    dimensions: Sequence[Dimension],
    value: str,
    lower_bound: str | None = None,
    upper_bound: str | None = None,
) -> LinkedTables:
    """Join tidy tables into cells and additivity constraints; check codes and sums.

    Known bounds default to ``0 <= value`` (no upper bound); columns ``lower_bound`` and
    ``upper_bound`` give other bounds per cell.
    """
    index, (values, lower, upper), frame_cells = _register_cells(
        frames, dimensions, value, (lower_bound, upper_bound)
    )
    keys = list(index)
    outside = np.flatnonzero((values < lower) | (values > upper))
    if outside.size:
        cell = outside[0]
        raise TableStructureError(
            f"cell {keys[cell]} = {values[cell]:g} lies outside its known bounds "
            f"[{lower[cell]:g}, {upper[cell]:g}]; values may be negative only if a lower-bound "
            "column says how negative"
        )
    hierarchies = [dim.hierarchy({key[d] for key in keys}) for d, dim in enumerate(dimensions)]
    constraints: set[tuple[int, tuple[int, ...]]] = set()
    for t, frame in enumerate(frames):
        table_keys = [keys[c] for c in frame_cells[t]]
        used = _frame_dimensions(frame, dimensions, t)
        constraints |= _table_constraints(table_keys, index, used, hierarchies)
    ordered = sorted(constraints)
    _check_additivity(ordered, keys, values)
    rows, cols, coefficients = [], [], []
    for row, (total, parts) in enumerate(ordered):
        rows.extend([row] * (len(parts) + 1))
        cols.extend([total, *parts])
        coefficients.extend([1.0] + [-1.0] * len(parts))
    matrix = sparse.csr_array(
        (coefficients, (rows, cols)), shape=(len(ordered), len(keys)), dtype=np.float64
    )
    return LinkedTables(
        dimensions=tuple(dim.name for dim in dimensions),
        keys=tuple(keys),
        values=values,
        lower_bounds=lower,
        upper_bounds=upper,
        constraints=matrix,
        frame_cells=tuple(frame_cells),
    )
