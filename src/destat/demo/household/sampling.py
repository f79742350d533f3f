"""The two-stage sample design of the household survey and its inclusion probabilities.

Stage 1 selects enumeration areas (EAs) within each stratum (region × urban/rural), either

- ``EaSelection.PPS``: systematic sampling with probability proportional to size (the number of
  households on the frame), from a random order of the stratum's EAs (randomised systematic PPS;
  Hartley and Rao 1962; Särndal, Swensson and Wretman 1992, section 3.6), with inclusion
  probability ``m_h·N_i / N_h``; or
- ``EaSelection.SRS``: simple random sampling without replacement, probability ``m_h / M_h``.

Stage 2 selects a fixed number ``n`` of households in each sampled EA by simple random sampling
without replacement (probability ``n / N_i``). With PPS and a fixed take the design is
self-weighting within strata: every household of stratum h has weight ``N_h / (m_h·n)``.
The number of EAs per stratum ``m_h`` is proportional to its households, at least 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.household.population import HouseholdPopulation
from destat.demo.sampling import allocate, select_stratified
from destat.errors import ConfigError

__all__ = [
    "EaSelection",
    "HouseholdSamplePlan",
    "plan_household_sample",
    "select_enumeration_areas",
    "select_households",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class EaSelection(StrEnum):
    """How enumeration areas are selected within strata at the first stage."""

    PPS = "pps"
    SRS = "srs"


@dataclass(frozen=True)
class HouseholdSamplePlan:
    """EAs to select per stratum and households per EA.

    ``strata`` is the population's stratum table with ``eas_sampled`` (m_h) added; ``ea_stratum``
    gives the stratum (an index into ``strata``) of each EA of ``population.areas``.
    """

    selection: EaSelection
    strata: pd.DataFrame
    ea_stratum: IntArray
    households_per_ea: int


def plan_household_sample(
    population: HouseholdPopulation,
    n_eas: int = 200,
    households_per_ea: int = 12,
    selection: EaSelection | str = EaSelection.PPS,
) -> HouseholdSamplePlan:
    """Allocate ``n_eas`` EAs to strata in proportion to their households (at least 2 each).

    A ConfigError says what to change when a stratum cannot give its EAs (too few, or, with PPS,
    an EA larger than the sampling interval ``N_h / m_h``) or an EA has fewer households than
    ``households_per_ea``.
    """
    if selection not in set(EaSelection):
        choices = ", ".join(repr(str(s)) for s in EaSelection)
        raise ConfigError(f"EA selection {selection!r} is not known; expected one of {choices}.")
    chosen = EaSelection(selection)
    areas = population.areas
    strata = population.strata
    stratum_codes = strata["stratum"].to_numpy(dtype=str)
    ea_stratum = np.searchsorted(stratum_codes, areas["stratum"].to_numpy(dtype=str))
    smallest_ea = int(areas["households"].min())
    if households_per_ea < 1 or households_per_ea > smallest_ea:
        raise ConfigError(
            f"households_per_ea must be between 1 and {smallest_ea} (the smallest EA); "
            f"got {households_per_ea}."
        )
    total_eas = strata["eas"].to_numpy(dtype=np.int64)
    if not 2 * len(strata) <= n_eas <= int(total_eas.sum()):
        raise ConfigError(
            f"n_eas must be between {2 * len(strata)} (two per stratum) and "
            f"{int(total_eas.sum())} (every EA); got {n_eas}."
        )
    sizes = allocate(
        strata["households"].to_numpy(dtype=np.int64), n_eas, "proportional", minimum=2
    )
    if chosen is EaSelection.PPS:
        largest = np.zeros(len(strata))
        np.maximum.at(largest, ea_stratum, areas["households"].to_numpy(dtype=np.float64))
        too_large = largest * sizes > strata["households"].to_numpy()
        if too_large.any():
            names = ", ".join(stratum_codes[too_large])
            raise ConfigError(
                f"With PPS, an EA of stratum {names} is larger than the sampling interval "
                "N_h / m_h and would be a certainty selection. Sample fewer EAs (n_eas), "
                "use a larger country, or use selection='srs'."
            )
    return HouseholdSamplePlan(
        selection=chosen,
        strata=strata.assign(eas_sampled=sizes),
        ea_stratum=ea_stratum.astype(np.int64),
        households_per_ea=households_per_ea,
    )


def select_systematic_pps(
    sizes: FloatArray, stratum: IntArray, sample_sizes: IntArray, rng: np.random.Generator
) -> IntArray:
    """Positions selected by systematic PPS within strata, from a random order of the units."""
    order = np.lexsort((rng.random(len(sizes)), stratum))
    cumulative = np.cumsum(sizes[order])
    totals = np.bincount(stratum, weights=sizes, minlength=len(sample_sizes))
    offsets = np.cumsum(totals) - totals
    interval = totals / np.maximum(sample_sizes, 1)
    point_stratum = np.repeat(np.arange(len(sample_sizes)), sample_sizes)
    first = np.cumsum(sample_sizes) - sample_sizes
    step = np.arange(len(point_stratum)) - first[point_stratum]
    start = rng.random(len(sample_sizes)) * interval
    points = offsets[point_stratum] + start[point_stratum] + step * interval[point_stratum]
    return np.sort(order[np.searchsorted(cumulative, points, side="right")]).astype(np.int64)


def select_enumeration_areas(
    population: HouseholdPopulation, plan: HouseholdSamplePlan, rng: np.random.Generator
) -> tuple[IntArray, FloatArray]:
    """Positions of the selected EAs in ``population.areas`` and their inclusion probabilities."""
    sizes = population.areas["households"].to_numpy(dtype=np.float64)
    sample_sizes = plan.strata["eas_sampled"].to_numpy(dtype=np.int64)
    if plan.selection is EaSelection.PPS:
        chosen = select_systematic_pps(sizes, plan.ea_stratum, sample_sizes, rng)
        totals = plan.strata["households"].to_numpy(dtype=np.float64)
        probability = sample_sizes[plan.ea_stratum[chosen]] * sizes[chosen]
        return chosen, probability / totals[plan.ea_stratum[chosen]]
    chosen = select_stratified(plan.ea_stratum, sample_sizes, rng)
    counts = plan.strata["eas"].to_numpy(dtype=np.float64)
    stratum = plan.ea_stratum[chosen]
    return chosen, sample_sizes[stratum] / counts[stratum]


def select_households(
    population: HouseholdPopulation, eas: IntArray, per_ea: int, rng: np.random.Generator
) -> tuple[IntArray, IntArray]:
    """Positions in ``population.households`` of ``per_ea`` households drawn by simple random
    sampling in each EA of ``eas``, and the index into ``eas`` of each one's EA."""
    counts = population.areas["households"].to_numpy(dtype=np.int64)
    starts = np.cumsum(counts) - counts
    listed = counts[eas]
    ea_of = np.repeat(np.arange(len(eas)), listed)
    within = np.arange(len(ea_of)) - (np.cumsum(listed) - listed)[ea_of]
    chosen = select_stratified(ea_of, np.full(len(eas), per_ea, dtype=np.int64), rng)
    return starts[eas][ea_of[chosen]] + within[chosen], ea_of[chosen]
