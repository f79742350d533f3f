"""Writing the demo survey file as an NSO has it: CSV, Excel, SPSS (.sav) and Stata (.dta).

A column that mixes numbers with text (as a planted error does) is written as a text column in
SPSS and Stata, which is what these packages do when such data are imported from a spreadsheet.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

__all__ = ["write_csv", "write_dta", "write_sav", "write_xlsx"]

_STATA_LABEL_LENGTH = 80
_NUMERIC_KINDS = {"integer", "floating", "mixed-integer-float", "empty"}


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """Write a UTF-8 CSV file with a header row and blanks for missing values."""
    table.to_csv(path, index=False, encoding="utf-8")
    return path


def write_xlsx(table: pd.DataFrame, path: Path, sheet_name: str) -> Path | None:
    """Write an Excel workbook with one sheet, or return None when openpyxl is not installed."""
    if importlib.util.find_spec("openpyxl") is None:
        return None
    table.to_excel(path, index=False, sheet_name=sheet_name, engine="openpyxl")
    return path


def _statistical_package_table(table: pd.DataFrame) -> pd.DataFrame:
    """Numbers as float64 with NaN for missing; anything holding text as str with "" for missing."""
    columns: dict[str, object] = {}
    for name in table.columns:
        column = table[name]
        kind = pd.api.types.infer_dtype(column, skipna=True)
        if pd.api.types.is_numeric_dtype(column) or kind in _NUMERIC_KINDS:
            columns[name] = pd.to_numeric(column).astype("float64")
        else:
            columns[name] = column.astype("string").fillna("").to_numpy(dtype=object)
    return pd.DataFrame(columns)


def _labels_for(
    table: pd.DataFrame, value_labels: dict[str, dict[int | float, str]]
) -> dict[str, dict[int | float, str]]:
    return {
        name: labels
        for name, labels in value_labels.items()
        if name in table.columns and pd.api.types.is_numeric_dtype(table[name])
    }


def write_sav(
    table: pd.DataFrame,
    path: Path,
    column_labels: dict[str, str],
    value_labels: dict[str, dict[int | float, str]],
    user_missing: dict[str, list[int | float]],
) -> Path | None:
    """Write an SPSS .sav file with labels and user-missing codes, or None without pyreadstat."""
    if importlib.util.find_spec("pyreadstat") is None:
        return None
    import pyreadstat

    data = _statistical_package_table(table)
    pyreadstat.write_sav(
        data,
        str(path),
        column_labels={name: column_labels.get(name) for name in data.columns},
        variable_value_labels=_labels_for(data, value_labels),
        missing_ranges={
            k: list(v) for k, v in user_missing.items() if k in _labels_for(data, value_labels)
        },
    )
    return path


def write_dta(
    table: pd.DataFrame,
    path: Path,
    column_labels: dict[str, str],
    value_labels: dict[str, dict[int | float, str]],
) -> Path | None:
    """Write a Stata .dta file with variable and value labels, or None without pyreadstat."""
    if importlib.util.find_spec("pyreadstat") is None:
        return None
    import pyreadstat

    data = _statistical_package_table(table)
    pyreadstat.write_dta(
        data,
        str(path),
        column_labels={
            name: (column_labels.get(name) or "")[:_STATA_LABEL_LENGTH] for name in data.columns
        },
        variable_value_labels=_labels_for(data, value_labels),
    )
    return path
