"""SDMX-CSV 2.0 data file written with pysdmx: one row per figure, as in the results table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pysdmx.io import write_sdmx
from pysdmx.io.format import Format
from pysdmx.io.pd import PandasDataset
from pysdmx.model import Component, Components, Concept, DataType, Role, Schema

from destat.publish.sdmx.structure import Component as DestatComponent
from destat.publish.sdmx.structure import DataStructure
from destat.publish.sdmx.structure import Role as DestatRole

__all__ = ["write_data_csv"]

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


def write_data_csv(observations: pd.DataFrame, structure: DataStructure, path: Path) -> Path:
    """Write an SDMX-CSV 2.0 file (``STRUCTURE=dataflow``, one row per figure)."""
    write_sdmx(_dataset(observations, structure), Format.DATA_SDMX_CSV_2_0_0, output_path=str(path))
    return path
