"""Checks of design and analysis columns, with errors that name the column, the rows and the fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from destat.errors import DesignError, MissingColumnError, MissingValueError, describe_rows
from destat.survey.sources import ROW


def require_columns(table: pa.Table, names: Iterable[str], role: str) -> None:
    """Raise :class:`MissingColumnError` for the first name that is not a column."""
    available = [name for name in table.column_names if name != ROW]
    for name in names:
        if name not in available:
            close = difflib.get_close_matches(name, available, n=3)
            hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
            raise MissingColumnError(
                f"The {role} column {name!r} is not in the data.{hint} "
                f"Available columns: {', '.join(available[:30])}"
                + (" ..." if len(available) > 30 else "")
            )


def is_numeric(type_: pa.DataType) -> bool:
    """True for integer, floating, decimal and boolean Arrow types."""
    return bool(
        pa.types.is_integer(type_)
        or pa.types.is_floating(type_)
        or pa.types.is_decimal(type_)
        or pa.types.is_boolean(type_)
    )


def require_numeric(table: pa.Table, name: str, role: str) -> None:
    """Raise :class:`DesignError` when a column is not numeric, naming the first bad values."""
    column = table.column(name)
    if is_numeric(column.type):
        return
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        bad = _unparseable_rows(table, name)
        examples = ", ".join(repr(v) for v in bad[1][:3])
        raise DesignError(
            f"The {role} column {name!r} must be numeric but has text in {describe_rows(bad[0])} "
            f"(values {examples}). Correct those cells or recode them as missing."
        )
    raise DesignError(f"The {role} column {name!r} must be numeric; it is of type {column.type}.")


def require_complete(table: pa.Table, names: Iterable[str], role: str) -> None:
    """Raise :class:`MissingValueError` when any of the columns has missing values."""
    for name in names:
        total, rows = missing_rows(table, name)
        if total:
            raise MissingValueError(
                f"The {role} column {name!r} has {total} missing value(s), in {rows}. Design "
                "variables must be complete: fill them in or drop those rows before estimating."
            )


def require_non_negative(table: pa.Table, name: str, role: str) -> None:
    """Raise :class:`DesignError` when a numeric column has negative values."""
    total, rows = flagged_rows(table, pc.less(table.column(name), 0))
    if total:
        raise DesignError(
            f"The {role} column {name!r} has {total} negative value(s), in {rows}. Weights and "
            "population sizes must be zero or positive."
        )


def missing_rows(table: pa.Table, name: str) -> tuple[int, str]:
    """How many values of a column are missing, and the first such rows described."""
    return flagged_rows(table, pc.is_null(table.column(name), nan_is_null=True))


def flagged_rows(table: pa.Table, mask: pa.ChunkedArray, first: int = 5) -> tuple[int, str]:
    """How many rows ``mask`` flags, and the first of them as ``rows 3, 17 (and 4 more)``."""
    mask = pc.fill_null(mask, False)
    total = int(pc.sum(mask).as_py() or 0)
    rows = pc.filter(table.column(ROW), mask).slice(0, first).to_pylist()
    return total, describe_rows(rows, total)


def _unparseable_rows(table: pa.Table, name: str, first: int = 5) -> tuple[list[int], list[str]]:
    rows: list[int] = []
    values: list[str] = []
    for row, value in zip(
        table.column(ROW).to_pylist(), table.column(name).to_pylist(), strict=True
    ):
        if value is None:
            continue
        try:
            float(value)
        except ValueError:
            rows.append(int(row))
            values.append(value)
            if len(rows) >= first:
                break
    return rows, values
