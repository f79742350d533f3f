"""Writing the demo's macro tables the way international bodies publish them: SDMX-CSV 1.0 (as
the .Stat-based portals export it) and SDMX-ML 2.1 generic data messages, by series with the
time period at observation level (SDMX-ML 2.1 and SDMX-CSV 1.0 specifications, SDMX Technical
Working Group). lxml escapes every value, so no code can break the XML."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from lxml import etree

__all__ = ["write_sdmx_csv", "write_sdmx_ml"]

_MESSAGE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
_GENERIC = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"
_COMMON = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
_TIME = "TIME_PERIOD"
_VALUE = "OBS_VALUE"


def write_sdmx_csv(table: pd.DataFrame, path: Path, dataflow: str) -> Path:
    """``table`` (dimension columns, ``TIME_PERIOD``, ``OBS_VALUE``) as SDMX-CSV 1.0 with a first
    ``DATAFLOW`` column (``AGENCY:ID(VERSION)``) and a ``FREQ`` of ``A`` (annual)."""
    frame = table.copy()
    frame.insert(0, "FREQ", "A")
    frame.insert(0, "DATAFLOW", dataflow)
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


def write_sdmx_ml(
    table: pd.DataFrame, path: Path, *, agency: str, structure: str, message_id: str
) -> Path:
    """``table`` as an SDMX-ML 2.1 GenericData message: one series per key of the dimension
    columns, one observation per ``TIME_PERIOD``."""
    spaces = {"message": _MESSAGE, "generic": _GENERIC, "common": _COMMON}
    root = etree.Element(etree.QName(_MESSAGE, "GenericData"), nsmap=spaces)
    header = etree.SubElement(root, etree.QName(_MESSAGE, "Header"))
    etree.SubElement(header, etree.QName(_MESSAGE, "ID")).text = message_id
    etree.SubElement(header, etree.QName(_MESSAGE, "Test")).text = "true"
    etree.SubElement(header, etree.QName(_MESSAGE, "Prepared")).text = "2026-01-01T00:00:00"
    etree.SubElement(header, etree.QName(_MESSAGE, "Sender"), id=agency)
    reference = etree.SubElement(
        header,
        etree.QName(_MESSAGE, "Structure"),
        structureID=structure,
        dimensionAtObservation=_TIME,
    )
    holder = etree.SubElement(reference, etree.QName(_COMMON, "Structure"))
    etree.SubElement(holder, "Ref", agencyID=agency, id=structure, version="1.0")
    dataset = etree.SubElement(root, etree.QName(_MESSAGE, "DataSet"), structureRef=structure)
    dimensions = ["FREQ", *(c for c in table.columns if c not in (_TIME, _VALUE))]
    frame = table.assign(FREQ="A")
    for key, rows in frame.groupby(dimensions, sort=False):
        series = etree.SubElement(dataset, etree.QName(_GENERIC, "Series"))
        series_key = etree.SubElement(series, etree.QName(_GENERIC, "SeriesKey"))
        for name, code in zip(dimensions, key, strict=True):
            etree.SubElement(series_key, etree.QName(_GENERIC, "Value"), id=name, value=str(code))
        for time, value in zip(rows[_TIME], rows[_VALUE], strict=True):
            obs = etree.SubElement(series, etree.QName(_GENERIC, "Obs"))
            etree.SubElement(obs, etree.QName(_GENERIC, "ObsDimension"), value=str(time))
            etree.SubElement(obs, etree.QName(_GENERIC, "ObsValue"), value=repr(float(value)))
    etree.ElementTree(root).write(
        str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    return path
