"""Random hot-deck imputation within cells, with fallback to coarser cells.

Each recipient (a unit that should have answered but did not) takes the value of a donor drawn at
random, with equal probability, among the units of its cell that answered (Andridge and Little
2010, "A review of hot deck imputation for survey non-response", International Statistical Review
78:40-64). Cells are size class × industry; when a cell has no donor, the recipient is matched on
size class only, then on the whole file, and the edit says which level was used. For an answer
bounded by another (persons using computers ≤ persons employed), the donor's ratio to its own
bound is carried over and multiplied by the recipient's bound, so the imputed value respects the
bound (a ratio hot-deck).

The random numbers come from the ``numpy.random.Generator`` the caller passes, so a seeded
generator gives the same imputations every time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["CellLevels", "cell_levels", "draw_donors"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class CellLevels:
    """Cell keys per level, finest first: ``keys[i][row]`` is the row's cell at level ``i``."""

    names: tuple[str, ...]
    keys: tuple[IntArray, ...]


def cell_levels(table: pd.DataFrame, cells: Sequence[str]) -> CellLevels:
    """Levels ``cells``, then ``cells`` without its last column, ..., then a single cell.

    A missing cell value is a cell of its own.
    """
    names: list[str] = []
    keys: list[IntArray] = []
    for width in range(len(cells), -1, -1):
        columns = list(cells[:width])
        if columns:
            key = np.asarray(
                table.groupby(columns, dropna=False, sort=True).ngroup().to_numpy(), dtype=np.int64
            )
        else:
            key = np.zeros(len(table), dtype=np.int64)
        names.append(" × ".join(columns) if columns else "all")
        keys.append(key)
    return CellLevels(tuple(names), tuple(keys))


def draw_donors(
    levels: CellLevels,
    donors: IntArray,
    recipients: IntArray,
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray]:
    """A random donor for each recipient from its finest cell that has one.

    Returns the donor's position (-1 when there is no donor at all) and the level used (index
    into ``levels.names``, -1 without donor), both aligned with ``recipients``.
    """
    chosen = np.full(len(recipients), -1, dtype=np.int64)
    level_used = np.full(len(recipients), -1, dtype=np.int64)
    pending = np.arange(len(recipients))
    if len(donors) == 0:
        return chosen, level_used
    for index, keys in enumerate(levels.keys):
        if len(pending) == 0:
            break
        donor_keys = keys[donors]
        order = np.argsort(donor_keys, kind="stable")
        sorted_keys = donor_keys[order]
        wanted = keys[recipients[pending]]
        first = np.searchsorted(sorted_keys, wanted, side="left")
        count = np.searchsorted(sorted_keys, wanted, side="right") - first
        found = count > 0
        uniform = rng.random(int(found.sum()))
        pick = first[found] + np.floor(uniform * count[found]).astype(np.int64)
        chosen[pending[found]] = donors[order[pick]]
        level_used[pending[found]] = index
        pending = pending[~found]
    return chosen, level_used
