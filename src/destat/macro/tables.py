"""Checks shared by the macro indicators: required columns, codes as text, numbers per cell.

Row numbers in messages are lines of the source file when the table was read from a file
(``attrs["lines"]``, set by :mod:`destat.macro.sdmx_input`); otherwise 1-based table rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from destat.errors import describe_rows
from destat.macro.errors import MacroInputError

__all__ = ["numeric", "require_columns", "source_of", "text", "where"]


def source_of(table: pd.DataFrame, default: str = "the table") -> str:
    """The file a table was read from (``table.attrs["source"]``), or ``default``."""
    return str(table.attrs.get("source") or default)


def where(table: pd.DataFrame, rows: Sequence[int]) -> str:
    """``data.csv, lines 4, 9`` for rows of a table read from a file, else ``the table, rows …``."""
    positions = [int(row) for row in rows]
    lines = table.attrs.get("lines")
    if lines is not None and len(lines) == len(table):
        listed = describe_rows([int(lines[row]) - 1 for row in positions])
        return f"{source_of(table)}, {listed.replace('row', 'line')}"
    return f"{source_of(table)}, {describe_rows(positions)}"


def require_columns(table: pd.DataFrame, columns: Sequence[str], purpose: str) -> None:
    """Raise if any of ``columns`` is missing, naming the file, the columns found and the fix."""
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise MacroInputError(
            f"{source_of(table)} lacks the column(s) {', '.join(missing)} needed for {purpose}; "
            f"it has {', '.join(map(str, table.columns))}. Rename the columns or pass their "
            "names as options."
        )


def text(table: pd.DataFrame, column: str) -> pd.Series:
    """A column as stripped text; empty cells raise, naming their rows."""
    values = table[column].map(lambda v: "" if _is_missing(v) else str(v).strip())
    empty = [position for position, value in enumerate(values) if value == ""]
    if empty:
        raise MacroInputError(
            f"{where(table, empty)}, column {column}: empty cell(s); every row needs a value "
            f"in {column}."
        )
    return values


def numeric(table: pd.DataFrame, column: str, *, allow_negative: bool = False) -> pd.Series:
    """A column as floats; empty, non-numeric or (unless allowed) negative cells raise."""
    values = pd.to_numeric(table[column], errors="coerce")
    bad = [i for i, v in enumerate(values) if _is_missing(v) or (not allow_negative and v < 0)]
    if bad:
        shown = table[column].iloc[bad[0]]
        expected = "a number" if allow_negative else "a number of 0 or more"
        raise MacroInputError(
            f"{where(table, bad)}, column {column}: expected {expected}, found {shown!r}; "
            "write plain numbers (dot for decimals, no thousands separator)."
        )
    return values.astype(float)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
