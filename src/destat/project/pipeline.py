"""``destat run``: ingest → validate → edit/impute → weight → estimate → protect → write.

Nothing is written to the project database or the outputs folder until every step has worked;
then the database tables are replaced in one transaction and the outputs folder swapped in whole.
Validation reports are written in ``reports/`` in every case, since they are what to fix.
Disclosure control (:mod:`destat.project.confidentiality`) flags every figure; the outputs and
the database's ``results`` table hold no number of a hidden figure. For the office only, the
database keeps every number in ``results_confidential``, with the protected cells and the audit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from destat.project.collapse import collapses_table
from destat.project.confidentiality import Protection, protect_figures
from destat.project.config import ProjectConfig, load_config
from destat.project.database import DATABASE_FILE, replace_tables
from destat.project.derive import derive_values
from destat.project.household import household_sdmx, household_tables
from destat.project.inputs import read_mapped
from destat.project.macro import MACRO_TABLES, macro_sdmx, macro_tables, write_macro_release
from destat.project.outputs import swap_in, write_tables
from destat.project.population import in_scope
from destat.project.sources import SourcesRun, source_tables, write_source_outputs
from destat.project.tabulate import Tabulation, estimate_figures, write_sdmx
from destat.project.weighting import design_weights
from destat.publish.release import QualityInputs, write_quality_report, write_release
from destat.publish.release.household import write_household_release
from destat.survey.imputation import ImputationResult, impute
from destat.survey.validation import ValidationFailedError, default_rules, validate
from destat.web.statistics import read_web_inputs, web_release, web_tables, write_web_outputs

STEPS = ("ingest", "validate", "impute", "weight", "estimate", "protect", "write")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class RunResult:
    """What a run produced and what it set aside."""

    folder: Path
    database: Path
    outputs: Path
    reports: Path
    results: pd.DataFrame
    respondents: int
    errors: int
    warnings: int
    set_aside: dict[str, int] = field(default_factory=dict)
    primary_suppressed: int = 0
    secondary_suppressed: int = 0
    sources: SourcesRun = field(default_factory=SourcesRun)
    collapses: pd.DataFrame = field(default_factory=lambda: collapses_table([]))


def run_project(folder: Path, progress: Progress | None = None) -> RunResult:
    """Run every step of the project in ``folder``; see the module docstring."""
    report = progress or (lambda _step: None)
    config = load_config(folder)
    report("ingest")
    web_inputs = read_web_inputs(folder, config)
    sources = source_tables(folder, config)
    register, _ = read_mapped(folder / config.inputs.register_file, folder / config.inputs.mapping)
    sample, _ = read_mapped(folder / config.inputs.sample, folder / config.inputs.mapping)
    survey, mapping = read_mapped(folder / config.inputs.survey, folder / config.inputs.mapping)
    report("validate")
    checked = validate(
        survey,
        rules=default_rules(config.validation.severity),
        register_ids=register[config.design.id],
        column_names=mapping.column_names,
        file_name=config.inputs.survey.name,
    )
    reports = folder / "reports"
    reports.mkdir(exist_ok=True)
    checked.to_csv(reports / "validation.csv")
    checked.to_html(reports / "validation.html")
    if checked.errors and config.validation.on_error == "stop":
        raise ValidationFailedError(
            f"Validation found {checked.errors} error(s) in {config.inputs.survey}; nothing was "
            f"written. See {reports / 'validation.html'}, correct the file and run again (or set "
            '[validation] on_error = "set_aside").'
        )
    set_aside: dict[str, int] = {}
    survey = _without_errors(survey, checked.problems, set_aside)
    report("impute")
    respondents = _respondents(survey, sample, config, set_aside)
    imputed = impute(
        respondents, np.random.default_rng(config.imputation.seed), cells=config.imputation.cells
    )
    report("weight")
    analysis, collapsed = design_weights(derive_values(imputed.frame), sample, config)
    report("estimate")
    population = (
        in_scope(register, sample, ("size_class", "industry")) if config.calibration else None
    )
    tabulation = estimate_figures(analysis, config, population, sample)
    household = household_tables(folder, config)
    macro = macro_tables(folder, config)
    if tabulation.g_weights is not None:
        analysis = analysis.assign(calibrated_weight=analysis["weight"] * tabulation.g_weights)
    report("protect")
    protection = protect_figures(tabulation, config)
    collapses = collapses_table([*collapsed, *tabulation.collapses])
    results = protection.results
    report("write")
    database = folder / DATABASE_FILE
    outputs = folder / config.outputs.folder
    published = protection.published()
    web = web_tables(web_inputs, config, register, sample, published, analysis)
    quality = _quality_inputs(sample, analysis, imputed, tabulation, published, population, config)
    tables = {
        "results": published,
        "results_confidential": results,
        "respondents": analysis,
        "validation_problems": checked.problems,
        "edits": imputed.edits,
        "imputation_rates": imputed.rates,
        "disclosure_cells": protection.cells,
        "disclosure_audit": protection.audit,
        "weighting_collapses": collapses,
        **household,
        **macro,
        **sources.frames,
        **web,
    }
    swap_in(outputs, lambda staging: _write_outputs(staging, tables, quality, config))
    summary = _summary(config, protection, analysis, set_aside, collapses)
    replace_tables(database, tables, summary)
    return RunResult(
        folder=folder,
        database=database,
        outputs=outputs,
        reports=reports,
        results=results,
        respondents=len(analysis),
        errors=checked.errors,
        warnings=checked.warnings,
        set_aside=set_aside,
        primary_suppressed=protection.primary,
        secondary_suppressed=protection.secondary,
        sources=sources,
        collapses=collapses,
    )


def _without_errors(
    survey: pd.DataFrame, problems: pd.DataFrame, set_aside: dict[str, int]
) -> pd.DataFrame:
    rows = problems.loc[problems["severity"] == "error", "row"].astype(int) - 1
    if len(rows):
        set_aside["rows with validation errors"] = int(rows.nunique())
    return survey.drop(index=survey.index[rows.unique()]).reset_index(drop=True)


def _respondents(
    survey: pd.DataFrame, sample: pd.DataFrame, config: ProjectConfig, set_aside: dict[str, int]
) -> pd.DataFrame:
    """Questionnaires of sampled respondents, with the sample's design and cell columns."""
    design = config.design
    design_columns = [
        design.id,
        design.stratum,
        design.stratum_population,
        design.responded,
        *config.imputation.cells,
        *{c for b in config.estimation.breakdowns for c in b},
    ]
    columns = list(dict.fromkeys(c for c in design_columns if c in sample.columns))
    responded = sample.loc[sample[design.responded] == "1", columns]
    answers = survey.drop(columns=[c for c in columns if c != design.id and c in survey.columns])
    merged = answers.merge(responded, on=design.id, how="inner")
    if len(merged) < len(answers):
        set_aside["questionnaires not of a sampled respondent"] = len(answers) - len(merged)
    return merged


