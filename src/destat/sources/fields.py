"""Reading provider files and checking their columns, with errors that name file, row and column.

Files are read with every value as text (``destat.project.inputs.read_text_table``), so nothing
is guessed: each column is then parsed by the rule its meaning needs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from destat.project.inputs import read_text_table
from destat.sources.errors import SourceFileError, column_error

__all__ = ["codes", "months", "numbers", "read_provider_file", "required_text", "unique"]

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def read_provider_file(path: Path | str, columns: Sequence[str]) -> pd.DataFrame:
    """The file as text, after checking that it has every column in ``columns``."""
    path = Path(path)
    frame = read_text_table(path)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SourceFileError(
            f"{path} has no column {', '.join(repr(c) for c in missing)}; it needs "
            f"{list(columns)} and has {list(frame.columns)}. Rename the columns in the file."
        )
    frame.attrs["path"] = str(path)
    return frame


def _path(frame: pd.DataFrame) -> str:
    return str(frame.attrs.get("path", "the table"))


def required_text(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column stripped of spaces, refusing empty values."""
    values = frame[column].map(lambda v: None if pd.isna(v) else str(v).strip() or None)
    empty = np.flatnonzero(values.isna().to_numpy())
    if empty.size:
        raise column_error(
            _path(frame), column, empty, "is empty", "Every row needs a value in this column."
        )
    return values.astype(str)


def codes(frame: pd.DataFrame, column: str, pattern: str, example: str) -> pd.Series:
    """The column as codes matching the regular expression ``pattern`` (upper-cased)."""
    values = required_text(frame, column).str.upper()
    bad = np.flatnonzero(~values.str.fullmatch(pattern).to_numpy())
    if bad.size:
        raise column_error(
            _path(frame),
            column,
            bad,
            f"{values.iloc[bad[0]]!r} is not a valid code",
            f"Write codes like {example!r}.",
        )
    return values


def months(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column as months ``YYYY-MM`` (a date ``YYYY-MM-DD`` gives its month)."""
    values = required_text(frame, column).str.slice(0, 7)
    bad = np.flatnonzero(~values.str.fullmatch(_MONTH).to_numpy())
    if bad.size:
        raise column_error(
            _path(frame),
            column,
            bad,
            f"{frame[column].iloc[bad[0]]!r} is not a month or a date",
            "Write months as YYYY-MM or dates as YYYY-MM-DD.",
        )
    return values


def numbers(frame: pd.DataFrame, column: str, *, positive: bool = False) -> pd.Series:
    """The column as finite numbers, at least zero (above zero with ``positive``)."""
    text = required_text(frame, column)
    values = pd.to_numeric(text, errors="coerce")
    finite = np.isfinite(values.to_numpy(dtype=np.float64))
    in_range = values > 0 if positive else values >= 0
    bad = np.flatnonzero(~(finite & in_range.to_numpy()))
    if bad.size:
        limit = "above zero" if positive else "zero or more"
        raise column_error(
            _path(frame),
            column,
            bad,
            f"{text.iloc[bad[0]]!r} is not a number {limit}",
            "Write plain numbers with a decimal point and no thousands separator.",
        )
    return values.astype(np.float64)


def unique(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column as identifiers that appear once each."""
    values = required_text(frame, column)
    repeated = np.flatnonzero(values.duplicated(keep=False).to_numpy())
    if repeated.size:
        raise column_error(
            _path(frame),
            column,
            repeated,
            f"{values.iloc[repeated[0]]!r} appears more than once",
            "Each record must be listed once; remove the duplicates.",
        )
    return values
