"""Reading the project's input files as the office hands them over, then mapping them to the
model questionnaire's names and codes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from destat.errors import InputFileError
from destat.survey.validation import VariableMapping, read_mapping, to_model


def read_text_table(path: Path) -> pd.DataFrame:
    """A data file with every value as text (None where empty), whatever its format."""
    if not path.is_file():
        raise InputFileError(f"Input file not found: {path}. Check [inputs] in destat.toml.")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    elif suffix in (".xlsx", ".xlsm"):
        frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    elif suffix in (".parquet", ".pq"):
        frame = pd.read_parquet(path)
    elif suffix in (".sav", ".zsav", ".dta"):
        import pyreadstat

        reader = pyreadstat.read_dta if suffix == ".dta" else pyreadstat.read_sav
        frame, _meta = reader(str(path))
    else:
        raise InputFileError(
            f"Unsupported file type {suffix!r} for {path}: use .csv, .xlsx, .sav, .dta or .parquet."
        )
    return frame.apply(_as_text)


def _as_text(column: pd.Series) -> pd.Series:
    def one(value: object) -> str | None:
        if value is None or (isinstance(value, float) and value != value) or value == "":
            return None
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return column.map(one).astype(object)


def mapping_for(mapping_file: Path, data_file: Path) -> VariableMapping:
    """The mapping rows for ``data_file``, matched by file name, else by name without suffix
    (so that the Excel or SPSS copy of a file uses the rows written for its CSV)."""
    table = pd.read_csv(mapping_file, dtype=str, keep_default_na=False, usecols=["file"])
    names = set(table["file"])
    name = data_file.name
    if name not in names:
        same_stem = sorted(n for n in names if Path(n).stem == data_file.stem)
        if not same_stem:
            raise InputFileError(
                f"The mapping file {mapping_file} has no rows for {name}; it maps {sorted(names)}."
            )
        name = same_stem[0]
    return read_mapping(mapping_file, name)


def read_mapped(path: Path, mapping_file: Path) -> tuple[pd.DataFrame, VariableMapping]:
    """A data file with model names and codes, and the mapping used (for national names)."""
    mapping = mapping_for(mapping_file, path)
    return to_model(read_text_table(path), mapping), mapping
