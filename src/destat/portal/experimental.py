"""Experimental statistics on the portal: the marketplace and postal tables that ``destat run``
publishes from ``[sources]`` (see docs/marketplace-postal.md), each an SDMX dataflow of its own.

The tables are read as the project published them: disclosure control was applied by the
adapters before they were written (hidden cells have no measures), so nothing more is removed
here. Their structures and observations are those of the SDMX files in outputs/sdmx/
(:func:`destat.sources.sdmx.provider_observations`).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from destat.portal.errors import PortalError
from destat.publish.sdmx import DataStructure
from destat.publish.sdmx.xml_structure import write_structure_xml
from destat.sources.run import TABLE_FLOWS
from destat.sources.sdmx import provider_observations

__all__ = [
    "ExperimentalTable",
    "SdmxFlow",
    "load_experimental",
    "read_published",
    "structure_message",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SdmxFlow:
    """One dataflow the SDMX API serves: its structure, observations and structure message."""

    structure: DataStructure = field(repr=False)
    observations: pd.DataFrame = field(repr=False)
    structure_xml: bytes = field(repr=False)


@dataclass(frozen=True)
class ExperimentalTable:
    """A published provider table (``name`` as in the outputs folder) and its dataflow."""

    name: str
    table: pd.DataFrame = field(repr=False)
    flow: SdmxFlow = field(repr=False)


def structure_message(structure: DataStructure) -> bytes:
    """The SDMX-ML 2.1 structure message of ``structure``."""
    with tempfile.TemporaryDirectory(prefix="destat-portal-") as tmp:
        path = write_structure_xml(structure, Path(tmp) / "structure.xml", datetime.now(UTC))
        return path.read_bytes()


def read_published(path: Path) -> pd.DataFrame:
    """A published Parquet table; a file that cannot be read is a :class:`PortalError`."""
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise PortalError(
            f"{path} cannot be read as Parquet ({exc}); run the project again to rewrite it."
        ) from exc


def load_experimental(outputs: Path, ref_area: str, agency: str) -> tuple[ExperimentalTable, ...]:
    """Every provider table published in ``outputs`` (Parquet), in the order of TABLE_FLOWS."""
    found = []
    for name, provider_flow in TABLE_FLOWS.items():
        path = outputs / f"{name}.parquet"
        if not path.is_file():
            continue
        table = read_published(path)
        structure, observations = provider_observations(
            table, provider_flow, ref_area=ref_area, agency=agency
        )
        flow = SdmxFlow(structure, observations, structure_message(structure))
        found.append(ExperimentalTable(name, table, flow))
    logger.info("Serving %d experimental tables", len(found))
    return tuple(found)
