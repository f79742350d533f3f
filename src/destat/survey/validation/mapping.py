"""Mapping a national survey file to the model questionnaire's names and codes.

The mapping table has one row per variable (``file``, ``national_variable``, ``model_variable``)
and one row per code (``national_code`` → ``model_code``; an empty model code means missing), as
the demo country's ``mapping.csv``. A national code that the table does not list is kept,
marked as unmapped, so that validation reports it instead of reading it as a model code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from destat.errors import InputFileError
from destat.survey.validation.data import display_text

__all__ = ["UNMAPPED_SUFFIX", "VariableMapping", "read_mapping", "to_model"]

UNMAPPED_SUFFIX = " (not in the mapping)"
_REQUIRED = ("file", "national_variable", "model_variable", "national_code", "model_code")


@dataclass(frozen=True)
class VariableMapping:
    """National → model column names, and per national column its code translation."""

    file: str
    columns: dict[str, str]
    codes: dict[str, dict[str, str | None]]

    @property
    def column_names(self) -> dict[str, str]:
        """Model name → national name, for reporting problems under the user's names."""
        return {model: national for national, model in self.columns.items()}


def read_mapping(path: Path | str, file_name: str) -> VariableMapping:
    """Read the mapping rows of ``file_name`` (e.g. ``encuesta_tic_empresas.csv``) from a CSV."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [name for name in _REQUIRED if name not in table.columns]
    if missing:
        raise InputFileError(
            f"The mapping file {path} lacks the columns {missing}; expected {list(_REQUIRED)}."
        )
    rows = table[table["file"] == file_name]
    if rows.empty:
        files = sorted(table["file"].unique())
        raise InputFileError(
            f"The mapping file {path} has no rows for {file_name!r}; it maps {files}."
        )
    variables = rows[rows["national_code"] == ""]
    codes: dict[str, dict[str, str | None]] = {}
    for row in rows[rows["national_code"] != ""].itertuples():
        codes.setdefault(str(row.national_variable), {})[str(row.national_code)] = (
            str(row.model_code) or None
        )
    return VariableMapping(
        file_name,
        dict(zip(variables["national_variable"], variables["model_variable"], strict=True)),
        codes,
    )


def to_model(frame: pd.DataFrame, mapping: VariableMapping) -> pd.DataFrame:
    """The national table with model names and model codes (codes as text, None for missing).

    Columns the mapping does not name are dropped; a coded value the mapping does not list
    becomes ``"<value> (not in the mapping)"`` so that the ``allowed_code`` rule reports it.
    """
    columns = {}
    for national, model in mapping.columns.items():
        if national not in frame.columns:
            continue
        values = frame[national]
        table = mapping.codes.get(national)
        if table is not None:
            text = display_text(values).str.strip()
            mapped = text.map(table)
            unknown = ~text.isin(list(table)) & (text != "")
            values = mapped.astype(object).where(~unknown, text + UNMAPPED_SUFFIX)
            values = values.where(values.notna(), None)
        columns[model] = values.reset_index(drop=True)
    return pd.DataFrame(columns)
