"""The household population of the demo country, built once from a random generator.

A :class:`HouseholdPopulation` holds the sampling frame (enumeration areas), every household
and every person with the answers they would give (the truth), and index arrays that let a
survey draw take the respondents' records in one step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.household.answers import household_answers, person_answers
from destat.demo.household.demography import MINIMUM_AGE, build_households, build_persons
from destat.demo.household.geography import build_enumeration_areas

__all__ = ["HouseholdPopulation", "build_population"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class HouseholdPopulation:
    """Enumeration areas, households and persons of the country, with everyone's answers.

    ``areas`` has one row per EA (``ea``, ``stratum``, ``region``, ``area``, ``households``);
    ``strata`` one row per stratum (``stratum``, ``region``, ``area``, ``eas``, ``households``,
    ``persons_in_scope``); ``households`` one row per household with its answers and response
    propensity; ``persons`` one row per person with demographics and answers (missing under 15).
    ``scope`` holds the rows of ``persons`` aged 15 or over; ``scope_start`` and
    ``scope_count`` give, per household, where its members aged 15 or over start in ``scope``
    and how many there are.
    """

    areas: pd.DataFrame
    strata: pd.DataFrame
    households: pd.DataFrame
    persons: pd.DataFrame
    scope: pd.DataFrame = field(repr=False)
    scope_start: IntArray = field(repr=False)
    scope_count: IntArray = field(repr=False)


def _strata(areas: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    strata = (
        areas.groupby("stratum", sort=True)
        .agg(
            region=("region", "first"),
            area=("area", "first"),
            eas=("ea", "size"),
            households=("households", "sum"),
        )
        .reset_index()
    )
    adults = (persons["age"] >= MINIMUM_AGE).groupby(persons["stratum"]).sum()
    strata["persons_in_scope"] = adults.reindex(strata["stratum"]).to_numpy(dtype=np.int64)
    return strata


def build_population(n_households: int, rng: np.random.Generator) -> HouseholdPopulation:
    """A country of about ``n_households`` households in 20 strata, with everyone's answers."""
    areas = build_enumeration_areas(n_households, rng)
    households = build_households(areas, rng)
    households = pd.concat([households, household_answers(households, rng)], axis=1)
    persons = build_persons(households, rng)
    persons = pd.concat([persons, person_answers(persons, households, rng)], axis=1)
    in_scope = persons["age"].to_numpy() >= MINIMUM_AGE
    scope = persons[in_scope].reset_index(drop=True)
    count = np.bincount(scope["household"].to_numpy() - 1, minlength=len(households)).astype(
        np.int64
    )
    return HouseholdPopulation(
        areas=areas,
        strata=_strata(areas, persons),
        households=households,
        persons=persons,
        scope=scope,
        scope_start=(np.cumsum(count) - count).astype(np.int64),
        scope_count=count,
    )
