"""Write the household survey: microdata (CSV and Parquet), data dictionary and the truth.

Everything is determined by the seed: the population comes from the first of two independent
random streams spawned from it, the sample and its non-response from the second, so
:func:`household_population_for_seed` rebuilds the population behind the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from destat.demo.household.dictionary import dictionary_table
from destat.demo.household.draws import draw_household_survey
from destat.demo.household.population import HouseholdPopulation, build_population
from destat.demo.household.sampling import EaSelection, plan_household_sample
from destat.demo.household.truth import gender_gaps, true_indicators
from destat.demo.writers import write_csv

__all__ = ["HouseholdFiles", "generate_household_survey", "household_population_for_seed"]


@dataclass(frozen=True)
class HouseholdFiles:
    """Paths of the files written by :func:`generate_household_survey`."""

    out_dir: Path
    households_csv: Path
    households_parquet: Path
    persons_csv: Path
    persons_parquet: Path
    dictionary_csv: Path
    truth_csv: Path
    gender_gaps_csv: Path


def _streams(seed: int) -> list[np.random.Generator]:
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2)]


def household_population_for_seed(seed: int, n_households: int = 200_000) -> HouseholdPopulation:
    """The population behind ``generate_household_survey(..., seed=seed)``."""
    return build_population(n_households, _streams(seed)[0])


def _write_both(table: pd.DataFrame, out: Path, stem: str) -> tuple[Path, Path]:
    parquet = out / f"{stem}.parquet"
    table.to_parquet(parquet, index=False)
    return write_csv(table, out / f"{stem}.csv"), parquet


def generate_household_survey(
    out_dir: Path | str,
    n_households: int = 200_000,
    seed: int = 2025,
    n_eas: int = 200,
    households_per_ea: int = 12,
    selection: EaSelection | str = EaSelection.PPS,
) -> HouseholdFiles:
    """Generate a country of about ``n_households`` households, draw the survey, write its files.

    ``n_eas`` enumeration areas are selected (by PPS or SRS within strata) and
    ``households_per_ea`` households in each; every member aged 15 or over of a responding
    household is interviewed. The same arguments always give the same files.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    population_rng, survey_rng = _streams(seed)
    population = build_population(n_households, population_rng)
    plan = plan_household_sample(population, n_eas, households_per_ea, selection)
    draw = draw_household_survey(population, plan, survey_rng)
    households = draw.households.assign(responded=draw.households["responded"].astype("int8"))
    households_csv, households_parquet = _write_both(households, out, "households")
    persons_csv, persons_parquet = _write_both(draw.persons, out, "persons")
    truth = true_indicators(population)
    return HouseholdFiles(
        out_dir=out,
        households_csv=households_csv,
        households_parquet=households_parquet,
        persons_csv=persons_csv,
        persons_parquet=persons_parquet,
        dictionary_csv=write_csv(dictionary_table(), out / "data_dictionary.csv"),
        truth_csv=write_csv(truth, out / "truth.csv"),
        gender_gaps_csv=write_csv(gender_gaps(truth), out / "gender_gaps.csv"),
    )
