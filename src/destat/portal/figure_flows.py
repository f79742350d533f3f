"""The household and macro figures on the portal: the dataflows ICT_HH, ICT_SECTOR,
ICT_GOODS_TRADE and ICT_SERVICES_TRADE, built from the tables ``destat run`` publishes in
Parquet exactly as the run's SDMX files are (:mod:`destat.publish.sdmx.household`,
:mod:`destat.publish.sdmx.macro`). The household tables were protected before they were
written: a figure not free has no numbers in them, and the SDMX rules hide the rest.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from destat.portal.experimental import SdmxFlow, read_published, structure_message
from destat.project.config import ProjectConfig
from destat.project.macro import MACRO_TABLES
from destat.publish.sdmx import DataStructure
from destat.publish.sdmx.household import household_observations
from destat.publish.sdmx.macro import MACRO_FLOWS, macro_observations

__all__ = ["load_figure_flows"]

logger = logging.getLogger(__name__)


def _read(path: Path) -> pd.DataFrame | None:
    return read_published(path) if path.is_file() else None


def _flow(built: tuple[DataStructure, pd.DataFrame]) -> SdmxFlow:
    structure, observations = built
    return SdmxFlow(structure, observations, structure_message(structure))


def load_figure_flows(outputs: Path, config: ProjectConfig) -> tuple[SdmxFlow, ...]:
    """The household and macro dataflows of the tables published in ``outputs`` (Parquet)."""
    project = config.project
    flows = []
    shares = _read(outputs / "household.parquet")
    if shares is not None:
        gaps = _read(outputs / "household_gaps.parquet")
        built = household_observations(
            shares,
            gaps if gaps is not None else shares.iloc[0:0],
            ref_area=project.ref_area,
            agency=project.agency,
            area_name=project.country,
        )
        flows.append(_flow(built))
    tables = {name: _read(outputs / f"{name}.parquet") for name in MACRO_TABLES}
    present = {name: table for name, table in tables.items() if table is not None}
    for macro_flow in MACRO_FLOWS:
        found = macro_observations(
            present,
            macro_flow,
            ref_area=project.ref_area,
            period=project.reference_period,
            agency=project.agency,
        )
        if found is not None:
            flows.append(_flow(found))
    logger.info("Serving %d household and macro dataflows", len(flows))
    return tuple(flows)
