"""The record of every changed value (the edits table), flag columns and rates per variable."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "EDIT_COLUMNS",
    "EditLog",
    "EditMethod",
    "change_values",
    "flag_columns",
    "imputation_rates",
]

EDIT_COLUMNS = ("row", "variable", "old_value", "new_value", "method", "donor_row", "cell")


class EditMethod(StrEnum):
    """How a value was changed."""

    DEDUCTIVE_SKIP = "deductive_skip"  # the filter says no: the implied value, or blank
    DEDUCTIVE_FILTER = "deductive_filter"  # an answer to a filtered question: the filter is yes
    DEDUCTIVE_COMPLEMENT = "deductive_complement"  # shares that make up 100
    DEDUCTIVE_BOUND = "deductive_bound"  # bounded by zero, so zero
    HOT_DECK = "hot_deck"  # a donor's value (or ratio) from the same cell or a coarser one


DEDUCTIVE_METHODS = frozenset(m for m in EditMethod if m is not EditMethod.HOT_DECK)


def _python_values(values: npt.ArrayLike) -> list[object]:
    return [None if pd.isna(v) else v for v in np.asarray(values, dtype=object)]


class EditLog:
    """Collects edits as they are made; :meth:`table` gives one row per changed value."""

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []

    def record(
        self,
        positions: npt.NDArray[np.intp],
        variable: str,
        old: npt.ArrayLike,
        new: npt.ArrayLike,
        method: EditMethod,
        donors: npt.NDArray[np.intp] | None = None,
        cells: Sequence[str] | None = None,
    ) -> None:
        """Record that ``variable`` changed from ``old`` to ``new`` at 0-based ``positions``."""
        if len(positions) == 0:
            return
        donor_rows = (
            pd.array([pd.NA] * len(positions), dtype="Int64")
            if donors is None
            else pd.array(np.asarray(donors) + 1, dtype="Int64")
        )
        self._parts.append(
            pd.DataFrame(
                {
                    "row": np.asarray(positions, dtype=np.int64) + 1,
                    "variable": variable,
                    "old_value": pd.Series(_python_values(old), dtype=object),
                    "new_value": pd.Series(_python_values(new), dtype=object),
                    "method": method.value,
                    "donor_row": donor_rows,
                    "cell": pd.Series(list(cells) if cells is not None else [""] * len(positions)),
                }
            )
        )

    def table(self) -> pd.DataFrame:
        """Every edit: 1-based row, variable, old and new value, method, donor row and cell."""
        if not self._parts:
            empty = pd.DataFrame({name: pd.Series(dtype=object) for name in EDIT_COLUMNS})
            return empty.astype({"row": "int64", "donor_row": "Int64"})
        return pd.concat(self._parts, ignore_index=True)[list(EDIT_COLUMNS)]


def change_values(
    table: pd.DataFrame,
    positions: npt.NDArray[np.intp],
    name: str,
    new: npt.ArrayLike,
    method: EditMethod,
    log: EditLog,
    donors: npt.NDArray[np.intp] | None = None,
    cells: Sequence[str] | None = None,
) -> None:
    """Put ``new`` (aligned with ``positions``) into column ``name`` and record the edits."""
    if len(positions) == 0:
        return
    column = table[name].to_numpy(dtype=object).copy()
    old = column[positions].copy()
    column[positions] = np.asarray(new, dtype=object)
    table[name] = pd.Series(column, index=table.index).astype(table[name].dtype)
    log.record(positions, name, old, new, method, donors, cells)


def flag_columns(edits: pd.DataFrame, variables: Sequence[str], rows: int) -> pd.DataFrame:
    """One ``<variable>_flag`` column per variable: the last edit method of the cell, or ``""``."""
    flags = {}
    for name in variables:
        column = np.full(rows, "", dtype=object)
        mine = edits[edits["variable"] == name]
        column[mine["row"].to_numpy(dtype=np.int64) - 1] = mine["method"].to_numpy(dtype=object)
        flags[f"{name}_flag"] = column
    return pd.DataFrame(flags)


def imputation_rates(
    edits: pd.DataFrame,
    applicable: dict[str, int],
    still_missing: dict[str, int],
    rows: int,
    finest_cell: str,
) -> pd.DataFrame:
    """Per variable: units the question applies to, deductive edits, hot-deck imputations (and
    how many used a coarser cell), values still missing, and the rates for the quality report.

    ``finest_cell`` names the first level of cells (e.g. ``size_class × industry``).
    The imputation rate is hot-deck imputations over the units the question applies to; the
    deductive rate is deductive edits over all rows.
    """
    names = list(applicable)
    deductive = edits[edits["method"].isin([m.value for m in DEDUCTIVE_METHODS])]
    hot_deck = edits[edits["method"] == EditMethod.HOT_DECK.value]
    coarser = hot_deck[hot_deck["cell"] != finest_cell]
    table = pd.DataFrame(
        {
            "variable": names,
            "rows": rows,
            "applicable": [applicable[n] for n in names],
            "deductive": [int((deductive["variable"] == n).sum()) for n in names],
            "imputed": [int((hot_deck["variable"] == n).sum()) for n in names],
            "imputed_coarser_cell": [int((coarser["variable"] == n).sum()) for n in names],
            "still_missing": [still_missing[n] for n in names],
        }
    )
    table["imputation_rate"] = table["imputed"] / table["applicable"].where(table["applicable"] > 0)
    table["deductive_rate"] = table["deductive"] / rows if rows else np.nan
    return table
