"""Pieces shared by the SDMX-ML 2.1 messages: namespaces, elements, references, the header."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from lxml import etree

from destat.publish.sdmx.structure import DataStructure

__all__ = ["NS", "element", "header", "message_id", "reference", "write_tree"]

_BASE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1"
NS = {
    "mes": f"{_BASE}/message",
    "str": f"{_BASE}/structure",
    "com": f"{_BASE}/common",
    "ss": f"{_BASE}/data/structurespecific",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


def element(parent: etree._Element, prefix: str, tag: str, **attrs: str) -> etree._Element:
    """A child element ``prefix:tag`` with attributes."""
    return etree.SubElement(parent, f"{{{NS[prefix]}}}{tag}", attrs)


def reference(parent: etree._Element, **attrs: str) -> etree._Element:
    """A ``<Ref>`` child: references are unqualified elements in SDMX-ML 2.1."""
    return etree.SubElement(parent, "Ref", attrs)


def message_id(structure: DataStructure, prepared: datetime, kind: str) -> str:
    """A message identifier such as ``ICT_BUS_STRUCTURE_20251231T120000``."""
    return f"{structure.dataflow}_{kind}_{prepared.strftime('%Y%m%dT%H%M%S')}"


def header(
    root: etree._Element, structure: DataStructure, prepared: datetime, kind: str
) -> etree._Element:
    """The message header: identifier, test flag, preparation time (UTC) and sender."""
    head = element(root, "mes", "Header")
    element(head, "mes", "ID").text = message_id(structure, prepared, kind)
    element(head, "mes", "Test").text = "false"
    element(head, "mes", "Prepared").text = prepared.strftime("%Y-%m-%dT%H:%M:%SZ")
    element(head, "mes", "Sender", id=structure.agency)
    return head


def write_tree(root: etree._Element, path: Path) -> Path:
    """Write a message as indented UTF-8 XML with a declaration."""
    etree.ElementTree(root).write(
        str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    return path
