"""Reading the index's inputs into one tidy table: country, year, component, value, source.

Three layouts are read, all as published, so that the index can be built offline:

- a tidy CSV of components (``country, year, component, value[, source]``);
- SDMX-CSV from UNCTADstat, ITU or the World Bank (``REF_AREA``, ``TIME_PERIOD``, ``OBS_VALUE``
  and an ``INDICATOR`` or ``SERIES`` column) -- the same tidy shape under other names;
- the World Bank's wide CSV download (``Country Name, Country Code, Indicator Name, Indicator
  Code, 1960, 1961, ...`` after a few lines of notes).

Any other reader (SDMX-ML, for instance) feeds the index through :func:`tidy_series` with a
table of country, year, series and value. Series codes of the publishers are mapped to components
(World Bank WDI ``FX.OWN.TOTL.ZS``, ``IT.NET.USER.ZS``, ``IT.NET.SECR.P6``; ITU ``i99H``).
"""

from __future__ import annotations

import csv
import io
import logging
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from destat.errors import InputFileError

__all__ = [
    "COMPONENTS",
    "PERCENT_COMPONENTS",
    "SERIES_COMPONENTS",
    "B2CInputError",
    "combine_inputs",
    "from_table",
    "read_groups",
    "read_inputs",
    "read_series_file",
    "tidy_series",
]

log = logging.getLogger(__name__)

COMPONENTS = (
    "account",
    "credit_card",
    "internet",
    "servers",
    "postal_reliability",
    "home_delivery",
)
PERCENT_COMPONENTS = frozenset(COMPONENTS) - {"servers"}

SERIES_COMPONENTS = {
    **{name.upper(): name for name in COMPONENTS},
    "FX.OWN.TOTL.ZS": "account",
    "IT.NET.USER.ZS": "internet",
    "I99H": "internet",
    "IT.NET.SECR.P6": "servers",
    "PRI": "postal_reliability",
}

_ALIASES = {
    "country": ("country", "iso3", "ref_area", "country code", "country_code", "economy"),
    "year": ("year", "time_period", "time"),
    "series": ("component", "series", "indicator", "indicator code", "indicator_code"),
    "value": ("value", "obs_value"),
    "source": ("source", "source_edition"),
}
_ISO3 = re.compile(r"[A-Z]{3}")
_YEAR = re.compile(r"\d{4}")
_MAX_BYTES = 200_000_000
TIDY_COLUMNS = ["country", "year", "component", "value", "source", "origin"]


class B2CInputError(InputFileError):
    """An input of the B2C E-commerce Index is not of the expected form."""


def read_inputs(paths: Sequence[Path]) -> pd.DataFrame:
    """Read every file into one tidy table; the same figure given twice must agree."""
    return combine_inputs([read_series_file(Path(path)) for path in paths])


