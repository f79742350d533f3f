"""Write every SDMX file of a release: structure, data (SDMX-ML), SDMX-CSV and SDMX-JSON."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from destat.publish.sdmx.errors import SdmxError
from destat.publish.sdmx.json_data import write_data_json
from destat.publish.sdmx.pysdmx_data import write_data_csv
from destat.publish.sdmx.structure import TOTAL, DataStructure, build_structure
from destat.publish.sdmx.tidy import to_observations
from destat.publish.sdmx.xml_data import write_data_xml
from destat.publish.sdmx.xml_structure import write_structure_xml

__all__ = ["SdmxFiles", "structure_for", "write_all", "write_files"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SdmxFiles:
    """The files of one SDMX release and the structure they follow."""

    structure_xml: Path
    data_xml: Path
    data_csv: Path
    data_json: Path
    observations: int
    structure: DataStructure = field(repr=False)


def _regions(results: pd.DataFrame, regions: Mapping[str, str] | None) -> dict[str, str]:
    if regions is not None:
        return {str(code): str(name) for code, name in regions.items()}
    if "region" not in results.columns:
        return {}
    codes = sorted({str(c).strip() for c in results["region"].dropna()} - {TOTAL})
    return {code: code for code in codes}


def structure_for(
    results: pd.DataFrame,
    ref_area: str = "DL",
    agency: str = "NSO",
    dataflow: str = "ICT_BUS",
    version: str = "1.0",
    *,
    area_name: str | None = None,
    regions: Mapping[str, str] | None = None,
) -> DataStructure:
    """The structure that :func:`write_all` publishes ``results`` with (same arguments)."""
    return build_structure(
        ref_area, agency, dataflow, version, area_name=area_name, regions=_regions(results, regions)
    )


def write_all(
    results: pd.DataFrame,
    out_dir: str | Path,
    ref_area: str = "DL",
    agency: str = "NSO",
    dataflow: str = "ICT_BUS",
    version: str = "1.0",
    *,
    area_name: str | None = None,
    regions: Mapping[str, str] | None = None,
    prepared: datetime | None = None,
) -> SdmxFiles:
    """Write the structure and the data of ``results`` (destat's tidy results table) to
    ``out_dir`` as SDMX-ML 2.1, SDMX-CSV 2.0 and SDMX-JSON 2.0.

    ``regions`` maps region codes to names (without it the codes name themselves); ``prepared``
    fixes the message timestamp (UTC), e.g. for reproducible files.
    """
    structure = structure_for(
        results, ref_area, agency, dataflow, version, area_name=area_name, regions=regions
    )
    observations = to_observations(results, structure)
    stem = f"{agency}_{dataflow}_{version}"
    files = write_files(structure, observations, out_dir, stem, prepared)
    logger.info("Wrote %d observations as SDMX to %s", files.observations, out_dir)
    return files


def write_files(
    structure: DataStructure,
    observations: pd.DataFrame,
    out_dir: str | Path,
    stem: str,
    prepared: datetime | None = None,
) -> SdmxFiles:
    """Write ``structure`` and ``observations`` (already coded) to ``out_dir`` as
    ``<stem>_structure.xml``, ``<stem>_data.xml``, ``<stem>_data.csv`` and ``<stem>_data.json``."""
    when = (prepared or datetime.now(UTC)).astimezone(UTC)
    folder = Path(out_dir)
    path = folder / stem
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return SdmxFiles(
            structure_xml=write_structure_xml(structure, Path(f"{path}_structure.xml"), when),
            data_xml=write_data_xml(observations, structure, Path(f"{path}_data.xml"), when),
            data_csv=write_data_csv(observations, structure, Path(f"{path}_data.csv")),
            data_json=write_data_json(observations, structure, Path(f"{path}_data.json"), when),
            structure=structure,
            observations=len(observations),
        )
    except OSError as exc:
        raise SdmxError(
            f"Cannot write the SDMX files in {folder} ({exc.strerror or exc}); choose a folder "
            "you can write to and that has free space."
        ) from exc
