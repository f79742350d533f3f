"""Reading survey microdata into Arrow: files (CSV, Parquet, Excel, SPSS, Stata) and data frames.

Every table gets a ``__destat_row`` column with the 0-based position of each row in the input,
so that errors can name rows as the user sees them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from destat.errors import InputFileError

ROW = "__destat_row"
MAX_EXCEL_BYTES = 200 * 1024 * 1024


def read_table(data: Any) -> pa.Table:
    """Return ``data`` as an Arrow table with the row-number column added."""
    table = _as_arrow(data)
    if ROW in table.column_names:
        raise InputFileError(f"The input already has a column named {ROW!r}; rename it.")
    return table.append_column(ROW, pa.array(range(table.num_rows), type=pa.int64()))


def _as_arrow(data: Any) -> pa.Table:
    if isinstance(data, str | Path):
        return _read_file(Path(data))
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatchReader):
        return data.read_all()
    module = type(data).__module__.split(".")[0]
    if module == "pandas":
        return _from_pandas(data)
    if module == "polars":
        return data.to_arrow()
    if module in ("duckdb", "_duckdb"):
        return data.to_arrow_table()
    raise InputFileError(
        f"Cannot read data of type {type(data).__name__}: give a file path (CSV, Parquet, Excel, "
        "SPSS .sav, Stata .dta), a pandas or polars DataFrame, an Arrow table or a DuckDB relation."
    )


def _from_pandas(frame: Any) -> pa.Table:
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # Mixed columns (numbers and text, as typed in a spreadsheet) become text, so that the
        # checks can name the cells that are not numbers.
        mixed = frame.copy()
        for name in [c for c in mixed.columns if pd.api.types.is_object_dtype(mixed[c])]:
            mixed[name] = [None if _is_missing(v) else str(v) for v in mixed[name]]
        return pa.Table.from_pandas(mixed, preserve_index=False)


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _read_file(path: Path) -> pa.Table:
    if not path.is_file():
        raise InputFileError(f"File not found: {path}. Check the path (relative to {Path.cwd()}).")
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            return pacsv.read_csv(path)
        if suffix in (".parquet", ".pq"):
            return pq.read_table(path)
        if suffix in (".xlsx", ".xlsm"):
            return _read_excel(path)
        if suffix in (".sav", ".zsav", ".dta"):
            return _read_stats_package(path)
    except (pa.ArrowInvalid, OSError, ValueError) as error:
        raise InputFileError(f"Cannot read {path}: {error}") from error
    raise InputFileError(
        f"Unsupported file type {suffix!r} for {path}: use .csv, .parquet, .xlsx, .sav or .dta."
    )


def _read_excel(path: Path) -> pa.Table:
    from openpyxl import load_workbook

    if path.stat().st_size > MAX_EXCEL_BYTES:
        raise InputFileError(f"{path} is larger than {MAX_EXCEL_BYTES} bytes; save it as CSV.")
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise InputFileError(f"{path}: the first sheet is empty.")
        names = [
            str(name) if name is not None else f"column_{i + 1}" for i, name in enumerate(header)
        ]
        columns: list[list[Any]] = [[] for _ in names]
        for row in rows:
            for i in range(len(names)):
                columns[i].append(row[i] if i < len(row) else None)
    finally:
        book.close()
    return pa.table({name: pa.array(values) for name, values in zip(names, columns, strict=True)})


def _read_stats_package(path: Path) -> pa.Table:
    import pyreadstat

    reader = pyreadstat.read_dta if path.suffix.lower() == ".dta" else pyreadstat.read_sav
    frame, _meta = reader(str(path))
    return pa.Table.from_pandas(frame, preserve_index=False)
