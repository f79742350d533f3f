"""One survey drawn from the household population: sample, non-response, weights, microdata.

Every member aged 15 or over of a responding household is interviewed, so a person's weight is
his or her household's. The design weight is the inverse of the inclusion probability, the
product of the two stages. Unit non-response is adjusted within each EA (the response
homogeneity group): responding households weigh ``n / r_i`` times their design weight, where
``r_i`` of the ``n`` sampled households of the EA responded (a response homogeneity group
model: Särndal, Swensson and Wretman 1992, chapter 15). Since response depends on urban/rural
only, this removes its bias. For SRS at both stages, the adjusted weight equals
``(M_h / m_h)·(N_i / r_i)``, which is what ``destat.Design`` derives from the finite population
corrections ``ea_total`` (M_h) and ``households_in_ea`` (N_i) when no weights are given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.household.answers import (
    BUSINESS_OWNERS,
    HOUSEHOLD_ANSWERS,
    PERSON_ANSWERS,
    apply_item_nonresponse,
)
from destat.demo.household.population import HouseholdPopulation
from destat.demo.household.sampling import (
    HouseholdSamplePlan,
    select_enumeration_areas,
    select_households,
)

__all__ = ["HouseholdDraw", "draw_household_survey", "draw_household_surveys"]

IntArray = npt.NDArray[np.int64]

_HOUSEHOLD_FRAME = ["stratum", "region", "area", "ea", "household", "size", "head_sex"]
_PERSON_FRAME = [
    "person",
    "line",
    "sex",
    "age",
    "age_group",
    "education",
    "labour_status",
]


@dataclass(frozen=True)
class HouseholdDraw:
    """One survey: the sampled households with their design, and the interviewed persons.

    ``households`` has one row per sampled household: ``stratum``, ``region``, ``area``,
    ``ea``, ``household``, ``size``, ``head_sex``, the design columns ``ea_total`` (M_h),
    ``eas_sampled`` (m_h), ``households_in_ea`` (N_i), ``households_sampled`` (n),
    ``ea_probability``, ``household_probability``, ``design_weight``, ``responded``,
    ``households_responded`` (r_i) and ``weight`` (missing for non-respondents), then the
    household answers (missing for non-respondents, with item non-response).
    ``persons`` has one row per member aged 15 or over of a responding household: the
    household's design columns, demographics, ``business_owner`` and the answers.
    """

    households: pd.DataFrame
    persons: pd.DataFrame


def _members(population: HouseholdPopulation, households: IntArray) -> tuple[IntArray, IntArray]:
    """Rows of ``population.scope`` of the given households, and the index of each's household."""
    counts = population.scope_count[households]
    owner = np.repeat(np.arange(len(households)), counts)
    within = np.arange(len(owner)) - (np.cumsum(counts) - counts)[owner]
    return population.scope_start[households][owner] + within, owner


def _household_table(
    population: HouseholdPopulation,
    plan: HouseholdSamplePlan,
    rng: np.random.Generator,
) -> pd.DataFrame:
    eas, ea_probability = select_enumeration_areas(population, plan, rng)
    per_ea = plan.households_per_ea
    chosen, ea_index = select_households(population, eas, per_ea, rng)
    source = population.households
    table = source.take(chosen)[_HOUSEHOLD_FRAME].reset_index(drop=True)
    stratum = plan.ea_stratum[eas][ea_index]
    listed = population.areas["households"].to_numpy(dtype=np.int64)[eas][ea_index]
    responded = rng.random(len(chosen)) < source["response_propensity"].to_numpy()[chosen]
    responding = np.bincount(ea_index, weights=responded, minlength=len(eas))[ea_index]
    household_probability = per_ea / listed
    design_weight = 1.0 / (ea_probability[ea_index] * household_probability)
    table["ea_total"] = plan.strata["eas"].to_numpy(dtype=np.int64)[stratum]
    table["eas_sampled"] = plan.strata["eas_sampled"].to_numpy(dtype=np.int64)[stratum]
    table["households_in_ea"] = listed
    table["households_sampled"] = per_ea
    table["ea_probability"] = ea_probability[ea_index]
    table["household_probability"] = household_probability
    table["design_weight"] = design_weight
    table["responded"] = responded
    table["households_responded"] = responding.astype(np.int64)
    table["weight"] = np.where(
        responded, design_weight * per_ea / np.maximum(responding, 1), np.nan
    )
    answers = source.take(chosen)[list(HOUSEHOLD_ANSWERS)].reset_index(drop=True)
    answers = answers.mask(pd.Series(~responded), axis=0)
    return pd.concat([table, apply_item_nonresponse(answers, rng)], axis=1)


_DESIGN_COLUMNS = [
    "stratum",
    "region",
    "area",
    "ea",
    "household",
    "ea_total",
    "eas_sampled",
    "households_in_ea",
    "households_responded",
    "design_weight",
    "weight",
]


def draw_household_survey(
    population: HouseholdPopulation, plan: HouseholdSamplePlan, rng: np.random.Generator
) -> HouseholdDraw:
    """Draw EAs, households, unit and item non-response from ``population`` with ``plan``."""
    households = _household_table(population, plan, rng)
    positions = households["household"].to_numpy(dtype=np.int64) - 1
    respondents = np.flatnonzero(households["responded"].to_numpy())
    rows, owner = _members(population, positions[respondents])
    design = households[_DESIGN_COLUMNS].take(respondents[owner]).reset_index(drop=True)
    members = population.scope.take(rows).reset_index(drop=True)
    people = members[_PERSON_FRAME]
    people["business_owner"] = people["labour_status"].isin(BUSINESS_OWNERS).astype(np.int8)
    answers = apply_item_nonresponse(members[list(PERSON_ANSWERS)], rng)
    persons = pd.concat([design, people, answers], axis=1)
    return HouseholdDraw(households, persons)


def draw_household_surveys(
    population: HouseholdPopulation,
    plan: HouseholdSamplePlan,
    count: int,
    rng: np.random.Generator,
) -> Iterator[HouseholdDraw]:
    """``count`` independent surveys from one population, for coverage simulations."""
    for _ in range(count):
        yield draw_household_survey(population, plan, rng)
