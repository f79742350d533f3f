"""The results table read into figures, each one shown, or hidden behind a symbol.

A figure is hidden when it is confidential (``conf_status`` other than F: primary C, secondary
D, or N/S), when it is too unreliable to publish (``quality`` C), or when it has no value.
Everything derived from a hidden figure (interval, CV, n) is hidden with it, since those numbers
would give it back.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from destat.errors import describe_rows
from destat.indicators.catalogue import Catalogue
from destat.publish.release.errors import ReleaseInputError, ReleaseSettingError

__all__ = [
    "KEYS",
    "REQUIRED",
    "TOTALS",
    "Figure",
    "Status",
    "check_table",
    "check_thresholds",
    "figure_status",
    "read_figures",
    "single_period",
    "split_code",
]

KEYS = ("indicator", "size_class", "activity", "owner_sex", "region")
REQUIRED = (*KEYS, "estimate", "ci_low", "ci_high", "cv", "n", "quality", "conf_status")
TOTALS = {
    "size_class": ("GE10", "_T"),
    "activity": ("_T",),
    "owner_sex": ("_T",),
    "region": ("_T",),
}
_QUALITY = ("A", "B", "C")
_CONF = ("F", "C", "D", "N", "S")


class Status(StrEnum):
    """Whether a figure is shown, and if not, why; the value is the symbol printed instead."""

    SHOWN = ""
    CONFIDENTIAL = ".."
    UNRELIABLE = "x"
    MISSING = ":"


def figure_status(conf_status: str, quality: str, estimate: float | None) -> Status:
    """Whether a figure is shown, or why not: confidential first (its numbers may be gone),
    then not reliable enough (grade C), then missing."""
    if conf_status != "F":
        return Status.CONFIDENTIAL
    if quality == "C":
        return Status.UNRELIABLE
    if estimate is None or estimate != estimate:
        return Status.MISSING
    return Status.SHOWN


@dataclass(frozen=True)
class Figure:
    """One row of the results table, with its missing numbers as ``None``."""

    indicator: str
    size_class: str
    activity: str
    owner_sex: str
    region: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    cv: float | None
    n: float | None
    quality: str
    conf_status: str
    obs_status: str

    @property
    def status(self) -> Status:
        """Shown, or the reason it is hidden (confidentiality comes first)."""
        return figure_status(self.conf_status, self.quality, self.estimate)

    @property
    def shown(self) -> bool:
        """True if the value may be printed."""
        return self.status is Status.SHOWN

    @property
    def shown_estimate(self) -> float | None:
        """The estimate if it may be printed, else None."""
        return self.estimate if self.shown else None

    @property
    def breakdown(self) -> tuple[str, ...]:
        """The dimensions in which this figure is not a total (empty for the overall figure)."""
        return tuple(d for d, totals in TOTALS.items() if getattr(self, d) not in totals)

    @property
    def is_total(self) -> bool:
        """True for the figure of all businesses in scope."""
        return not self.breakdown


def split_code(code: str) -> tuple[str, str | None]:
    """``B9_FIXED_BB`` -> (``B9``, ``FIXED_BB``); ``B1`` -> (``B1``, None)."""
    base, _, category = code.partition("_")
    return base, category or None


def _number(value: object) -> float | None:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _text(value: object, default: str = "") -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return default
    return str(value).strip()


def _fail(what: str, mask: pd.Series, column: str, problem: str, fix: str) -> ReleaseInputError:
    rows = describe_rows(np.flatnonzero(mask.to_numpy()).tolist(), total=int(mask.sum()))
    return ReleaseInputError(f"Column {column!r} of the {what} {problem} at {rows}. {fix}")


def _check_codes(table: pd.DataFrame, catalogue: Catalogue, what: str) -> None:
    codes = table["indicator"].astype("string").str.strip()
    known = set(catalogue.codes)
    categories = {i.code: {c.code for c in i.categories} for i in catalogue.indicators}

    def valid(code: object) -> bool:
        if not isinstance(code, str):
            return False
        base, category = split_code(code)
        return base in known and (category is None or category in categories[base])

    bad = ~codes.map(valid, na_action="ignore").fillna(False).astype(bool)
    if bad.any():
        found = ", ".join(repr(c) for c in dict.fromkeys(codes[bad].tolist()))
        raise _fail(
            what,
            bad,
            "indicator",
            f"holds codes that are not in the catalogue ({found})",
            f"Use catalogue codes ({', '.join(catalogue.codes)}), with _CATEGORY for a "
            "category such as B9_FIXED_BB.",
        )


def _check_allowed(table: pd.DataFrame, column: str, allowed: tuple[str, ...], what: str) -> None:
    text = table[column].astype("string").str.strip()
    bad = ~text.isin(allowed).fillna(False).astype(bool)
    if column == "quality":  # a figure without a value may have no grade
        bad &= text.notna()
    if bad.any():
        raise _fail(
            what, bad, column, "holds other codes than " + ", ".join(allowed), "Correct them."
        )


def check_table(
    table: pd.DataFrame, columns: tuple[str, ...], catalogue: Catalogue, what: str
) -> None:
    """Raise :class:`ReleaseInputError` if ``table`` lacks a column, repeats a key or has
    unknown indicator codes."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ReleaseInputError(
            f"The {what} lacks the column(s) {', '.join(missing)}; it has "
            f"{', '.join(map(str, table.columns))}. Give destat's results table (one row per "
            "figure) with these columns."
        )
    _check_codes(table, catalogue, what)
    repeated = table.duplicated(list(KEYS), keep=False)
    if repeated.any():
        raise _fail(
            what,
            repeated,
            "indicator",
            "repeats the same indicator and breakdown",
            "Keep one row per figure (filter the table to one reference period).",
        )


