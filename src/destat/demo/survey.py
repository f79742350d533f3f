"""A synthetic population and repeated survey draws from it, for coverage simulations.

A :class:`Population` holds the register, every enterprise's potential answers (the truth) and
its response propensity, built once. :func:`draw_survey` then draws a stratified sample, unit
non-response and item non-response from it in a few milliseconds, so that hundreds of samples
can be drawn to check that confidence intervals cover the true population values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.register import build_register
from destat.demo.responses import (
    apply_item_nonresponse,
    industry_groups,
    potential_responses,
    response_propensity,
)
from destat.demo.sampling import (
    Allocation,
    Frame,
    SurveyScope,
    allocate,
    build_frame,
    select_stratified,
)
from destat.survey.questionnaire import FRAME_VARIABLES

__all__ = [
    "Population",
    "SamplePlan",
    "SurveyDraw",
    "build_population",
    "draw_survey",
    "plan_sample",
    "true_proportions",
]

_FRAME_COLUMNS = [v.name for v in FRAME_VARIABLES]


@dataclass(frozen=True)
class Population:
    """The register, each enterprise's potential answers and response propensity, the frame.

    ``records`` is what a questionnaire records for each enterprise (the frame variables and
    the answers) in one numpy-backed table, so that a draw takes its respondents in one step.
    """

    register: pd.DataFrame
    responses: pd.DataFrame
    propensity: npt.NDArray[np.float64]
    frame: Frame
    records: pd.DataFrame = field(repr=False)


@dataclass(frozen=True)
class SamplePlan:
    """Stratum sample sizes ``n_h`` for a frame (aligned with ``frame.strata``)."""

    frame: Frame
    sample_sizes: npt.NDArray[np.int64]
    allocation: Allocation


@dataclass(frozen=True)
class SurveyDraw:
    """One survey: the selected sample with its design, and the answers of the respondents.

    ``sample`` has ``enterprise_id``, ``stratum``, ``size_class``, ``industry``, ``region``,
    ``stratum_population`` (N_h, for the finite population correction), ``stratum_sample``
    (n_h), ``design_weight`` (N_h / n_h) and ``responded``. ``responses`` has the frame
    variables and the questionnaire variables, one row per respondent, with item non-response.
    """

    sample: pd.DataFrame
    responses: pd.DataFrame


def build_population(
    n_enterprises: int, rng: np.random.Generator, scope: SurveyScope | None = None
) -> Population:
    """Generate a register of ``n_enterprises``, everyone's potential answers, and the frame."""
    register = build_register(n_enterprises, rng)
    responses = potential_responses(register, rng)
    groups = industry_groups(register)
    propensity = response_propensity(register["size_class"].to_numpy(dtype=str), groups)
    frame = build_frame(register, scope or SurveyScope())
    frame_variables = register[_FRAME_COLUMNS].astype({"enterprise_id": object, "isic": object})
    records = pd.concat([frame_variables, responses], axis=1).reset_index(drop=True)
    return Population(register, responses, propensity, frame, records)


def plan_sample(
    frame: Frame,
    sample_size: int,
    allocation: Allocation | str = Allocation.NEYMAN,
    minimum_per_stratum: int = 3,
) -> SamplePlan:
    """Allocate ``sample_size`` over the strata of ``frame`` (take-all for 250+ employed)."""
    strata = frame.strata
    sizes = allocate(
        strata["population"].to_numpy(),
        sample_size,
        allocation,
        std_devs=strata["std_persons"].to_numpy(),
        minimum=minimum_per_stratum,
        take_all=strata["take_all"].to_numpy(),
    )
    return SamplePlan(frame, sizes, Allocation(allocation))


def draw_survey(population: Population, plan: SamplePlan, rng: np.random.Generator) -> SurveyDraw:
    """Draw a sample with ``plan``, then unit and item non-response, from ``population``."""
    frame = plan.frame
    chosen = select_stratified(frame.stratum_index, plan.sample_sizes, rng)
    rows = frame.rows[chosen]
    stratum = frame.stratum_index[chosen]
    strata = frame.strata
    n_population = strata["population"].to_numpy()[stratum]
    n_sample = plan.sample_sizes[stratum]
    responded = rng.random(len(rows)) < population.propensity[rows]
    records = population.records
    sample = pd.DataFrame(
        {
            "enterprise_id": records["enterprise_id"].to_numpy()[rows],
            "stratum": strata["stratum"].to_numpy()[stratum],
            "size_class": strata["size_class"].to_numpy()[stratum],
            "industry": strata["industry"].to_numpy()[stratum],
            "region": records["region"].to_numpy()[rows],
            "stratum_population": n_population,
            "stratum_sample": n_sample,
            "design_weight": n_population / n_sample,
            "responded": responded,
        }
    )
    answers = records.take(rows[responded]).reset_index(drop=True)
    return SurveyDraw(sample, apply_item_nonresponse(answers, rng))


def true_proportions(
    population: Population, variables: Sequence[str], by: Sequence[str] = ()
) -> pd.DataFrame:
    """True share of frame enterprises answering 1 to each binary variable, overall or by domain.

    ``by`` names register columns such as ``size_class``, ``industry`` or ``region``; the result
    has those columns, ``population`` (the number of enterprises) and one column per variable.
    """
    rows = population.frame.rows
    data = population.responses.iloc[rows][list(variables)].astype("float64")
    if not by:
        result = data.mean().to_frame().T
        result.insert(0, "population", float(len(rows)))
        return result
    keys = [population.register[name].iloc[rows] for name in by]
    grouped = data.groupby(keys, sort=True)
    result = grouped[list(variables)].mean()
    result.insert(0, "population", grouped.size().astype(float))
    return result.reset_index()
