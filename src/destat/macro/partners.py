"""Trade with all partners together, from a file broken down by partner country.

A file that reports a world partner (``WLD``, ``W00``, ``0`` or ``_T``) gives all partners
together in those rows; otherwise the partners' rows are added up per subheading, their
``TOTAL`` rows too, so each group keeps one merchandise total (the sum of its partners').
Used by ``destat macro trade`` and by the project's macro step, so both count the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from destat.macro.tables import numeric, source_of, text

__all__ = ["WORLD_PARTNERS", "all_partners", "rows_of", "world_rows"]

# Partner codes of the world: ISO/UN Comtrade, SDMX.
WORLD_PARTNERS = frozenset({"WLD", "W00", "0", "_T"})


def world_rows(trade: pd.DataFrame, partner: str) -> np.ndarray:
    """True for the rows whose ``partner`` is the world."""
    return np.asarray(text(trade, partner).isin(WORLD_PARTNERS).to_numpy(), dtype=bool)


def rows_of(table: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """The rows of ``table`` where ``rows`` is true, keeping the file's line numbers."""
    subset = table[rows].reset_index(drop=True)
    subset.attrs = dict(table.attrs)
    if "lines" in table.attrs:
        subset.attrs["lines"] = np.asarray(table.attrs["lines"])[rows]
    return subset


def all_partners(
    trade: pd.DataFrame, *, by: Sequence[str], hs: str, value: str, partner: str
) -> pd.DataFrame:
    """``trade`` with all partners together: its world rows if it has them, else the partners'
    values added up by ``by`` and subheading (column ``value``, numeric)."""
    world = world_rows(trade, partner)
    if world.any():
        return rows_of(trade, world)
    summed = trade.assign(**{value: numeric(trade, value)})
    together = summed.groupby([*by, hs], as_index=False).agg(**{value: (value, "sum")})
    together.attrs["source"] = source_of(trade)
    return together
