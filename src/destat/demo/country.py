"""Generate the demo country's files: register, sample, survey file with errors, mapping, truth.

The files are what a national statistical office would hand over, under its own variable names
and codes (see :mod:`destat.demo.national_format`); the mapping table, the planted-error
manifest and the truth are what a test or a coverage simulation needs besides. Everything is
determined by the seed: the register and answers come from the first of three independent
streams spawned from it, the sample from the second, the planted errors from the third.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from destat.demo.errors_planted import MANIFEST_COLUMNS, plant_errors
from destat.demo.national_format import (
    DONT_KNOW,
    mapping_table,
    national_register,
    national_responses,
    national_sample,
    response_column_labels,
    response_value_labels,
)
from destat.demo.sampling import Allocation, SurveyScope
from destat.demo.survey import (
    Population,
    build_population,
    draw_survey,
    plan_sample,
    true_proportions,
)
from destat.demo.writers import write_csv, write_dta, write_sav, write_xlsx

__all__ = ["TRUTH_INDICATORS", "CountryFiles", "generate_country", "population_for_seed"]

TRUTH_INDICATORS: tuple[str, ...] = (
    "uses_computer",
    "uses_internet",
    "web_presence",
    "receives_orders_internet",
    "places_orders_internet",
    "conn_fixed_broadband",
)
_SURVEY_STEM = "encuesta_tic_empresas"
_TRUTH_COLUMNS = [
    "enterprise_id",
    "isic",
    "industry",
    "size_class",
    "region",
    "owner_sex",
    "persons_employed",
    "turnover",
]


@dataclass(frozen=True)
class CountryFiles:
    """Paths of the files written by :func:`generate_country` (None for a format not written)."""

    out_dir: Path
    register_csv: Path
    register_parquet: Path
    sample_csv: Path
    responses_csv: Path
    responses_xlsx: Path | None
    responses_sav: Path | None
    responses_dta: Path | None
    mapping_csv: Path
    planted_errors_csv: Path
    truth_parquet: Path
    truth_proportions_csv: Path

    @property
    def responses_files(self) -> tuple[Path, ...]:
        """Every format of the survey file that was written, CSV first."""
        files = (self.responses_csv, self.responses_xlsx, self.responses_sav, self.responses_dta)
        return tuple(path for path in files if path is not None)


def _streams(seed: int) -> list[np.random.Generator]:
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3)]


def population_for_seed(
    seed: int, n_enterprises: int = 100_000, scope: SurveyScope | None = None
) -> Population:
    """The population (register, true answers, frame) behind ``generate_country`` with ``seed``."""
    return build_population(n_enterprises, _streams(seed)[0], scope)


def _truth(population: Population) -> pd.DataFrame:
    in_scope = np.zeros(len(population.register), dtype=bool)
    in_scope[population.frame.rows] = True
    truth = population.register[_TRUTH_COLUMNS].copy()
    truth["in_scope"] = in_scope
    truth["response_propensity"] = population.propensity
    return pd.concat([truth, population.responses], axis=1)


def _truth_proportions(population: Population) -> pd.DataFrame:
    overall = true_proportions(population, TRUTH_INDICATORS)
    overall.insert(0, "size_class", "_T")
    by_size = true_proportions(population, TRUTH_INDICATORS, by=("size_class",))
    return pd.concat([by_size, overall], ignore_index=True)


def _write_survey_formats(
    table: pd.DataFrame, out: Path
) -> tuple[Path | None, Path | None, Path | None]:
    column_labels = response_column_labels()
    value_labels = response_value_labels()
    user_missing: dict[str, list[int | float]] = {name: [DONT_KNOW] for name in value_labels}
    xlsx = write_xlsx(table, out / f"{_SURVEY_STEM}.xlsx", sheet_name="respuestas")
    sav = write_sav(table, out / f"{_SURVEY_STEM}.sav", column_labels, value_labels, user_missing)
    dta = write_dta(table, out / f"{_SURVEY_STEM}.dta", column_labels, value_labels)
    return xlsx, sav, dta


def generate_country(
    out_dir: Path | str,
    n_enterprises: int = 100_000,
    seed: int = 2025,
    sample_size: int = 3_000,
    allocation: Allocation | str = Allocation.NEYMAN,
    scope: SurveyScope | None = None,
    minimum_per_stratum: int = 3,
) -> CountryFiles:
    """Generate the demo country into ``out_dir`` and return the paths of its files.

    The same arguments always give byte-identical CSV files. ``scope`` defaults to enterprises
    with 10 or more persons employed in the industries of the model survey. A ConfigError says
    so when the scope selects nobody or the sample is too small for its allocation or for one
    planted error per rule.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    population_rng, survey_rng, errors_rng = _streams(seed)
    population = build_population(n_enterprises, population_rng, scope)
    plan = plan_sample(population.frame, sample_size, allocation, minimum_per_stratum)
    draw = draw_survey(population, plan, survey_rng)
    survey, manifest = plant_errors(national_responses(draw.responses), n_enterprises, errors_rng)

    register = national_register(population.register)
    register_csv = write_csv(register, out / "directorio_empresas.csv")
    register_parquet = out / "directorio_empresas.parquet"
    register.to_parquet(register_parquet, index=False)
    sample_csv = write_csv(national_sample(draw.sample), out / "muestra.csv")
    responses_csv = write_csv(survey, out / f"{_SURVEY_STEM}.csv")
    xlsx, sav, dta = _write_survey_formats(survey, out)
    mapping = mapping_table(register_csv.name, sample_csv.name, responses_csv.name)
    mapping_csv = write_csv(mapping, out / "mapping.csv")

    written = [path for path in (responses_csv, xlsx, sav, dta) if path is not None]
    manifest = pd.concat([manifest.assign(file=path.name) for path in written], ignore_index=True)
    planted_csv = write_csv(manifest[["file", *MANIFEST_COLUMNS]], out / "planted_errors.csv")
    truth_parquet = out / "truth.parquet"
    _truth(population).to_parquet(truth_parquet, index=False)
    truth_proportions_csv = write_csv(_truth_proportions(population), out / "truth_proportions.csv")
    return CountryFiles(
        out_dir=out,
        register_csv=register_csv,
        register_parquet=register_parquet,
        sample_csv=sample_csv,
        responses_csv=responses_csv,
        responses_xlsx=xlsx,
        responses_sav=sav,
        responses_dta=dta,
        mapping_csv=mapping_csv,
        planted_errors_csv=planted_csv,
        truth_parquet=truth_parquet,
        truth_proportions_csv=truth_proportions_csv,
    )
