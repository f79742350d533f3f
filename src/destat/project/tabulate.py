"""Estimating the planned figures in every breakdown and laying them out as publishable rows:
codes, estimate, SE, CI, CV, n, quality flag and confidentiality status (``F`` here; disclosure
control, :mod:`destat.project.confidentiality`, sets ``C`` and ``D``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.errors import ConfigError
from destat.project.config import ProjectConfig
from destat.project.plan import Figure, plan_figures
from destat.publish.sdmx import build_structure, write_all
from destat.publish.sdmx.structure import TOTAL, UNIT_CODES
from destat.survey.design import Design

logger = logging.getLogger(__name__)

# Breakdown variable (sample, model names) -> dimension of the results table, and its total code.
DIMENSIONS = {
    "size_class": ("size_class", "GE10"),
    "industry": ("activity", TOTAL),
    "region": ("region", TOTAL),
    "owner_sex": ("owner_sex", TOTAL),
}
STATISTICS = ["estimate", "se", "ci_low", "ci_high", "cv", "deff", "n"]


@dataclass(frozen=True)
class Tabulation:
    """The publishable figures, and the calibration's weight adjustments (if calibrated);
    the figures planned and the data and final weights they were estimated from."""

    results: pd.DataFrame
    g_weights: np.ndarray | None
    figures: tuple[Figure, ...] = ()
    data: pd.DataFrame | None = None
    weights: np.ndarray | None = None


def estimate_figures(
    analysis: pd.DataFrame, config: ProjectConfig, population: pd.DataFrame | None = None
) -> Tabulation:
    """Every figure of ``[estimation]`` in every breakdown, one row each, ready to publish;
    calibrated to ``population`` (the register's units in scope) when ``[calibration]`` is set."""
    breakdowns = [list(b) for b in config.estimation.breakdowns]
    unknown = sorted({c for b in breakdowns for c in b} - set(DIMENSIONS))
    if unknown:
        raise ConfigError(
            f"[estimation] breakdowns {unknown} are not supported; use {sorted(DIMENSIONS)}."
        )
    figures, data = plan_figures(config.estimation.indicators, analysis)
    calibration = config.calibration
    numeric = {c for f in figures for c in (f.column, f.denominator) if c}
    numeric |= set(calibration.totals) if calibration else set()
    for column in numeric:
        data[column] = pd.to_numeric(data[column], errors="coerce")
    design = Design(
        data,
        weights="weight",
        strata=config.design.stratum,
        fpc=config.design.stratum_population,
        lonely_psu=config.design.lonely_psu,
    )
    g_weights = None
    if calibration is not None:
        if population is None:
            raise ConfigError("[calibration] needs the register's population in scope.")
        calibrated = design.calibrate(
            margins={m: population[m].value_counts().to_dict() for m in calibration.margins},
            totals={t: float(population[t].sum()) for t in calibration.totals},
            method=calibration.method,
            bounds=calibration.bounds,
        )
        g_weights = calibrated.weights() / design.weights()
        design = calibrated
    frames = [_means(design, [f for f in figures if f.denominator is None], breakdowns)]
    frames += [_ratio(design, f, breakdowns) for f in figures if f.denominator is not None]
    estimates = pd.concat(frames, ignore_index=True)
    return Tabulation(
        _publishable(estimates, figures, config),
        g_weights,
        tuple(figures),
        data,
        design.weights(),
    )


def _means(design: Design, figures: list[Figure], breakdowns: list[list[str]]) -> pd.DataFrame:
    if not figures:
        return pd.DataFrame()
    columns = [f.column for f in figures]
    return design.mean(columns, breakdowns=breakdowns, na_rm=True).to_pandas()


def _ratio(design: Design, figure: Figure, breakdowns: list[list[str]]) -> pd.DataFrame:
    assert figure.denominator is not None
    return design.ratio(
        figure.column, figure.denominator, breakdowns=breakdowns, na_rm=True
    ).to_pandas()


def _publishable(
    estimates: pd.DataFrame, figures: list[Figure], config: ProjectConfig
) -> pd.DataFrame:
    by_column = {f.column: f for f in figures}
    figure = estimates["variable"].map(by_column)
    table = pd.DataFrame(
        {
            "indicator": [f.code for f in figure],
            "unit": [UNIT_CODES[f.unit] for f in figure],
        }
    )
    for variable, (dimension, total) in DIMENSIONS.items():
        values = (
            estimates[variable] if variable in estimates else pd.Series(np.nan, index=table.index)
        )
        table[dimension] = values.astype(object).where(values.notna(), total).astype(str)
    table["time_period"] = config.project.reference_period
    table["ref_area"] = config.project.ref_area
    for column in STATISTICS:
        table[column] = estimates[column].to_numpy()
    table["quality"] = quality_grades(table["cv"], config)
    table["conf_status"] = "F"
    table["obs_status"] = "A"
    return table


def quality_grades(cv: pd.Series, config: ProjectConfig) -> np.ndarray:
    """A (reliable), B (use with caution) or C (not published) from the CV and ``[quality]``."""
    cv = cv.fillna(0.0).abs()
    return np.where(
        cv <= config.quality.reliable, "A", np.where(cv <= config.quality.caution, "B", "C")
    )


def sdmx_known(results: pd.DataFrame, config: ProjectConfig) -> npt.NDArray[np.bool_]:
    """Which figures have breakdown codes that the SDMX code lists know (the others are
    published in the results tables only)."""
    structure = build_structure(config.project.ref_area, config.project.agency)
    known = np.ones(len(results), dtype=bool)
    for column, concept in (("size_class", "SIZE_CLASS"), ("activity", "ACTIVITY")):
        known &= results[column].isin(structure.codes(concept)).to_numpy()
    return known


def write_sdmx(results: pd.DataFrame, folder: Path, config: ProjectConfig) -> int:
    """Write the figures whose codes the SDMX structure knows; return how many were left out
    (breakdown codes outside its code lists) and log them."""
    known = sdmx_known(results, config)
    left_out = int((~known).sum())
    if left_out:
        logger.warning(
            "%d figures have breakdown codes outside the SDMX code lists and are not in the "
            "SDMX files (they are in the results tables).",
            left_out,
        )
    write_all(
        results[known],
        folder,
        ref_area=config.project.ref_area,
        agency=config.project.agency,
        area_name=config.project.country,
    )
    return left_out
