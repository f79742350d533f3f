"""A synthetic country for trying, testing and benchmarking destat.

It has a business register, a stratified sample, survey answers to the model questionnaire on
ICT use by businesses (with non-response and planted errors), the NSO's own file formats and
codes, and the true population values behind them. See ``docs/demo-country.md``.
"""

from __future__ import annotations

from destat.demo.country import CountryFiles, generate_country, population_for_seed
from destat.demo.sampling import Allocation, SurveyScope, allocate
from destat.demo.survey import (
    Population,
    SamplePlan,
    SurveyDraw,
    build_population,
    draw_survey,
    plan_sample,
    true_proportions,
)
from destat.survey.questionnaire import FRAME_VARIABLES, RULES, VARIABLES, Kind, Variable

__all__ = [
    "FRAME_VARIABLES",
    "RULES",
    "VARIABLES",
    "Allocation",
    "CountryFiles",
    "Kind",
    "Population",
    "SamplePlan",
    "SurveyDraw",
    "SurveyScope",
    "Variable",
    "allocate",
    "build_population",
    "draw_survey",
    "generate_country",
    "plan_sample",
    "population_for_seed",
    "true_proportions",
]
