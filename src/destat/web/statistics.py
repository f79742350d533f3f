"""The web step of a project, run by ``destat run`` when destat.toml has a ``[web]`` section:
link the register units in scope to their websites, estimate the experimental indicators, set
them beside the survey, calibrate with the web totals, and publish.

:func:`read_web_inputs` reads and checks ``[web]`` (discovery's best candidates, the crawl
folder, the classifier) when the run starts, so that a bad setting stops it before any work.
:func:`web_tables` builds ``web_units``, ``web_indicators``, ``web_beside_survey`` and
``web_greg`` once the survey's figures are known; the run puts them in the project database with
its other tables (one transaction), :func:`write_web_outputs` in ``outputs/web/``, and
:func:`web_release` gives the HTML release the web figures beside B5 and B7 and the GREG table.

``web_greg`` holds survey estimates, so it follows the survey's disclosure control: a figure
whose survey figure is not free (``conf_status`` C or D) loses its numbers, as in ``results``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from destat.errors import ConfigError
from destat.project.config import ProjectConfig
from destat.project.inputs import read_mapped
from destat.project.outputs import write_tables
from destat.project.population import in_scope
from destat.project.web_settings import WebSettings
from destat.publish.release import Comparison
from destat.publish.release.messages import Messages
from destat.web.auxiliary import DesignColumns, greg_comparison
from destat.web.classify import ClassifierKind, make_classifier
from destat.web.classify.scoring import Classifier
from destat.web.crawl.crawler import STATE_FILE
from destat.web.indicators import beside_survey, release_comparison, web_indicators
from destat.web.link import LINK_TABLE, link_units

__all__ = [
    "GREG_INDICATORS",
    "WEB_FOLDER",
    "WEB_TABLES",
    "WebInputs",
    "WebRelease",
    "project_population",
    "read_web_inputs",
    "web_release",
    "web_tables",
    "with_survey_status",
    "write_web_outputs",
]

WEB_FOLDER = "web"
WEB_TABLES = (LINK_TABLE, "web_indicators", "web_beside_survey", "web_greg")
# Share-of-businesses indicators calibrated with the web totals, and those the release shows.
GREG_INDICATORS = ("B1", "B3", "B5", "B7", "B8")
RELEASE_GREG = ("B5", "B7")
_BEST_COLUMNS = ("enterprise_id", "url", "probability", "kept")
_SPLITS = {"size_class", "industry"}
_HIDDEN = ["estimate_register", "se_register", "estimate_web", "se_web", "se_ratio"]


@dataclass(frozen=True)
class WebInputs:
    """What ``[web]`` names, read and checked: discovery's table, the crawl, the classifier."""

    best: pd.DataFrame
    crawl: Path
    classify: Classifier


def read_web_inputs(folder: Path, config: ProjectConfig) -> WebInputs | None:
    """Read the files ``[web]`` names (None without it); a missing file, folder or column
    raises :class:`ConfigError` naming the setting and the file."""
    settings = config.web
    if settings is None:
        return None
    crawl = folder / settings.crawl
    if not (crawl / STATE_FILE).is_file():
        raise ConfigError(
            f"crawl = {str(settings.crawl)!r} in [web] of destat.toml: {crawl} is not a folder "
            f"written by `destat web crawl` (it has no {STATE_FILE}). Give the crawl's --out "
            "folder, relative to the project folder."
        )
    best = _read_best(folder, settings)
    if not {"B5", "B7"} & set(config.estimation.indicators):
        raise ConfigError(
            "[web] in destat.toml sets web figures beside B5 and B7, but [estimation] "
            "indicators has neither: add them, or remove [web]."
        )
    return WebInputs(best, crawl, make_classifier(ClassifierKind(settings.classifier)))


