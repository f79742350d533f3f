"""Values for the index's reference year when a source has none for that year.

Rules (UNCTAD B2C E-commerce Index 2018, TN/UNCTAD/ICT4D/12, Box 1; Index 2020,
TN/UNCTAD/ICT4D/17):

- every component uses the reference year's value or, failing that, the latest earlier one
  ("data for 2017 or the latest available"); the 2020 edition thus uses Findex 2017 for 2019;
- a survey component (Findex account or credit-card ownership, one survey every three years)
  between two surveys is estimated with the compound annual growth rate between them:
  ``v(t) = v(y0) · (v(y1) / v(y0)) ** ((t − y0) / (y1 − y0))``, as the 2018 edition did for 2016
  from the 2014 and 2017 surveys. The growth rate is undefined from a zero value; the latest
  earlier value is used then.

No value is made up before the first observation of a series.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

__all__ = ["SURVEY_COMPONENTS", "Filled", "Method", "fill_component", "value_for_year"]

SURVEY_COMPONENTS = frozenset({"account", "credit_card"})


class Method(StrEnum):
    """How a component's value for the reference year was obtained."""

    OBSERVED = "observed"
    CAGR = "cagr"
    LATEST = "latest"


@dataclass(frozen=True)
class Filled:
    """A value for the reference year, the year of the data behind it, and how it was found."""

    value: float
    data_year: int
    method: Method


def value_for_year(observations: Mapping[int, float], year: int, survey: bool) -> Filled | None:
    """The value for ``year`` from a series observed in some years, or None when there is none."""
    if year in observations:
        return Filled(observations[year], year, Method.OBSERVED)
    earlier = [y for y in observations if y < year]
    if not earlier:
        return None
    start = max(earlier)
    later = [y for y in observations if y > year]
    if survey and later and observations[start] > 0:
        end = min(later)
        growth = observations[end] / observations[start]
        value = observations[start] * growth ** ((year - start) / (end - start))
        return Filled(value, year, Method.CAGR)
    return Filled(observations[start], start, Method.LATEST)


def fill_component(tidy: pd.DataFrame, component: str, year: int) -> pd.DataFrame:
    """One row per country that has a value of ``component`` for ``year``.

    Columns: ``country``, ``value``, ``data_year``, ``method``.
    """
    rows = []
    subset = tidy[tidy["component"] == component]
    survey = component in SURVEY_COMPONENTS
    for country, series in subset.groupby("country", sort=True):
        observations = dict(
            zip(series["year"].astype(int), series["value"].astype(float), strict=True)
        )
        filled = value_for_year(observations, year, survey)
        if filled is not None:
            rows.append((country, filled.value, filled.data_year, str(filled.method)))
    table = pd.DataFrame(rows, columns=["country", "value", "data_year", "method"])
    return table.astype({"country": object, "value": float, "data_year": "int64", "method": object})
