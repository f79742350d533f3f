"""Reading data files as international bodies publish them: SDMX-CSV 1.0 and 2.0, SDMX-ML 2.1
(generic and structure-specific data messages) and plain CSV, into one tidy table.

The tidy table has one row per observation and one text column per dimension and attribute,
``TIME_PERIOD`` as text and ``OBS_VALUE`` as a number (missing values as NaN). The dataflow or
structure the file names is kept in ``table.attrs["structure"]``, the file in ``attrs["source"]``
and the file line of each row in ``attrs["lines"]`` (for error messages).

Formats: SDMX-CSV 1.0 (SDMX Technical Working Group, "SDMX-CSV format", 2017), SDMX-CSV 2.0
(SDMX 3.0 Technical Notes, section 3, 2021), SDMX-ML 2.1 (SDMX Standards, Section 3A, 2011/2013).
XML is parsed by :func:`destat.publish.sdmx.safe_xml.parse_xml`: no DTD, no entities, no network.
"""

from __future__ import annotations

import csv
import logging
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd
from lxml import etree

from destat.macro.errors import MacroInputError
from destat.publish.sdmx.safe_xml import parse_xml

__all__ = [
    "OBS_VALUE",
    "TIME_PERIOD",
    "read_data",
    "read_plain_csv",
    "read_sdmx_csv",
    "read_sdmx_ml",
]

logger = logging.getLogger(__name__)

TIME_PERIOD = "TIME_PERIOD"
OBS_VALUE = "OBS_VALUE"
_MESSAGE_21 = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
_DATA_ROOTS = {
    "GenericData",
    "GenericTimeSeriesData",
    "StructureSpecificData",
    "StructureSpecificTimeSeriesData",
}
_MISSING = {"", "NaN", "nan", "NA"}
_CSV2_CONTROL = ("STRUCTURE", "STRUCTURE_ID", "ACTION")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_data(path: str | Path) -> pd.DataFrame:
    """Read an SDMX-ML, SDMX-CSV (1.0 or 2.0) or plain CSV file, recognised by its content."""
    file = Path(path)
    try:
        with file.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise MacroInputError(
            f"Cannot open {file} ({exc.strerror or exc}); check the path and that you may read it."
        ) from exc
    if head.startswith(_UTF16_BOMS) or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return read_sdmx_ml(file)
    start = head.decode("utf-8-sig", errors="replace")
    first = _split_header(start.splitlines()[0] if start else "")
    if first[:1] in (["DATAFLOW"], ["STRUCTURE"]):
        return read_sdmx_csv(file)
    return read_plain_csv(file)


def _open(file: Path) -> TextIO:
    try:
        return file.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise MacroInputError(
            f"Cannot open {file} ({exc.strerror or exc}); check the path and that you may read it."
        ) from exc


def _split_header(line: str) -> list[str]:
    return [_column_id(cell) for cell in next(csv.reader([line]), [])]


def _column_id(cell: str) -> str:
    """``FREQ: Frequency`` (SDMX-CSV with labels) names the column ``FREQ``."""
    return cell.split(":", 1)[0].strip() if ": " in cell else cell.strip()


def _read_table(file: Path) -> tuple[pd.DataFrame, bool]:
    """The rows of a CSV file as text, the file line of each in ``attrs["lines"]``; and whether
    the header carries labels (``ID: Label``)."""
    with _open(file) as handle:
        reader = csv.reader(handle)
        try:
            header_row = next(reader, [])
            rows, lines = [], []
            for row in reader:
                if any(cell.strip() for cell in row):
                    rows.append(row)
                    lines.append(reader.line_num)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise MacroInputError(
                f"{file} is not a UTF-8 CSV file ({exc}); save it again as CSV UTF-8."
            ) from exc
    if not any(cell.strip() for cell in header_row):
        raise MacroInputError(f"{file} is empty; expected a header line and data lines.")
    header = [_column_id(cell) for cell in header_row]
    if len(set(header)) < len(header) or "" in header:
        raise MacroInputError(
            f"{file}, line 1: column names must be unique and not empty; found {header}. "
            "Rename the columns so each is named once."
        )
    for row, line in zip(rows, lines, strict=True):
        if len(row) != len(header):
            raise MacroInputError(
                f"{file}, line {line}: {len(row)} fields where the header has {len(header)}; "
                "check for a separator inside an unquoted value."
            )
    table = pd.DataFrame(rows, columns=header, dtype=object)
    table.attrs["lines"] = np.asarray(lines, dtype=np.int64)
    table.attrs["source"] = str(file)
    return table, any(": " in cell for cell in header_row)