def _quality_inputs(
    sample: pd.DataFrame,
    analysis: pd.DataFrame,
    imputed: ImputationResult,
    tabulation: Tabulation,
    published: pd.DataFrame,
    population: pd.DataFrame | None,
    config: ProjectConfig,
) -> QualityInputs:
    """Response by stratum, item non-response and edits, the figures' CVs, and with
    calibration the register's coverage by size class and the weight adjustments."""
    design = config.design
    by_stratum = sample.groupby(design.stratum)
    response = pd.DataFrame(
        {
            "sampled": by_stratum.size(),
            "population": by_stratum[design.stratum_population].first().astype(float),
            "respondents": analysis.groupby(design.stratum).size(),
        }
    ).fillna({"respondents": 0})
    coverage = None
    if population is not None:
        strata = sample.groupby(design.stratum).first()
        sizes = pd.to_numeric(strata[design.stratum_population])
        frame_units = sizes.groupby(strata["size_class"]).sum()
        coverage = (
            pd.DataFrame(
                {
                    "frame_units": frame_units.astype(float),
                    "reference_units": population.groupby("size_class").size().astype(float),
                    "sampled": sample.groupby("size_class").size(),
                }
            )
            .fillna(0.0)
            .rename_axis("group")
            .reset_index()
        )
    return QualityInputs(
        response=response.rename_axis("stratum").reset_index(),
        coverage=coverage,
        item_response=imputed.rates,
        edits=imputed.edits,
        results=published,
        g_weights=tabulation.g_weights,
        calibration_method=config.calibration.method if config.calibration else None,
        calibration_bounds=config.calibration.bounds if config.calibration else None,
        cv_thresholds=(config.quality.reliable, config.quality.caution),
        country_name=config.project.country or config.project.ref_area,
        reference_period=config.project.reference_period,
    )


def _write_outputs(
    folder: Path, tables: dict[str, pd.DataFrame], quality: QualityInputs, config: ProjectConfig
) -> None:
    results = tables["results"]
    names: tuple[str, ...] = ("results", "household", "household_gaps", *MACRO_TABLES)
    published = {name: tables[name] for name in names if name in tables}
    write_tables(folder, published, config.outputs.formats)
    if config.outputs.sdmx:
        write_sdmx(results, folder / "sdmx", config)
        household_sdmx(tables, folder / "sdmx", config)
        macro_sdmx(tables, folder / "sdmx", config)
    write_source_outputs(folder, tables, config)
    write_web_outputs(folder, tables)
    for lang in config.outputs.languages:
        web = web_release(tables, lang)
        write_release(
            results,
            folder / "release",
            lang,
            title=config.project.name,
            country_name=config.project.country,
            reference_period=config.project.reference_period,
            quality_thresholds=(config.quality.reliable, config.quality.caution),
            publisher=config.project.agency,
            comparison=web.comparison,
            auxiliary=web.greg,
        )
        write_quality_report(quality, folder / "release", lang)
        if "household" in tables:
            write_household_release(
                tables["household"],
                tables["household_gaps"],
                folder / "release",
                lang,
                country=config.project.country or config.project.ref_area,
                period=config.project.reference_period,
                caution=config.quality.caution,
            )
        write_macro_release(tables, folder / "release", lang, config)


def _summary(
    config: ProjectConfig,
    protection: Protection,
    analysis: pd.DataFrame,
    set_aside: dict[str, int],
    collapses: pd.DataFrame,
) -> str:
    aside = ", ".join(f"{n} {why}" for why, n in set_aside.items()) or "nothing"
    merged = "; ".join(
        f"{c.variable} {c.cell} into {c.into} ({c.reason})" for c in collapses.itertuples()
    )
    return (
        f"{config.project.name} {config.project.reference_period}: "
        f"{len(protection.results)} figures from {len(analysis)} respondents; set aside: "
        f"{aside}; confidential: {protection.primary} primary (C), {protection.secondary} "
        f"secondary (D); missing: {int((protection.results['obs_status'] == 'M').sum())} "
        f"(no respondent in the domain); collapsed: {merged or 'nothing'}"
    )
