"""From catalogue indicators to what is estimated: a mean of a 0/1 column (% of businesses) or a
ratio of two totals (% of persons employed), one figure per indicator or category."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from destat.errors import ConfigError
from destat.indicators.catalogue import Catalogue, Indicator, load_catalogue


@dataclass(frozen=True)
class Figure:
    """One published series: its code, unit, and the column(s) it is estimated from."""

    code: str
    unit: str
    column: str
    denominator: str | None = None


def plan_figures(codes: Sequence[str], data: pd.DataFrame) -> tuple[list[Figure], pd.DataFrame]:
    """The figures of ``codes`` and ``data`` with the derived 0/1 columns they need."""
    catalogue = load_catalogue()
    figures: list[Figure] = []
    derived = data.copy()
    for code in codes:
        indicator = _indicator(catalogue, code)
        figures += _figures(indicator, catalogue, derived)
    missing = sorted(
        {c for f in figures for c in (f.column, f.denominator) if c and c not in derived.columns}
    )
    if missing:
        raise ConfigError(
            f"The survey has no column for {missing}, needed by [estimation] indicators. Map them "
            "in the mapping file, or remove those indicators."
        )
    return figures, derived


def _indicator(catalogue: Catalogue, code: str) -> Indicator:
    for indicator in catalogue.indicators:
        if indicator.code == code:
            return indicator
    known = ", ".join(i.code for i in catalogue.indicators)
    raise ConfigError(f"Unknown indicator {code!r} in [estimation]; the catalogue has {known}.")


def _figures(indicator: Indicator, catalogue: Catalogue, data: pd.DataFrame) -> list[Figure]:
    unit = indicator.unit
    if catalogue.units[unit].statistic == "ratio":
        numerator, denominator = indicator.variables[:2]
        return [Figure(indicator.code, unit, numerator, denominator)]
    members = catalogue.populations[indicator.population].filter
    if not indicator.categories:
        column = indicator.variables[0]
        if members is not None and column in data and members in data:
            # A share of the businesses in a population (e.g. those with web sales): the others
            # leave the estimate, as missing values do.
            column = f"__{indicator.code}"
            inside = pd.to_numeric(data[members], errors="coerce") == 1
            data[column] = pd.to_numeric(data[indicator.variables[0]], errors="coerce").where(
                inside
            )
        return [Figure(indicator.code, unit, column)]
    figures = []
    for category in indicator.categories:
        code = f"{indicator.code}_{category.code}"
        column = category.variable
        if category.value is not None and category.variable in data.columns:
            # A business not asked the question (skipped by its filter) is not in the category.
            column = f"__{code}"
            values = data[category.variable].astype("string").str.upper()
            data[column] = (values == category.value.upper()).fillna(False).astype(float)
        figures.append(Figure(code, unit, column))
    return figures