def _code_only(value: str) -> str:
    return value.split(":", 1)[0].strip() if ": " in value else value


def _numbers(values: list[str], column: str, where: Callable[[int], str]) -> list[float]:
    numbers: list[float] = []
    for index, text in enumerate(values):
        text = text.strip()
        if text in _MISSING:
            numbers.append(math.nan)
            continue
        try:
            numbers.append(float(text))
        except ValueError:
            raise MacroInputError(
                f"{where(index)}, column {column}: {text!r} is not a number; write numbers with "
                "a dot for decimals and no thousands separator, or leave the cell empty."
            ) from None
    return numbers


def read_plain_csv(path: str | Path) -> pd.DataFrame:
    """Read a plain CSV file: every column as text (codes keep their leading zeros)."""
    table, _ = _read_table(Path(path))
    table.attrs["structure"] = None
    return table


def read_sdmx_csv(path: str | Path) -> pd.DataFrame:
    """Read an SDMX-CSV 1.0 (first column ``DATAFLOW``) or 2.0 (``STRUCTURE``) data file."""
    file = Path(path)
    table, labelled = _read_table(file)
    header = list(table.columns)
    version = {"DATAFLOW": "1.0", "STRUCTURE": "2.0"}.get(header[0])
    if version is None or OBS_VALUE not in header:
        raise MacroInputError(
            f"{file}, line 1: an SDMX-CSV file starts with a DATAFLOW (1.0) or STRUCTURE (2.0) "
            f"column and has an {OBS_VALUE} column; found {header}. Read it as plain CSV instead."
        )
    if labelled:
        for column in table.columns.drop(OBS_VALUE):
            table[column] = table[column].map(_code_only)
    if version == "2.0" and "ACTION" in table.columns:
        deleted = table["ACTION"].str.strip().eq("D")
        if deleted.any():
            logger.warning("%s: %d rows marked ACTION=D (deletions) left out", file, deleted.sum())
        lines = table.attrs["lines"][~deleted.to_numpy()]
        table = table.loc[~deleted].reset_index(drop=True)
        table.attrs["lines"] = lines
    structure_column = "DATAFLOW" if version == "1.0" else "STRUCTURE_ID"
    structures = sorted(set(table[structure_column])) if structure_column in table else []
    table = table.drop(columns=[c for c in ("DATAFLOW", *_CSV2_CONTROL) if c in table.columns])
    lines = table.attrs["lines"]
    table[OBS_VALUE] = _numbers(
        list(table[OBS_VALUE]), OBS_VALUE, lambda index: f"{file}, line {lines[index]}"
    )
    table.attrs["structure"] = structures[0] if len(structures) == 1 else structures or None
    return table


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str) and _local(child) == name]


def _values(element: etree._Element, group: str) -> dict[str, str]:
    """The ``<Value id= value=>`` pairs of a generic ``SeriesKey``/``ObsKey``/``Attributes``."""
    return {
        str(value.get("id")): str(value.get("value"))
        for part in _children(element, group)
        for value in _children(part, "Value")
    }


def _plain_attributes(element: etree._Element) -> dict[str, str]:
    """Attributes of a structure-specific element, without ``xsi:type`` or other namespaced ones."""
    return {str(key): str(value) for key, value in element.attrib.items() if "{" not in str(key)}


