"""A generated household ICT survey for the ITU household indicators by sex.

A synthetic population of enumeration areas, households and persons with their answers on ICT
access and use (ITU HH5, HH6, HH7, HH9, HH18; SDG 5.b.1 and 17.8.1), a stratified two-stage
sample with unit and item non-response, and the true population values. See
``docs/household-survey.md``.
"""

from __future__ import annotations

from destat.demo.household.draws import (
    HouseholdDraw,
    draw_household_survey,
    draw_household_surveys,
)
from destat.demo.household.files import (
    HouseholdFiles,
    generate_household_survey,
    household_population_for_seed,
)
from destat.demo.household.population import HouseholdPopulation, build_population
from destat.demo.household.sampling import (
    EaSelection,
    HouseholdSamplePlan,
    plan_household_sample,
)
from destat.demo.household.truth import gender_gaps, true_indicators

__all__ = [
    "EaSelection",
    "HouseholdDraw",
    "HouseholdFiles",
    "HouseholdPopulation",
    "HouseholdSamplePlan",
    "build_population",
    "draw_household_survey",
    "draw_household_surveys",
    "gender_gaps",
    "generate_household_survey",
    "household_population_for_seed",
    "plan_household_sample",
    "true_indicators",
]
