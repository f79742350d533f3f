"""What the portal serves: a project's published results, read once when the app starts.

Figures that may not be shown (confidential: ``conf_status`` other than F; too unreliable:
``quality`` C) lose every number as soon as they are read (estimate, SE, interval, CV, design
effect and n), so no page, download or API answer can hold them. The SDMX structure and
observations are those that ``destat run`` publishes (:func:`destat.project.tabulate.write_sdmx`);
the household and macro figures' dataflows are read by :mod:`destat.portal.figure_flows`, the
experimental provider tables, each a dataflow of its own, by :mod:`destat.portal.experimental`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from destat.indicators.catalogue import Catalogue, load_catalogue
from destat.portal.errors import PortalError
from destat.portal.experimental import (
    ExperimentalTable,
    SdmxFlow,
    load_experimental,
    structure_message,
)
from destat.portal.figure_flows import load_figure_flows
from destat.project.config import ProjectConfig, load_config
from destat.project.tabulate import sdmx_known
from destat.publish.sdmx import DataStructure, to_observations
from destat.publish.sdmx.tidy import RESULT_COLUMNS
from destat.publish.sdmx.writers import structure_for

__all__ = ["HIDDEN_NUMBERS", "Publication", "load_publication", "public_results"]

logger = logging.getLogger(__name__)

HIDDEN_NUMBERS = ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "n")
"""The numbers of a figure that are removed when it may not be shown."""

RESULTS_FILE = "results.parquet"


def public_results(results: pd.DataFrame) -> pd.DataFrame:
    """``results`` with every number of the figures that may not be shown removed."""
    public = results.reset_index(drop=True).copy()
    conf = public["conf_status"].astype("string").str.strip()
    quality = public["quality"].astype("string").str.strip()
    shown = (conf == "F").fillna(False) & (quality != "C").fillna(True)
    for column in HIDDEN_NUMBERS:
        if column in public.columns:
            values = pd.to_numeric(public[column], errors="coerce")
            public[column] = values.astype("Int64" if column == "n" else float).where(shown)
    return public


@dataclass(frozen=True)
class Publication:
    """A project's published results, ready to serve."""

    folder: Path
    config: ProjectConfig
    results: pd.DataFrame = field(repr=False)
    structure: DataStructure = field(repr=False)
    observations: pd.DataFrame = field(repr=False)
    structure_xml: bytes = field(repr=False)
    catalogue: Catalogue = field(repr=False)
    experimental: tuple[ExperimentalTable, ...] = ()
    figures: tuple[SdmxFlow, ...] = ()

    @property
    def flows(self) -> tuple[SdmxFlow, ...]:
        """Every dataflow served: the survey's first, the household and macro figures', then
        the experimental tables'."""
        survey = SdmxFlow(self.structure, self.observations, self.structure_xml)
        return (survey, *self.figures, *(table.flow for table in self.experimental))

    @property
    def periods(self) -> tuple[str, ...]:
        """The reference periods published, oldest first."""
        return tuple(sorted({str(p) for p in self.results["time_period"]}))

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicator codes published (with categories, e.g. ``B9_FIXED_BB``), in table order."""
        return tuple(dict.fromkeys(str(code) for code in self.results["indicator"]))


def _read_results(path: Path, config: ProjectConfig) -> pd.DataFrame:
    if not path.is_file():
        if "parquet" not in config.outputs.formats:
            raise PortalError(
                f"{path} does not exist: the portal reads the results in Parquet. Add "
                '"parquet" to formats in [outputs] of destat.toml and run the project again.'
            )
        raise PortalError(
            f"{path} does not exist: the project has no published results yet. "
            f"Run the project first: destat run {path.parent.parent}"
        )
    try:
        results = pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise PortalError(
            f"{path} cannot be read as Parquet ({exc}); run the project again to rewrite it."
        ) from exc
    missing = [column for column in RESULT_COLUMNS if column not in results.columns]
    if missing:
        raise PortalError(
            f"{path} lacks the column(s) {', '.join(missing)}; it is not a results table "
            "written by destat run. Run the project again to rewrite it."
        )
    return results


def load_publication(project_dir: Path | str) -> Publication:
    """Read the project in ``project_dir`` (its ``destat.toml`` and published results)."""
    folder = Path(project_dir)
    config = load_config(folder)
    outputs = folder / config.outputs.folder
    results = public_results(_read_results(outputs / RESULTS_FILE, config))
    known = results[sdmx_known(results, config)]
    structure = structure_for(known, config.project.ref_area, config.project.agency)
    observations = to_observations(known, structure)
    logger.info("Serving %d figures of %s", len(results), folder)
    return Publication(
        folder=folder,
        config=config,
        results=results,
        structure=structure,
        observations=observations,
        structure_xml=structure_message(structure),
        catalogue=load_catalogue(),
        experimental=load_experimental(outputs, config.project.ref_area, config.project.agency),
        figures=load_figure_flows(outputs, config),
    )