def combine_inputs(tables: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """One tidy table from several; the same figure given twice must agree."""
    return _check_duplicates(pd.concat(tables, ignore_index=True))


def read_series_file(path: Path) -> pd.DataFrame:
    """Read one CSV file in any of the three layouts into the tidy table."""
    rows = _csv_rows(path)
    header_at = next((i for i, row in enumerate(rows) if row[:1] == ["Country Name"]), None)
    if header_at is not None:
        return _world_bank_wide(rows, header_at, path)
    if not rows:
        raise B2CInputError(f"{path}: the file is empty; expected a header and data rows.")
    return tidy_series(_long_records(rows[0], rows[1:], path), path)


def from_table(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """The tidy table from any reader's table of country, year, series and value.

    Columns may carry the SDMX names (``REF_AREA``, ``TIME_PERIOD``, ``INDICATOR`` or ``SERIES``,
    ``OBS_VALUE``); ``name`` stands for the file in messages, whose line 2 is the first row.
    """
    text = table.astype(object).where(table.notna(), "").astype(str)
    rows = text.to_numpy().tolist()
    return tidy_series(_long_records(list(table.columns.astype(str)), rows, Path(name)), Path(name))


def _long_records(
    header: list[str], body: list[list[str]], path: Path
) -> Iterator[tuple[int, str, str, str, str, str]]:
    columns = _find_columns(header, path)
    for line, row in enumerate(body, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise B2CInputError(
                f"{path}, line {line}: {len(row)} cells for {len(header)} columns; "
                "fill in the missing cells or remove the row."
            )
        source = row[columns["source"]] if "source" in columns else path.name
        country, year, series, value = (
            row[columns[r]] for r in ("country", "year", "series", "value")
        )
        yield line, country, year, series, value, source


def tidy_series(records: Iterable[tuple[int, str, str, str, str, str]], path: Path) -> pd.DataFrame:
    """Check and convert ``(line, country, year, series, value, source)`` records.

    Rows with an empty value (not published) and series that are not components are left out;
    anything else that does not fit raises :class:`B2CInputError` naming file, line and column.
    """
    kept: list[tuple[str, int, str, float, str, str]] = []
    unknown: set[str] = set()
    for line, country, year, series, value, source in records:
        if not value.strip():
            continue
        component = SERIES_COMPONENTS.get(series.strip().upper())
        if component is None:
            unknown.add(series.strip())
            continue
        where = f"{path}, line {line}"
        kept.append(
            (
                _country(country, where),
                _year(year, where),
                component,
                _value(value, component, where),
                source.strip(),
                where,
            )
        )
    if unknown:
        log.warning("%s: series not used by the index left out: %s", path, sorted(unknown))
    if not kept:
        raise B2CInputError(
            f"{path}: no values of the index's components were found; expected series named "
            f"{', '.join(COMPONENTS)} or the codes FX.OWN.TOTL.ZS, IT.NET.USER.ZS, i99H, "
            "IT.NET.SECR.P6, PRI."
        )
    return pd.DataFrame(kept, columns=TIDY_COLUMNS)


def _csv_rows(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise B2CInputError(f"{path}: no such file; give the path of a CSV file.")
    if path.stat().st_size > _MAX_BYTES:
        raise B2CInputError(f"{path}: larger than {_MAX_BYTES:,} bytes; split the file.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise B2CInputError(
            f"{path}: not UTF-8 text (byte {error.start}); save the file as UTF-8 CSV."
        ) from None
    return list(csv.reader(io.StringIO(text)))


def _find_columns(header: list[str], path: Path) -> dict[str, int]:
    names = [cell.strip().lower() for cell in header]
    found: dict[str, int] = {}
    for role, aliases in _ALIASES.items():
        position = next((names.index(a) for a in aliases if a in names), None)
        if position is not None:
            found[role] = position
        elif role != "source":
            raise B2CInputError(
                f"{path}, line 1: no column for {role}; expected one of {', '.join(aliases)} "
                f"(found {', '.join(header)})."
            )
    return found


def _world_bank_wide(rows: list[list[str]], header_at: int, path: Path) -> pd.DataFrame:
    header = rows[header_at]
    if header[1:4] != ["Country Code", "Indicator Name", "Indicator Code"]:
        raise B2CInputError(
            f"{path}, line {header_at + 1}: expected the World Bank columns Country Name, "
            f"Country Code, Indicator Name, Indicator Code, then years; found {header[:5]}."
        )
    years = [(i, name) for i, name in enumerate(header) if _YEAR.fullmatch(name.strip())]
    records = (
        (line, row[1], year, row[3], row[i] if i < len(row) else "", "World Bank WDI")
        for line, row in enumerate(rows[header_at + 1 :], start=header_at + 2)
        if len(row) > 3
        for i, year in years
    )
    return tidy_series(records, path)


def _country(text: str, where: str) -> str:
    code = text.strip()
    if not _ISO3.fullmatch(code):
        raise B2CInputError(
            f"{where}, column country: {code!r} is not an ISO 3166 alpha-3 code; write the "
            "country as three capital letters, e.g. KEN."
        )
    return code


def _year(text: str, where: str) -> int:
    if not _YEAR.fullmatch(text.strip()):
        raise B2CInputError(f"{where}, column year: {text!r} is not a year such as 2019.")
    return int(text)


def _value(text: str, component: str, where: str) -> float:
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise B2CInputError(f"{where}, column value: {text!r} is not a number.")
    top = 100.0 if component in PERCENT_COMPONENTS else math.inf
    if not 0.0 <= number <= top:
        limits = "between 0 and 100" if top == 100 else "0 or more"
        raise B2CInputError(
            f"{where}, column value: {component} is {number}, but must be {limits}; check the "
            "unit (per cent, or servers per million people)."
        )
    return number


def _check_duplicates(table: pd.DataFrame) -> pd.DataFrame:
    keys = ["country", "year", "component"]
    distinct = table.drop_duplicates(subset=[*keys, "value"])
    clash = distinct[distinct.duplicated(subset=keys, keep=False)]
    if not clash.empty:
        first = clash.iloc[0]
        others = clash[(clash[keys] == first[keys]).all(axis=1)]["origin"].tolist()
        raise B2CInputError(
            f"{first['component']} of {first['country']} for {first['year']} is given twice with "
            f"different values ({' and '.join(others)}); keep one of them."
        )
    return table.drop_duplicates(subset=keys).reset_index(drop=True)


def read_groups(path: Path) -> pd.DataFrame:
    """Read country groups (``country, group[, grouping]``) for aggregates such as regions.

    A country may belong to several groupings (region, income group), once in each.
    """
    rows = _csv_rows(path)
    if not rows:
        raise B2CInputError(f"{path}: the file is empty; expected columns country, group.")
    names = [cell.strip().lower() for cell in rows[0]]
    for needed in ("country", "group"):
        if needed not in names:
            raise B2CInputError(
                f"{path}, line 1: no column {needed}; expected columns country, group and "
                f"optionally grouping (found {', '.join(rows[0])})."
            )
    at = {name: names.index(name) for name in ("country", "group", "grouping") if name in names}
    records = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{path}, line {line}"
        group = row[at["group"]].strip()
        if not group:
            raise B2CInputError(f"{where}, column group: empty; name the group of the country.")
        grouping = row[at["grouping"]].strip() if "grouping" in at else "group"
        records.append((_country(row[at["country"]], where), grouping, group, where))
    table = pd.DataFrame(records, columns=["country", "grouping", "group", "origin"])
    twice = table[table.duplicated(subset=["country", "grouping"], keep="first")]
    if not twice.empty:
        first = twice.iloc[0]
        raise B2CInputError(
            f"{first['origin']}: {first['country']} is in two groups of {first['grouping']}; "
            "put each country in one group per grouping."
        )
    return table.drop(columns="origin")
