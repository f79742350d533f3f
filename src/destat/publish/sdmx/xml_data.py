"""SDMX-ML 2.1 structure-specific data message, flat (``dimensionAtObservation="AllDimensions"``).

Written here with lxml: pysdmx 1.21 writes ``ss:dataScope`` with the dataflow identifier and an
unqualified ``action`` on the data set, which the SDMX 2.1 schemas reject.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from lxml import etree

from destat.publish.sdmx.structure import DataStructure
from destat.publish.sdmx.tidy import is_missing
from destat.publish.sdmx.xml_common import NS, element, header, reference, write_tree

__all__ = ["data_namespace", "write_data_xml"]


def data_namespace(structure: DataStructure) -> str:
    """The namespace of the DSD-specific schema for flat observations of the dataflow."""
    return (
        "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow="
        f"{structure.agency}:{structure.dataflow}({structure.version}):ObsLevelDim:AllDimensions"
    )


def _text(value: object) -> str:
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_data_xml(
    observations: pd.DataFrame, structure: DataStructure, path: Path, prepared: datetime
) -> Path:
    """Write the observations as an SDMX-ML 2.1 structure-specific data message."""
    namespace = data_namespace(structure)
    nsmap = {prefix: NS[prefix] for prefix in ("mes", "ss", "com", "xsi")} | {"ns1": namespace}
    root = etree.Element(f"{{{NS['mes']}}}StructureSpecificData", nsmap=nsmap)
    head = header(root, structure, prepared, "DATA")
    structure_id = f"{structure.agency}_{structure.dataflow}_{structure.version}"
    used = element(
        head,
        "mes",
        "Structure",
        structureID=structure_id,
        namespace=namespace,
        dimensionAtObservation="AllDimensions",
    )
    reference(
        element(used, "com", "StructureUsage"),
        agencyID=structure.agency,
        id=structure.dataflow,
        version=structure.version,
        package="datastructure",
        **{"class": "Dataflow"},
    )
    dataset = element(
        root,
        "mes",
        "DataSet",
        **{
            f"{{{NS['ss']}}}structureRef": structure_id,
            f"{{{NS['ss']}}}dataScope": "Dataflow",
            f"{{{NS['ss']}}}action": "Information",
            f"{{{NS['xsi']}}}type": "ns1:DataSetType",
        },
    )
    columns = [c.id for c in (*structure.dimensions, structure.measure, *structure.attributes)]
    for row in observations[columns].itertuples(index=False, name=None):
        attrs = {name: _text(v) for name, v in zip(columns, row, strict=True) if not is_missing(v)}
        etree.SubElement(dataset, "Obs", attrs)
    return write_tree(root, path)
