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
from destat.project.codes import check_respondent_codes, published_codes
from destat.project.collapse import Collapse, collapse_margin
from destat.project.config import ProjectConfig
from destat.project.domains import EmptyDomains, empty_domains, missing_rows
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
TOTALS = {variable: total for variable, (_, total) in DIMENSIONS.items()}
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
    collapses: tuple[Collapse, ...] = ()


def estimate_figures(
    analysis: pd.DataFrame,
    config: ProjectConfig,
    population: pd.DataFrame | None = None,
    sample: pd.DataFrame | None = None,
) -> Tabulation:
    """Every figure of ``[estimation]`` in every breakdown, one row each, ready to publish;
    calibrated to ``population`` (the register's units in scope) when ``[calibration]`` is set.
    A domain of ``sample`` (or of ``analysis``) in which no respondent has a value of a figure
    gets that figure as missing (see :mod:`destat.project.domains`)."""
    breakdowns = [list(b) for b in config.estimation.breakdowns]
    unknown = sorted({c for b in breakdowns for c in b} - set(DIMENSIONS))
    if unknown:
        raise ConfigError(
            f"[estimation] breakdowns {unknown} are not supported; use {sorted(DIMENSIONS)}."
        )
    check_respondent_codes(
        analysis, breakdowns, TOTALS, config.design.id, config.inputs.sample.name
    )
    figures, data = plan_figures(config.estimation.indicators, analysis)
    calibration = config.calibration
    numeric = {c for f in figures for c in (f.column, f.denominator) if c}
    numeric |= set(calibration.totals) if calibration else set()
    for column in numeric:
        data[column] = pd.to_numeric(data[column], errors="coerce")
    margins, totals, collapses = _calibration_targets(data, population, config)
    gaps = [e for f in figures if (e := empty_domains(data, f, breakdowns, sample)) is not None]
    alone = {e.figure.column: e for e in gaps if e.copies or e.everywhere}
    design = Design(
        data,
        weights="weight",
        strata=config.design.stratum,
        fpc=config.design.stratum_population,
        lonely_psu=config.design.lonely_psu,
    )
    g_weights = None
    if calibration is not None:
        calibrated = design.calibrate(
            margins=margins,
            totals=totals,
            method=calibration.method,
            bounds=calibration.bounds,
        )
        g_weights = calibrated.weights() / design.weights()
        design = calibrated
    whole = [f for f in figures if f.column not in alone]
    frames = [_means(design, [f for f in whole if f.denominator is None], breakdowns)]
    frames += [_ratio(design, f, breakdowns) for f in whole if f.denominator is not None]
    frames += [_without_empty_domains(design, empty) for empty in alone.values()]
    frames += [_missing(empty) for empty in gaps]
    estimates = pd.concat(frames, ignore_index=True)
    return Tabulation(
        _publishable(estimates, figures, config),
        g_weights,
        tuple(figures),
        data,
        design.weights(),
        tuple(collapses),
    )


def _calibration_targets(
    data: pd.DataFrame, population: pd.DataFrame | None, config: ProjectConfig
) -> tuple[dict[str, dict[str, float]], dict[str, float], list[Collapse]]:
    """The register's counts of each calibration margin, levels without respondents merged
    into a neighbour (a ``<margin>_collapsed`` column of ``data`` then holds the merged
    levels), its totals, and the collapses; nothing without ``[calibration]``."""
    calibration = config.calibration
    if calibration is None:
        return {}, {}, []
    if population is None:
        raise ConfigError("[calibration] needs the register's population in scope.")
    margins: dict[str, dict[str, float]] = {}
    collapses: list[Collapse] = []
    for margin in calibration.margins:
        counts = {str(k): float(v) for k, v in population[margin].value_counts().items()}
        merged_levels, merged_counts, found = collapse_margin(
            margin, counts, data[margin], calibration.empty_cells
        )
        if not found:
            margins[margin] = counts
            continue
        column = f"{margin}_collapsed"
        levels = data[margin]
        data[column] = levels.astype(str).map(merged_levels).where(levels.notna(), None)
        margins[column] = merged_counts
        collapses += found
    totals: dict[str, float] = {t: float(population[t].sum()) for t in calibration.totals}
    return margins, totals, collapses


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


def _without_empty_domains(design: Design, empty: EmptyDomains) -> pd.DataFrame:
    """A figure's estimates in the domains where it is defined (none if nowhere), estimated
    on breakdown columns without the codes of the others (:mod:`destat.project.domains`)."""
    if empty.everywhere:
        return pd.DataFrame()
    figure, by = empty.figure, empty.breakdowns
    found = _ratio(design, figure, by) if figure.denominator else _means(design, [figure], by)
    return empty.restore(found)


def _missing(empty: EmptyDomains) -> pd.DataFrame:
    """A row without numbers for each domain where the figure is undefined."""
    missing = missing_rows(empty, STATISTICS)
    logger.warning(
        "%s: no respondent has a value in %d domain(s); published as missing (OBS_STATUS M).",
        empty.figure.code,
        len(missing),
    )
    return missing


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
    codes = published_codes(estimates, config.estimation.breakdowns, TOTALS)
    for variable, (dimension, _) in DIMENSIONS.items():
        table[dimension] = codes[variable].to_numpy()
    table["time_period"] = config.project.reference_period
    table["ref_area"] = config.project.ref_area
    for column in STATISTICS:
        table[column] = estimates[column].to_numpy()
    missing = table["estimate"].isna()
    table["quality"] = pd.Series(quality_grades(table["cv"], config)).where(~missing, None)
    table["conf_status"] = "F"
    table["obs_status"] = np.where(missing, "M", "A")
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
