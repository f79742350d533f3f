"""SDMX-ML 2.1 structure message: dataflow, code lists, concept scheme and the DSD, named in the
six UN languages (pysdmx writes English names only, so this message is built here with lxml).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from lxml import etree

from destat.publish.sdmx.names import Text, artefact_name
from destat.publish.sdmx.structure import Component, DataStructure, Role

__all__ = ["NS", "message_id", "write_structure_xml"]

_BASE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1"
NS = {"mes": f"{_BASE}/message", "str": f"{_BASE}/structure", "com": f"{_BASE}/common"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _el(parent: etree._Element, prefix: str, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NS[prefix]}}}{tag}", attrs)


def _ref(parent: etree._Element, **attrs: str) -> etree._Element:
    # References are unqualified <Ref> elements in SDMX-ML 2.1.
    return etree.SubElement(parent, "Ref", attrs)


def _names(parent: etree._Element, text: Text) -> None:
    for lang, value in text.items():
        _el(parent, "com", "Name", **{_XML_LANG: lang}).text = value


def message_id(structure: DataStructure, prepared: datetime, kind: str) -> str:
    """A message identifier such as ``ICT_BUS_STRUCTURE_20251231T120000``."""
    return f"{structure.dataflow}_{kind}_{prepared.strftime('%Y%m%dT%H%M%S')}"


def _header(root: etree._Element, structure: DataStructure, prepared: datetime) -> None:
    header = _el(root, "mes", "Header")
    _el(header, "mes", "ID").text = message_id(structure, prepared, "STRUCTURE")
    _el(header, "mes", "Test").text = "false"
    _el(header, "mes", "Prepared").text = prepared.strftime("%Y-%m-%dT%H:%M:%SZ")
    _el(header, "mes", "Sender", id=structure.agency)


def _maintainable(
    parent: etree._Element, tag: str, identifier: str, structure: DataStructure, name: Text
) -> etree._Element:
    element = _el(
        parent,
        "str",
        tag,
        id=identifier,
        agencyID=structure.agency,
        version=structure.version,
        isFinal="true",
    )
    _names(element, name)
    return element


def _dataflows(structures: etree._Element, structure: DataStructure) -> None:
    flow = _maintainable(
        _el(structures, "str", "Dataflows"),
        "Dataflow",
        structure.dataflow,
        structure,
        structure.name,
    )
    _ref(
        _el(flow, "str", "Structure"),
        id=structure.dsd_id,
        agencyID=structure.agency,
        version=structure.version,
        package="datastructure",
        **{"class": "DataStructure"},
    )


def _codelists(structures: etree._Element, structure: DataStructure) -> None:
    lists = _el(structures, "str", "Codelists")
    for codelist in structure.codelists:
        element = _maintainable(lists, "Codelist", codelist.id, structure, codelist.name)
        for code in codelist.codes:
            item = _el(element, "str", "Code", id=code.id)
            _names(item, code.name)
            if code.parent is not None:
                _ref(_el(item, "str", "Parent"), id=code.parent)


def _concepts(structures: etree._Element, structure: DataStructure) -> None:
    scheme = _maintainable(
        _el(structures, "str", "Concepts"),
        "ConceptScheme",
        structure.concept_scheme_id,
        structure,
        artefact_name("CONCEPTS"),
    )
    for component in structure.components:
        _names(_el(scheme, "str", "Concept", id=component.id), component.name)


def _representation(parent: etree._Element, component: Component, structure: DataStructure) -> None:
    _ref(
        _el(parent, "str", "ConceptIdentity"),
        id=component.id,
        maintainableParentID=structure.concept_scheme_id,
        maintainableParentVersion=structure.version,
        agencyID=structure.agency,
        package="conceptscheme",
        **{"class": "Concept"},
    )
    local = _el(parent, "str", "LocalRepresentation")
    if component.codelist is not None:
        _ref(
            _el(local, "str", "Enumeration"),
            id=component.codelist.id,
            agencyID=structure.agency,
            version=structure.version,
            package="codelist",
            **{"class": "Codelist"},
        )
    else:
        _el(local, "str", "TextFormat", textType=component.text_type or "String")


def _components(dsd: etree._Element, structure: DataStructure) -> None:
    components = _el(dsd, "str", "DataStructureComponents")
    dimensions = _el(components, "str", "DimensionList", id="DimensionDescriptor")
    for position, component in enumerate(structure.dimensions, start=1):
        tag = "TimeDimension" if component.role is Role.TIME else "Dimension"
        element = _el(dimensions, "str", tag, id=component.id, position=str(position))
        _representation(element, component, structure)
    attributes = _el(components, "str", "AttributeList", id="AttributeDescriptor")
    for component in structure.attributes:
        status = "Mandatory" if component.required else "Conditional"
        element = _el(attributes, "str", "Attribute", id=component.id, assignmentStatus=status)
        _representation(element, component, structure)
        relationship = _el(element, "str", "AttributeRelationship")
        _ref(_el(relationship, "str", "PrimaryMeasure"), id=structure.measure.id)
    measures = _el(components, "str", "MeasureList", id="MeasureDescriptor")
    measure = _el(measures, "str", "PrimaryMeasure", id=structure.measure.id)
    _representation(measure, structure.measure, structure)


def write_structure_xml(structure: DataStructure, path: Path, prepared: datetime) -> Path:
    """Write the SDMX-ML 2.1 structure message of ``structure`` to ``path``."""
    root = etree.Element(f"{{{NS['mes']}}}Structure", nsmap=NS)
    _header(root, structure, prepared)
    structures = _el(root, "mes", "Structures")
    _dataflows(structures, structure)
    _codelists(structures, structure)
    _concepts(structures, structure)
    dsd = _maintainable(
        _el(structures, "str", "DataStructures"),
        "DataStructure",
        structure.dsd_id,
        structure,
        structure.name,
    )
    _components(dsd, structure)
    etree.ElementTree(root).write(
        str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    return path