def _read_best(folder: Path, settings: WebSettings) -> pd.DataFrame:
    path = folder / settings.best
    where = f"best = {str(settings.best)!r} in [web] of destat.toml"
    try:
        best = pd.read_csv(path, dtype={"enterprise_id": str, "url": str}, keep_default_na=False)
    except FileNotFoundError:
        raise ConfigError(
            f"{where}: {path} does not exist. Give best.csv of `destat web discover`, relative "
            "to the project folder."
        ) from None
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise ConfigError(f"{where}: {path} cannot be read as a CSV file ({error}).") from None
    if missing := [c for c in _BEST_COLUMNS if c not in best.columns]:
        raise ConfigError(
            f"{where}: {path} has no column {', '.join(map(repr, missing))}; give best.csv as "
            "`destat web discover` writes it (enterprise_id, url, probability, kept)."
        )
    best["kept"] = best["kept"].astype(str).str.lower() == "true"
    return best


def project_population(project: Path, config: ProjectConfig) -> pd.DataFrame:
    """The register units in scope of the project (in a stratum of its sample)."""
    register, _ = read_mapped(
        project / config.inputs.register_file, project / config.inputs.mapping
    )
    sample, _ = read_mapped(project / config.inputs.sample, project / config.inputs.mapping)
    return in_scope(register, sample, ("size_class", "industry"))


def web_tables(
    inputs: WebInputs | None,
    config: ProjectConfig,
    register: pd.DataFrame,
    sample: pd.DataFrame,
    results: pd.DataFrame,
    respondents: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """The web step's tables (none without ``inputs``), from the run's register, sample,
    published ``results`` and weighted ``respondents``."""
    if inputs is None:
        return {}
    key = config.design.id
    population = in_scope(register, sample, ("size_class", "industry"))
    links = link_units(inputs.best, inputs.crawl, inputs.classify, units=population[key])
    units = population[[key, "size_class", "industry", "persons_employed"]]
    units = units.merge(links, left_on=key, right_on="enterprise_id")
    breakdowns = tuple(tuple(b) for b in config.estimation.breakdowns if set(b) <= _SPLITS)
    indicators = web_indicators(units, breakdowns)
    columns = DesignColumns(
        stratum=config.design.stratum,
        fpc=config.design.stratum_population,
        id=key,
        lonely_psu=config.design.lonely_psu,
    )
    chosen = [code for code in GREG_INDICATORS if code in config.estimation.indicators]
    greg = greg_comparison(respondents, units, chosen, breakdowns=breakdowns, columns=columns)
    return {
        LINK_TABLE: links,
        "web_indicators": indicators,
        "web_beside_survey": beside_survey(indicators, results),
        "web_greg": with_survey_status(greg, results),
    }


def with_survey_status(greg: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """``greg`` with the survey figure's quality grade and confidentiality status; figures
    without a survey figure are left out, those not free lose their numbers."""
    keys = ["indicator", "size_class", "activity"]
    overall = results[(results["region"] == "_T") & (results["owner_sex"] == "_T")]
    flagged = greg.merge(overall[[*keys, "quality", "conf_status"]], on=keys, how="inner")
    hidden = flagged["conf_status"] != "F"
    flagged[_HIDDEN] = flagged[_HIDDEN].astype(float).mask(hidden, axis=0)
    return flagged


def write_web_outputs(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    """The web tables among ``tables`` in ``folder/web/`` (Parquet and CSV); nothing without."""
    present = {name: tables[name] for name in WEB_TABLES if name in tables}
    if present:
        (folder / WEB_FOLDER).mkdir()
        write_tables(folder / WEB_FOLDER, present, ("parquet", "csv"))


@dataclass(frozen=True)
class WebRelease:
    """What the release shows of the web step: the web figures beside B5 and B7, and the
    GREG table (both None without the web step)."""

    comparison: Comparison | None = None
    greg: pd.DataFrame | None = None


def web_release(tables: dict[str, pd.DataFrame], lang: str) -> WebRelease:
    """The web step's part of the release in ``lang``, from the run's ``tables``."""
    if "web_indicators" not in tables:
        return WebRelease()
    label = Messages(lang)("web_label")
    greg = tables["web_greg"]
    return WebRelease(
        Comparison(release_comparison(tables["web_indicators"]), label),
        greg[greg["indicator"].isin(RELEASE_GREG)].reset_index(drop=True),
    )
