"""True population values of the household indicators, and the true gender gaps.

Person indicators are shares of all persons aged 15 or over (an Internet activity counts as No
for someone who did not use the Internet); ``sells_online`` is the share of small business
owners (own-account workers and employers) whose business sells over the Internet; household
indicators are shares of households. Values are computed from every person's and household's
answers before any sampling or non-response, so a coverage simulation can compare intervals
with them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from destat.demo.household.answers import BUSINESS_OWNERS, HOUSEHOLD_ANSWERS, PERSON_ANSWERS
from destat.demo.household.population import HouseholdPopulation

__all__ = ["BREAKDOWNS", "TOTAL", "gender_gaps", "true_indicators"]

TOTAL = "_T"
BREAKDOWN_COLUMNS: tuple[str, ...] = ("sex", "age_group", "area")
BREAKDOWNS: tuple[tuple[str, ...], ...] = (
    (),
    ("sex",),
    ("age_group",),
    ("area",),
    ("sex", "age_group"),
    ("sex", "area"),
)
_HOUSEHOLD_BREAKDOWNS: tuple[tuple[str, ...], ...] = ((), ("area",))


def _shares(
    data: pd.DataFrame, indicators: Sequence[str], unit: str, breakdowns: Sequence[tuple[str, ...]]
) -> pd.DataFrame:
    """Long table: one row per indicator and domain, ``_T`` where a breakdown is not used."""
    values = data[list(indicators)].astype("float64")
    pieces = []
    for keys in breakdowns:
        if keys:
            grouped = values.groupby([data[key] for key in keys], sort=True)
            means = grouped.mean()
            means.insert(0, "population", grouped.size())
            means = means.reset_index()
        else:
            means = values.mean().to_frame().T
            means.insert(0, "population", len(values))
        for column in BREAKDOWN_COLUMNS:
            if column not in keys:
                means[column] = TOTAL
        pieces.append(
            means.melt(
                id_vars=[*BREAKDOWN_COLUMNS, "population"],
                value_vars=list(indicators),
                var_name="indicator",
                value_name="value",
            )
        )
    table = pd.concat(pieces, ignore_index=True)
    table.insert(1, "unit", unit)
    return table


def true_indicators(population: HouseholdPopulation) -> pd.DataFrame:
    """True values: columns ``indicator``, ``unit``, ``sex``, ``age_group``, ``area``,
    ``population`` (persons, owners or households in the domain) and ``value`` (a share).

    Person indicators come overall and by sex, age group, area, sex × age group and sex × area;
    household indicators overall and by area.
    """
    persons = population.scope
    person_indicators = [name for name in PERSON_ANSWERS if name != "sells_online"]
    owners = persons[persons["labour_status"].isin(BUSINESS_OWNERS)]
    tables = [
        _shares(persons, person_indicators, "persons_15_plus", BREAKDOWNS),
        _shares(owners, ["sells_online"], "business_owners", BREAKDOWNS),
        _shares(
            population.households, list(HOUSEHOLD_ANSWERS), "households", _HOUSEHOLD_BREAKDOWNS
        ),
    ]
    table = pd.concat(tables, ignore_index=True)
    columns = ["indicator", "unit", *BREAKDOWN_COLUMNS, "population", "value"]
    return table[columns].astype({"population": "int64"})


def gender_gaps(truth: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and domain of age group and area: the female and male values, their ratio
    (female / male, the gender parity index) and difference (female − male)."""
    by_sex = truth[truth["sex"] != TOTAL]
    wide = by_sex.pivot_table(
        index=["indicator", "unit", "age_group", "area"], columns="sex", values="value"
    ).reset_index()
    wide = wide.rename(columns={"F": "female", "M": "male"})
    wide["ratio"] = wide["female"] / wide["male"]
    wide["difference"] = wide["female"] - wide["male"]
    wide.columns.name = None
    return wide[["indicator", "unit", "age_group", "area", "female", "male", "ratio", "difference"]]