def check_thresholds(thresholds: tuple[float, float]) -> tuple[float, float]:
    """Return CV thresholds (A up to the first, B up to the second) after checking them."""
    try:
        a, b = (float(t) for t in thresholds)
    except (TypeError, ValueError) as exc:
        raise ReleaseSettingError(
            f"quality_thresholds must be two CVs such as (0.15, 0.35); found {thresholds!r}."
        ) from exc
    if not 0 < a < b:
        raise ReleaseSettingError(
            f"quality_thresholds must rise from above 0, e.g. (0.15, 0.35) for A up to a CV of "
            f"15% and B up to 35%; found {thresholds!r}."
        )
    return a, b


def single_period(table: pd.DataFrame) -> str | None:
    """The table's one ``time_period`` (None without the column); several are an error."""
    if "time_period" not in table.columns:
        return None
    periods = sorted({_text(v) for v in table["time_period"]} - {""})
    if len(periods) > 1:
        raise ReleaseInputError(
            f"The results table holds several reference periods ({', '.join(periods)}); a "
            "release is about one: filter the table, e.g. results[results.time_period == "
            f"{periods[-1]!r}]."
        )
    return periods[0] if periods else None


def read_figures(
    results: pd.DataFrame, catalogue: Catalogue, what: str = "results table"
) -> list[Figure]:
    """Check a results table (``what`` names it in errors) and read its rows as figures."""
    check_table(results, REQUIRED, catalogue, what)
    _check_allowed(results, "quality", _QUALITY, what)
    _check_allowed(results, "conf_status", _CONF, what)
    figures = list(_figures(results))
    outside = pd.Series(
        [f.shown and not (0.0 <= (f.estimate or 0.0) <= 1.0) for f in figures], dtype=bool
    )
    if outside.any():
        raise _fail(
            what,
            outside,
            "estimate",
            "is outside 0 to 1",
            "Estimates are proportions (0.473 for 47.3%); divide percentages by 100.",
        )
    return figures


def _figures(table: pd.DataFrame) -> Iterator[Figure]:
    for row in table.to_dict(orient="records"):
        yield Figure(
            indicator=_text(row["indicator"]),
            size_class=_text(row["size_class"], "_T"),
            activity=_text(row["activity"], "_T"),
            owner_sex=_text(row["owner_sex"], "_T"),
            region=_text(row["region"], "_T"),
            estimate=_number(row["estimate"]),
            ci_low=_number(row["ci_low"]),
            ci_high=_number(row["ci_high"]),
            cv=_number(row["cv"]),
            n=_number(row["n"]),
            quality=_text(row["quality"]),
            conf_status=_text(row["conf_status"]),
            obs_status=_text(row.get("obs_status"), "A"),
        )
