"""Data messages written with pysdmx: SDMX-ML 2.1 structure-specific data and SDMX-CSV 2.0.

All dimensions are at the observation level (``AllDimensions``): a flat list of figures, as in the
results table and in the SDMX-CSV file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from pysdmx.io import write_sdmx
from pysdmx.io.format import Format
from pysdmx.io.pd import PandasDataset
from pysdmx.model import Component, Components, Concept, DataType, Organisation, Role, Schema
from pysdmx.model.message import Header

from destat.publish.sdmx.structure import Component as DestatComponent
from destat.publish.sdmx.structure import DataStructure
from destat.publish.sdmx.structure import Role as DestatRole
from destat.publish.sdmx.xml_structure import message_id

__all__ = ["write_data_csv", "write_data_xml"]

_ROLES = {
    DestatRole.DIMENSION: Role.DIMENSION,
    DestatRole.TIME: Role.DIMENSION,
    DestatRole.MEASURE: Role.MEASURE,
    DestatRole.ATTRIBUTE: Role.ATTRIBUTE,
}
_TYPES = {"Double": DataType.DOUBLE, "Integer": DataType.INTEGER}


def _component(component: DestatComponent) -> Component:
    attribute = component.role is DestatRole.ATTRIBUTE
    return Component(
        id=component.id,
        required=component.required,
        role=_ROLES[component.role],
        concept=Concept(id=component.id, name=component.name["en"]),
        local_dtype=_TYPES.get(component.text_type or "", DataType.STRING),
        attachment_level="O" if attribute else None,
    )


def _dataset(observations: pd.DataFrame, structure: DataStructure) -> PandasDataset:
    schema = Schema(
        context="dataflow",
        agency=structure.agency,
        id=structure.dataflow,
        version=structure.version,
        components=Components([_component(c) for c in structure.components]),
    )
    return PandasDataset(structure=schema, data=observations.copy())


def write_data_xml(
    observations: pd.DataFrame, structure: DataStructure, path: Path, prepared: datetime
) -> Path:
    """Write an SDMX-ML 2.1 structure-specific data message (one ``Obs`` per figure)."""
    header = Header(
        id=message_id(structure, prepared, "DATA"),
        prepared=prepared,
        sender=Organisation(id=structure.agency),
    )
    write_sdmx(
        _dataset(observations, structure),
        Format.DATA_SDMX_ML_2_1_STR,
        output_path=str(path),
        header=header,
        dimension_at_observation="AllDimensions",
    )
    return path


def write_data_csv(observations: pd.DataFrame, structure: DataStructure, path: Path) -> Path:
    """Write an SDMX-CSV 2.0 file (``STRUCTURE=dataflow``, one row per figure)."""
    write_sdmx(_dataset(observations, structure), Format.DATA_SDMX_CSV_2_0_0, output_path=str(path))
    return path
