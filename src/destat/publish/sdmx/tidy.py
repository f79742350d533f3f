"""From destat's results table (one row per figure) to SDMX observations (one column per component).

Proportions become percentages (``OBS_VALUE = 100 × estimate``; SE and confidence limits alike,
CV in %). A figure that may not be shown keeps its key and flags but loses its value and every
number derived from it: cells not free for publication (``CONF_STATUS`` C, D, N or S; SE, CV or
a confidence limit would give the value back) and figures graded ``QUALITY`` C (not reliable
enough to publish).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from destat.errors import describe_rows
from destat.indicators.catalogue import load_catalogue
from destat.publish.sdmx.errors import ResultsTableError
from destat.publish.sdmx.structure import UNIT_CODES, DataStructure

__all__ = ["DECIMALS", "RESULT_COLUMNS", "is_missing", "percent", "shown", "to_observations"]

DECIMALS = 6
"""Decimals kept in published percentages: removes binary noise (47.300000000000004)."""

# Results column -> dimension or coded attribute it fills.
_CODED = {
    "indicator": "MEASURE",
    "unit": "UNIT_MEASURE",
    "activity": "ACTIVITY",
    "size_class": "SIZE_CLASS",
    "owner_sex": "SEX",
    "region": "REGION",
    "obs_status": "OBS_STATUS",
    "conf_status": "CONF_STATUS",
    "quality": "QUALITY",
}
# Results column -> uncoded attribute (percentage points or %) it fills.
_SCALED = {"se": "SE", "cv": "CV", "ci_low": "CI_LOWER", "ci_high": "CI_UPPER"}
RESULT_COLUMNS = (
    "indicator",
    "unit",
    "size_class",
    "activity",
    "owner_sex",
    "region",
    "time_period",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "cv",
    "n",
    "quality",
    "conf_status",
    "obs_status",
)
_HIDDEN_CONF = ("C", "D", "N", "S")
_YEAR = re.compile(r"^[0-9]{4}$")


def _fail(column: str, rows: pd.Series, problem: str, fix: str) -> ResultsTableError:
    where = describe_rows(np.flatnonzero(rows.to_numpy()).tolist(), total=int(rows.sum()))
    return ResultsTableError(f"Column {column!r} of the results table {problem} at {where}. {fix}")


def _codes(results: pd.DataFrame, column: str, allowed: tuple[str, ...]) -> pd.Series:
    values = results[column]
    missing = values.isna()
    text = values.astype("string").str.strip()
    if column != "quality" and missing.any():
        raise _fail(column, missing, "is empty", f"Give every row one of {', '.join(allowed)}.")
    bad = ~missing & ~text.isin(allowed)
    if bad.any():
        found = ", ".join(repr(v) for v in dict.fromkeys(text[bad].tolist()))
        raise _fail(
            column,
            bad,
            f"has codes {found} that the SDMX structure does not know",
            f"Use one of {', '.join(allowed)}"
            + (" (pass region names with regions=...)." if column == "region" else "."),
        )
    return text.astype(object).where(~missing, None)


def _years(results: pd.DataFrame) -> pd.Series:
    values = results["time_period"]
    text = values.map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
    bad = values.isna() | ~text.str.fullmatch(_YEAR.pattern)
    if bad.any():
        raise _fail("time_period", bad, "is not a year", "Write the reference year, e.g. '2025'.")
    return text


def _numbers(results: pd.DataFrame, column: str) -> pd.Series:
    values = pd.to_numeric(results[column], errors="coerce").astype(float)
    bad = results[column].notna() & values.isna()
    if bad.any():
        raise _fail(column, bad, "is not a number", "Keep only numbers (or leave cells empty).")
    return values.where(np.isfinite(values))


def _check_ref_area(results: pd.DataFrame, ref_area: str) -> None:
    if "ref_area" not in results.columns:
        return
    bad = results["ref_area"].astype("string").str.strip() != ref_area
    if bad.any():
        raise _fail(
            "ref_area",
            bad.fillna(True),
            f"differs from the reference area {ref_area!r} being published",
            "Publish one country at a time, or pass its code as ref_area.",
        )


def _check_values(estimate: pd.Series, se: pd.Series, n: pd.Series) -> None:
    outside = (estimate < 0) | (estimate > 1)
    if outside.any():
        raise _fail(
            "estimate",
            outside,
            "is outside 0..1",
            "The table must hold proportions (0.473), not percentages (47.3).",
        )
    if (se < 0).any():
        raise _fail("se", se < 0, "is negative", "Standard errors are 0 or more.")
    bad_n = n.notna() & ((n < 0) | (n % 1 != 0))
    if bad_n.any():
        raise _fail("n", bad_n, "is not a count", "n is the unweighted number of respondents.")


def _check_units(out: pd.DataFrame) -> None:
    catalogue = load_catalogue()
    indicator = out["MEASURE"].str.split("_", n=1).str[0]
    expected = indicator.map(lambda code: UNIT_CODES[catalogue.by_code[code].unit])
    bad = out["UNIT_MEASURE"] != expected
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise _fail(
            "unit",
            bad,
            f"does not match the indicator (e.g. {out['MEASURE'][first]} is measured in "
            f"{expected[first]}, not {out['UNIT_MEASURE'][first]})",
            "Use the unit the indicator catalogue gives each indicator.",
        )


def percent(values: pd.Series) -> pd.Series:
    """Proportions as published percentages: 100 × value, rounded to ``DECIMALS``."""
    return (values * 100).round(DECIMALS)


def shown(conf_status: pd.Series, quality: pd.Series) -> pd.Series:
    """Which figures may be shown with their numbers: free for publication (``CONF_STATUS``
    not C, D, N or S) and not graded ``QUALITY`` C."""
    return ~conf_status.isin(_HIDDEN_CONF) & (quality != "C")


def to_observations(results: pd.DataFrame, structure: DataStructure) -> pd.DataFrame:
    """Check the results table against ``structure`` and return one row per observation with one
    column per component (codes as text, numbers as floats, ``N_RESP`` as Int64), sorted by key.
    """
    missing = [column for column in RESULT_COLUMNS if column not in results.columns]
    if missing:
        raise ResultsTableError(
            f"The results table lacks column(s) {', '.join(missing)}; it needs "
            f"{', '.join(RESULT_COLUMNS)} (one row per figure, as the estimation step writes it)."
        )
    if results.empty:
        raise ResultsTableError("The results table has no rows; there is nothing to publish.")
    results = results.reset_index(drop=True)
    ref_area = structure.codes("REF_AREA")[0]
    _check_ref_area(results, ref_area)
    out = pd.DataFrame(index=results.index)
    out["REF_AREA"] = ref_area
    out["FREQ"] = "A"
    for column, concept in _CODED.items():
        out[concept] = _codes(results, column, structure.codes(concept))
    out["TIME_PERIOD"] = _years(results)
    _check_units(out)
    numbers = {column: _numbers(results, column) for column in ("estimate", *_SCALED, "n")}
    _check_values(numbers["estimate"], numbers["se"], numbers["n"])

    key = [c.id for c in structure.dimensions]
    repeated = out.duplicated(subset=key, keep=False)
    if repeated.any():
        raise _fail(
            "indicator",
            repeated,
            "repeats the same figure (same indicator, unit, breakdowns and year)",
            "Keep one row per figure.",
        )

    visible = shown(out["CONF_STATUS"], out["QUALITY"])
    out["OBS_VALUE"] = percent(numbers["estimate"]).where(visible)
    out["UNIT_MULT"] = "0"
    for column, concept in _SCALED.items():
        out[concept] = percent(numbers[column]).where(visible)
    out["N_RESP"] = numbers["n"].where(visible).astype("Int64")
    columns = [*key, "OBS_VALUE", *(a.id for a in structure.attributes)]
    return out[columns].sort_values(key, kind="stable").reset_index(drop=True)


def is_missing(value: object) -> bool:
    """Whether a cell of an observations table holds no value."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