def _generic_obs(obs: etree._Element, at_obs: str) -> dict[str, str]:
    row = _values(obs, "ObsKey")
    for dimension in _children(obs, "ObsDimension"):
        row[str(dimension.get("id") or at_obs)] = str(dimension.get("value"))
    for value in _children(obs, "ObsValue"):
        row[OBS_VALUE] = str(value.get("value"))
    row.update(_values(obs, "Attributes"))
    return row


def _generic_rows(dataset: etree._Element, at_obs: str) -> Iterator[tuple[dict[str, str], int]]:
    for child in dataset:
        if not isinstance(child.tag, str):
            continue
        if _local(child) == "Series":
            key = _values(child, "SeriesKey") | _values(child, "Attributes")
            for obs in _children(child, "Obs"):
                yield key | _generic_obs(obs, at_obs), obs.sourceline or 0
        elif _local(child) == "Obs":
            yield _generic_obs(child, at_obs), child.sourceline or 0


def _specific_rows(dataset: etree._Element) -> Iterator[tuple[dict[str, str], int]]:
    for child in dataset:
        if not isinstance(child.tag, str):
            continue
        if _local(child) == "Series":
            key = _plain_attributes(child)
            for obs in _children(child, "Obs"):
                yield key | _plain_attributes(obs), obs.sourceline or 0
        elif _local(child) == "Obs":
            yield _plain_attributes(child), child.sourceline or 0


def _header_structure(root: etree._Element) -> tuple[str, str | None]:
    """The dimension at observation level and the structure the message refers to."""
    for header in _children(root, "Header"):
        for structure in _children(header, "Structure"):
            refs = [ref for ref in structure.iter() if _local(ref) == "Ref"]
            name = None
            if refs:
                ref = refs[0]
                name = f"{ref.get('agencyID')}:{ref.get('id')}({ref.get('version')})"
            return str(structure.get("dimensionAtObservation") or TIME_PERIOD), name
    return TIME_PERIOD, None


def _check_root(root: etree._Element, file: Path) -> None:
    namespace = etree.QName(root).namespace
    if _local(root) not in _DATA_ROOTS or namespace != _MESSAGE_21:
        raise MacroInputError(
            f"{file} is a {_local(root)} message in namespace {namespace}; destat reads SDMX-ML "
            "2.1 data messages (GenericData or StructureSpecificData). Download the data again "
            "as SDMX-ML 2.1 or SDMX-CSV."
        )


def read_sdmx_ml(path: str | Path) -> pd.DataFrame:
    """Read an SDMX-ML 2.1 generic or structure-specific data message (series or flat)."""
    file = Path(path)
    try:
        tree = parse_xml(file)
    except OSError as exc:
        raise MacroInputError(f"Cannot read {file} ({exc}); check the path.") from exc
    root = tree.getroot()
    _check_root(root, file)
    at_obs, structure = _header_structure(root)
    generic = _local(root).startswith("Generic")
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    for dataset in _children(root, "DataSet"):
        found = _generic_rows(dataset, at_obs) if generic else _specific_rows(dataset)
        for row, line in found:
            rows.append(row)
            lines.append(line)
    table = pd.DataFrame(rows, dtype=object)
    if OBS_VALUE not in table.columns:
        table[OBS_VALUE] = pd.Series([""] * len(table), dtype=object)
    table[OBS_VALUE] = _numbers(
        [str(v) if isinstance(v, str) else "" for v in table[OBS_VALUE]],
        OBS_VALUE,
        lambda index: f"{file}, observation {index + 1} (line {lines[index]})",
    )
    table = table.fillna({c: "" for c in table.columns if c != OBS_VALUE})
    table.attrs["structure"] = structure
    table.attrs["source"] = str(file)
    table.attrs["lines"] = np.asarray(lines, dtype=np.int64)
    return table
