"""The web step of a project: link, estimate the experimental indicators, set them beside the
survey, calibrate with the web totals, and publish, after ``destat run``.

It reads the project's register and sample (for the units in scope), the survey results and
respondents from the project database, discovery's best candidates and the crawl folder. It
adds the tables ``web_units``, ``web_indicators``, ``web_beside_survey`` and ``web_greg`` to the
database in one transaction, writes them to ``outputs/web/``, and rewrites the HTML release so
that its charts and tables show the web figures beside B5 and B7.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from destat.errors import ConfigError
from destat.project.config import ProjectConfig, load_config
from destat.project.database import DATABASE_FILE, read_table, replace_tables
from destat.project.inputs import read_mapped
from destat.project.outputs import swap_in, write_tables
from destat.project.population import in_scope
from destat.publish.release import Comparison, write_release
from destat.web.auxiliary import DesignColumns, greg_comparison
from destat.web.classify import ClassifierKind, make_classifier
from destat.web.classify.scoring import Classifier
from destat.web.indicators import beside_survey, release_comparison, web_indicators
from destat.web.link import link_units

__all__ = ["WEB_FOLDER", "WebStatistics", "project_population", "web_statistics"]

WEB_FOLDER = "web"
COMPARISON_LABEL = "Web data (experimental)"
_SPLITS = {"size_class", "industry"}


@dataclass(frozen=True)
class WebStatistics:
    """The tables the web step wrote, and where."""

    units: pd.DataFrame
    indicators: pd.DataFrame
    beside: pd.DataFrame
    greg: pd.DataFrame
    outputs: Path
    database: Path


def web_statistics(
    project: Path, best: pd.DataFrame, crawl_dir: Path, classify: Classifier | None = None
) -> WebStatistics:
    """Run the web step on the project in ``project`` (after ``destat run``); see the module
    docstring. ``best`` is discovery's best candidate per enterprise."""
    config = load_config(project)
    database = project / DATABASE_FILE
    results = _run_table(database, "results")
    respondents = _run_table(database, "respondents")
    population = project_population(project, config)
    classifier = classify or make_classifier(ClassifierKind.MODEL)
    links = link_units(best, crawl_dir, classifier, units=population[config.design.id])
    units = population[[config.design.id, "size_class", "industry", "persons_employed"]]
    units = units.merge(links, left_on=config.design.id, right_on="enterprise_id")
    breakdowns = tuple(tuple(b) for b in config.estimation.breakdowns if set(b) <= _SPLITS)
    indicators = web_indicators(units, breakdowns)
    beside = beside_survey(indicators, results)
    columns = DesignColumns(
        stratum=config.design.stratum,
        fpc=config.design.stratum_population,
        id=config.design.id,
        lonely_psu=config.design.lonely_psu,
    )
    greg = greg_comparison(respondents, units, breakdowns=breakdowns, columns=columns)
    tables = {
        "web_units": links,
        "web_indicators": indicators,
        "web_beside_survey": beside,
        "web_greg": greg,
    }
    outputs = project / config.outputs.folder
    swap_in(outputs / WEB_FOLDER, lambda staging: write_tables(staging, tables, ("parquet", "csv")))
    _rewrite_release(results, indicators, outputs / "release", config)
    summary = f"web step: {int(links['has_website'].sum())} of {len(links)} units with a website"
    replace_tables(database, tables, summary)
    return WebStatistics(units, indicators, beside, greg, outputs / WEB_FOLDER, database)


def _run_table(database: Path, name: str) -> pd.DataFrame:
    try:
        return read_table(database, name)
    except duckdb.Error:
        raise ConfigError(
            f"The project database {database} has no {name!r} table: run `destat run` on the "
            "project first, then the web step."
        ) from None


def project_population(project: Path, config: ProjectConfig) -> pd.DataFrame:
    """The register units in scope of the project (in a stratum of its sample)."""
    register, _ = read_mapped(
        project / config.inputs.register_file, project / config.inputs.mapping
    )
    sample, _ = read_mapped(project / config.inputs.sample, project / config.inputs.mapping)
    return in_scope(register, sample, ("size_class", "industry"))


def _rewrite_release(
    results: pd.DataFrame, indicators: pd.DataFrame, folder: Path, config: ProjectConfig
) -> None:
    comparison = Comparison(release_comparison(indicators), COMPARISON_LABEL)
    for lang in config.outputs.languages:
        write_release(
            results,
            folder,
            lang,
            title=config.project.name,
            country_name=config.project.country,
            reference_period=config.project.reference_period,
            quality_thresholds=(config.quality.reliable, config.quality.caution),
            publisher=config.project.agency,
            comparison=comparison,
        )
