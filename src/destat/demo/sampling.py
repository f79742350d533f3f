"""Stratified sample design of the demo survey: scope, strata, allocation and selection.

Strata are size class by industry aggregate. Strata of 250 or more persons employed are take-all
(census). The rest of the sample is allocated in proportion to N_h (proportional) or to N_h·S_h
(Neyman, with S_h the standard deviation of persons employed in the stratum), subject to
``minimum ≤ n_h ≤ N_h``: the allocation is n_h = clip(λ·m_h, minimum, N_h) with λ chosen so the
n_h add up to n, which is the optimum of the constrained problem (Särndal, Swensson and Wretman
1992, section 3.7.4; Cochran 1977, section 5.5), then rounded to integers by largest remainders.
Within strata, units are drawn by simple random sampling without replacement.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.classification import DEFAULT_INDUSTRY_SCOPE, SIZE_CLASSES
from destat.errors import ConfigError

__all__ = [
    "Allocation",
    "Frame",
    "SurveyScope",
    "allocate",
    "build_frame",
    "select_stratified",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_TAKE_ALL_CLASS = SIZE_CLASSES[-1]
_BISECTION_STEPS = 200


class Allocation(StrEnum):
    """How the sample size is shared between strata."""

    NEYMAN = "neyman"
    PROPORTIONAL = "proportional"


@dataclass(frozen=True)
class SurveyScope:
    """Which enterprises of the register the survey covers.

    The default, 10 or more persons employed in sections C to N (without K) and group 95.1, is
    the scope of the model survey of the UNCTAD Manual; ``min_persons_employed=0`` covers micro
    enterprises too.
    """

    min_persons_employed: int = 10
    industries: tuple[str, ...] = DEFAULT_INDUSTRY_SCOPE


@dataclass(frozen=True)
class Frame:
    """The sampling frame: register rows in scope, their stratum, and one row per stratum.

    ``strata`` has columns ``stratum``, ``size_class``, ``industry``, ``population`` (N_h),
    ``std_persons`` (S_h of persons employed) and ``take_all``, in stratum-index order.
    """

    rows: IntArray  # positions of the frame units in the register
    stratum_index: IntArray  # stratum of each frame unit, an index into ``strata``
    strata: pd.DataFrame


def build_frame(register: pd.DataFrame, scope: SurveyScope) -> Frame:
    """Select the register rows in ``scope`` and stratify them by size class and industry."""
    persons = register["persons_employed"].to_numpy()
    industry = register["industry"].to_numpy(dtype=object, na_value="")
    in_scope = (persons >= scope.min_persons_employed) & np.isin(industry, list(scope.industries))
    rows = np.flatnonzero(in_scope).astype(np.int64)
    if len(rows) == 0:
        raise ConfigError(
            "The survey scope selects no enterprise of the register; "
            f"scope was {scope}. Lower min_persons_employed or add industries."
        )
    size_class = register["size_class"].to_numpy(dtype=str)[rows]
    codes = np.char.add(np.char.add(size_class, "_"), industry[rows].astype(str))
    stratum_codes, stratum_index = np.unique(codes, return_inverse=True)
    frame_persons = persons[rows].astype(np.float64)
    population = np.bincount(stratum_index).astype(np.int64)
    sums = np.bincount(stratum_index, weights=frame_persons)
    squares = np.bincount(stratum_index, weights=frame_persons**2)
    variance = np.where(
        population > 1, (squares - sums**2 / population) / np.maximum(population - 1, 1), 0.0
    )
    first = np.unique(stratum_index, return_index=True)[1]
    strata = pd.DataFrame(
        {
            "stratum": stratum_codes,
            "size_class": size_class[first],
            "industry": industry[rows][first].astype(str),
            "population": population,
            "std_persons": np.sqrt(np.maximum(variance, 0.0)),
            "take_all": size_class[first] == _TAKE_ALL_CLASS,
        }
    )
    return Frame(rows, stratum_index.astype(np.int64), strata)


def _clipped_allocation(
    measure: FloatArray, lower: FloatArray, upper: FloatArray, n: float
) -> FloatArray:
    """clip(λ·measure, lower, upper), λ found by bisection so that the total is n if reachable."""
    low, high = 0.0, 1.0
    while np.clip(high * measure, lower, upper).sum() < n and high < 1e300:
        high *= 2.0
    for _ in range(_BISECTION_STEPS):
        middle = (low + high) / 2.0
        if np.clip(middle * measure, lower, upper).sum() < n:
            low = middle
        else:
            high = middle
    return np.clip(high * measure, lower, upper)


def _round_to_total(allocation: FloatArray, upper: IntArray, n: int) -> IntArray:
    """Integers that add up to n: floors, plus one for the largest remainders with room left."""
    floors = np.floor(allocation + 1e-9).astype(np.int64)
    floors = np.minimum(floors, upper)
    missing = n - int(floors.sum())
    remainder = np.where(floors < upper, allocation - floors, -np.inf)
    order = np.argsort(-remainder, kind="stable")[: max(missing, 0)]
    floors[order] += 1
    return floors


def allocate(
    population: IntArray,
    sample_size: int,
    method: Allocation | str = Allocation.NEYMAN,
    std_devs: FloatArray | None = None,
    minimum: int = 3,
    take_all: BoolArray | None = None,
) -> IntArray:
    """Stratum sample sizes n_h for a total ``sample_size``.

    Take-all strata get n_h = N_h; the others share the rest in proportion to N_h or N_h·S_h,
    with ``min(minimum, N_h) ≤ n_h ≤ N_h``. A sample size at least the frame size gives a census.
    """
    if method not in set(Allocation):
        choices = ", ".join(repr(str(a)) for a in Allocation)
        raise ConfigError(f"Allocation {method!r} is not known; expected one of {choices}.")
    method = Allocation(method)
    population = np.asarray(population, dtype=np.int64)
    take_all = (
        np.zeros(len(population), dtype=bool)
        if take_all is None
        else np.asarray(take_all, dtype=bool)
    )
    if sample_size >= population.sum():
        return population.copy()
    lower = np.where(take_all, population, np.minimum(minimum, population))
    if sample_size < lower.sum():
        raise ConfigError(
            f"A sample of {sample_size} cannot give every stratum its minimum of {minimum} units "
            f"and take all of the take-all strata: at least {int(lower.sum())} units are needed. "
            "Increase the sample size or lower the minimum per stratum."
        )
    measure: FloatArray
    if method is Allocation.NEYMAN:
        if std_devs is None:
            raise ConfigError(
                "Neyman allocation needs the standard deviation of each stratum (std_devs)."
            )
        measure = population.astype(np.float64) * np.asarray(std_devs, dtype=np.float64)
    else:
        measure = population.astype(np.float64)
    measure = np.where(take_all, 0.0, measure).astype(np.float64)
    if measure.max() > 0:
        measure /= measure.max()  # keeps λ in a range bisection can reach
    upper = population.astype(np.float64)
    allocation = _clipped_allocation(measure, lower.astype(np.float64), upper, sample_size)
    if allocation.sum() < sample_size - 1e-6:
        # Every stratum with a spread is full: share the rest among the others by size.
        room = np.where(allocation < upper, upper, 0.0)
        allocation = _clipped_allocation(room, allocation, upper, sample_size)
    return _round_to_total(allocation, population, sample_size)


def select_stratified(
    stratum_index: IntArray, sample_sizes: IntArray, rng: np.random.Generator
) -> IntArray:
    """Positions of a stratified simple random sample without replacement, in increasing order."""
    keys = rng.random(len(stratum_index))
    order = np.lexsort((keys, stratum_index))
    counts = np.bincount(stratum_index, minlength=len(sample_sizes))
    starts = np.cumsum(counts) - counts
    rank = np.empty(len(stratum_index), dtype=np.int64)
    rank[order] = np.arange(len(stratum_index)) - starts[stratum_index[order]]
    return np.flatnonzero(rank < sample_sizes[stratum_index]).astype(np.int64)
