"""Sampling stages: who is a unit, which units form a variance group, and what each group weighs.

The variance of a stratified multistage design is a sum over stages (Särndal, Swensson and
Wretman 1992, section 4.3; Wolter 2007): at stage *k* the totals of the stage-*k* units are
compared within their group (a stratum of stage *k* inside one unit of each earlier stage), with
the finite population correction ``1 - n/N`` and the factor ``n/(n-1)``; later stages are
multiplied by the sampling fractions of the units above them. This is what R ``survey``'s
``svyrecvar`` computes (Lumley 2010, appendix C), including its lonely-PSU rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlglot import exp

from destat.engines import Engine
from destat.engines.sql import alias, col, count, table
from destat.errors import DesignError, LonelyPSUError
from destat.survey.methods import LonelyPSU

WEIGHT = "__destat_w"
CERTAINTY_FRACTION = 1e-7  # as R: a stage with 1 - n/N below this is a census


def stratum_column(stage: int) -> str:
    """Canonical column of the stratum at ``stage`` (1-based)."""
    return f"__destat_s{stage}"


def unit_column(stage: int) -> str:
    """Canonical column of the sampled unit at ``stage`` (1-based)."""
    return f"__destat_u{stage}"


def fpc_column(stage: int) -> str:
    """Canonical column of the finite population correction input at ``stage``."""
    return f"__destat_fpc{stage}"


@dataclass(frozen=True)
class Stage:
    """One sampling stage and its variance groups.

    ``groups`` has one row per variance group with the key columns, ``n`` (units sampled in the
    group, in the whole design), ``N`` (population units, ``inf`` without fpc), ``factor`` (what
    the group's centred sum of squares is multiplied by), ``center`` (False for a lonely unit
    under ``adjust``) and ``dropped`` (a lonely unit under ``average``).
    """

    number: int
    group_keys: tuple[str, ...]
    unit: str | None
    groups: pd.DataFrame


def group_keys(stage: int) -> tuple[str, ...]:
    """Columns of a variance group at ``stage``: earlier strata and units, own stratum."""
    keys: list[str] = []
    for earlier in range(1, stage):
        keys += [stratum_column(earlier), unit_column(earlier)]
    return (*keys, stratum_column(stage))


def count_units(
    engine: Engine, name: str, stage: int, row_level: bool, has_fpc: bool
) -> pd.DataFrame:
    """Per variance group: sampled units ``n``, rows, and the smallest and largest fpc input."""
    keys = group_keys(stage)
    units = (
        count()
        if row_level
        else exp.Count(this=exp.Distinct(expressions=[col(unit_column(stage))]))
    )
    select = [col(key) for key in keys] + [alias(units, "n"), alias(count(), "rows")]
    if has_fpc:
        select += [
            alias(exp.Min(this=col(fpc_column(stage))), "fpc_min"),
            alias(exp.Max(this=col(fpc_column(stage))), "fpc_max"),
        ]
    query = exp.select(*select).from_(table(name)).group_by(*[col(key) for key in keys])
    return engine.frame(query)


def population_sizes(
    groups: pd.DataFrame, stage: int, has_fpc: bool, names: tuple[str, ...], strata_name: str
) -> pd.Series:
    """Population units per group from the fpc input (R's rule: all ≤ 1 are fractions)."""
    if not has_fpc:
        return pd.Series(np.inf, index=groups.index)
    fpc_name = names[stage - 1]
    varying = groups[groups["fpc_min"] != groups["fpc_max"]]
    if len(varying):
        raise DesignError(
            f"The fpc column {fpc_name!r} must be constant within each stratum at stage {stage}, "
            f"but varies in {len(varying)} group(s), e.g. "
            f"{_describe_group(varying.iloc[0], strata_name)}. "
            "Give the population size (or sampling fraction) of the stratum on every row."
        )
    fpc = groups["fpc_min"].astype(float)
    if (fpc <= 0).any():
        raise DesignError(f"The fpc column {fpc_name!r} has values ≤ 0; it must be positive.")
    population = groups["n"] / fpc if bool((fpc <= 1).all()) else fpc
    small = groups[population < groups["n"] - 1e-9]
    if len(small):
        first = small.iloc[0]
        raise DesignError(
            f"The fpc column {fpc_name!r} gives a population smaller than the sample at stage "
            f"{stage}: {_describe_group(first, strata_name)} has {int(first['n'])} sampled units "
            f"but a population of {population[small.index[0]]:g}. fpc must be the population "
            "count of the stratum (or a sampling fraction ≤ 1)."
        )
    return population


def variance_factors(
    groups: pd.DataFrame, stage: int, lonely: LonelyPSU, strata_name: str
) -> pd.DataFrame:
    """Add ``factor`` and ``center`` to a stage's groups (multiplier already in ``multiplier``)."""
    n = groups["n"].astype(float)
    finite = 1.0 - n / groups["N"]
    census = finite < CERTAINTY_FRACTION
    single = (groups["n"] == 1) & ~census
    scale = np.where(n > 1, finite * n / np.maximum(n - 1, 1), finite)
    factor = np.where(census, 0.0, scale) * groups["multiplier"]
    center = np.ones(len(groups), dtype=bool)
    if single.any():
        if lonely is LonelyPSU.FAIL:
            first = groups[single].iloc[0]
            raise LonelyPSUError(
                f"{int(single.sum())} stratum/strata have a single sampled unit at stage {stage}, "
                f"e.g. {_describe_group(first, strata_name)}. Its variance cannot be estimated. "
                "Merge it with a similar stratum, or choose lonely_psu='certainty', 'remove', "
                "'adjust' or 'average' (as in R survey's options(survey.lonely.psu))."
            )
        if lonely in (LonelyPSU.CERTAINTY, LonelyPSU.REMOVE):
            factor = np.where(single, 0.0, factor)
        elif lonely is LonelyPSU.ADJUST:
            center = ~single.to_numpy()
        else:
            factor = np.where(single, 0.0, factor)
    result = groups.copy()
    result["factor"] = factor
    result["center"] = center
    # Under ``average`` a lonely group drops out and the others of its parent unit are scaled up
    # by (groups / groups kept); which groups count depends on the domain (see variance.py).
    result["dropped"] = single.to_numpy() & (lonely is LonelyPSU.AVERAGE)
    return result


def _describe_group(group: pd.Series, strata_name: str) -> str:
    parts = []
    for key, value in group.items():
        if isinstance(key, str) and key.startswith("__destat_s"):
            parts.append(
                f"stratum {value!r}" if strata_name is None else f"{strata_name}={value!r}"
            )
        elif isinstance(key, str) and key.startswith("__destat_u"):
            parts.append(f"unit {value!r}")
    return ", ".join(parts)
