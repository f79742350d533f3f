"""Reading the register, the domain-registry extract, search results and labels from CSV files.

Every file is read as text (UTF-8, comma-separated, header row); identifiers keep their leading
zeros. Optional columns that are absent are read as empty.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from destat.errors import InputFileError

__all__ = [
    "LABEL_COLUMNS",
    "REGISTER_COLUMNS",
    "REGISTRY_COLUMNS",
    "SEARCH_COLUMNS",
    "read_labels",
    "read_register",
    "read_registry",
    "read_search_results",
]

# Each table: (required columns, optional columns).
REGISTER_COLUMNS = (("enterprise_id", "name"), ("tax_id", "website", "email", "phone"))
REGISTRY_COLUMNS = (("domain", "registrant_name"), ("registrant_tax_id", "registration_date"))
SEARCH_COLUMNS = (("enterprise_id", "rank", "url"), ("title", "snippet"))
LABEL_COLUMNS = (("enterprise_id", "url"), ())


def _read(path: Path, what: str, columns: tuple[tuple[str, ...], tuple[str, ...]]) -> pd.DataFrame:
    required, optional = columns
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(f"The {what} file {path} does not exist; check the path.") from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputFileError(
            f"The {what} file {path} is not a UTF-8 CSV file with a header row ({exc}); "
            "save it as CSV UTF-8 and try again."
        ) from None
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise InputFileError(
            f"The {what} file {path} lacks the column(s) {', '.join(missing)}; it has "
            f"{', '.join(table.columns)}. Rename the columns in the header row "
            f"(expected: {', '.join(required + optional)})."
        )
    for column in optional:
        if column not in table.columns:
            table[column] = ""
    table = table[list(required + optional)]
    for column in table.columns:
        table[column] = table[column].str.strip()
    return table


def _check_ids(table: pd.DataFrame, path: Path, what: str, unique: bool) -> None:
    empty = table.index[table["enterprise_id"] == ""]
    if len(empty):
        raise InputFileError(
            f"The {what} file {path} has an empty enterprise_id on data row(s) "
            f"{', '.join(str(i + 2) for i in empty[:5])} (line numbers); fill or delete them."
        )
    if unique:
        repeated = table["enterprise_id"][table["enterprise_id"].duplicated()].unique()
        if len(repeated):
            raise InputFileError(
                f"The {what} file {path} repeats enterprise_id {', '.join(repeated[:5])}; "
                "each enterprise must appear once."
            )


def read_register(path: Path) -> pd.DataFrame:
    """The business register: enterprise_id, name, and optionally tax_id, website, email, phone."""
    table = _read(path, "register", REGISTER_COLUMNS)
    _check_ids(table, path, "register", unique=True)
    return table


def read_registry(path: Path) -> pd.DataFrame:
    """A domain-registry extract: domain, registrant_name, registrant_tax_id, registration_date."""
    return _read(path, "domain registry", REGISTRY_COLUMNS)


def read_search_results(path: Path) -> pd.DataFrame:
    """Search-engine results: enterprise_id, rank (1 = first), url, title, snippet."""
    table = _read(path, "search results", SEARCH_COLUMNS)
    _check_ids(table, path, "search results", unique=False)
    ranks = pd.to_numeric(table["rank"], errors="coerce")
    bad = table.index[ranks.isna() | (ranks < 1)]
    if len(bad):
        raise InputFileError(
            f"The search results file {path} has a rank that is not a whole number from 1 on "
            f"line(s) {', '.join(str(i + 2) for i in bad[:5])}; fix the rank column."
        )
    table["rank"] = ranks.astype(int)
    return table


def read_labels(path: Path) -> pd.DataFrame:
    """A labelled sample: enterprise_id and its true website url (empty when it has none)."""
    table = _read(path, "labels", LABEL_COLUMNS)
    _check_ids(table, path, "labels", unique=True)
    return table
