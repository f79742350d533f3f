"""SDMX-ML 2.1 structure message: dataflow, code lists, concept scheme and the DSD, named in the
six UN languages (pysdmx writes English names only, so this message is built here with lxml).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from lxml import etree

from destat.publish.sdmx.names import Text, artefact_name
from destat.publish.sdmx.structure import Component, DataStructure, Role
from destat.publish.sdmx.xml_common import NS, element, header, reference, write_tree

__all__ = ["write_structure_xml"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_MESSAGE_NS = {prefix: NS[prefix] for prefix in ("mes", "str", "com")}


def _names(parent: etree._Element, text: Text) -> None:
    for lang, value in text.items():
        element(parent, "com", "Name", **{_XML_LANG: lang}).text = value


def _maintainable(
    parent: etree._Element, tag: str, identifier: str, structure: DataStructure, name: Text
) -> etree._Element:
    node = element(
        parent,
        "str",
        tag,
        id=identifier,
        agencyID=structure.agency,
        version=structure.version,
        isFinal="true",
    )
    _names(node, name)
    return node


def _dataflows(structures: etree._Element, structure: DataStructure) -> None:
    flow = _maintainable(
        element(structures, "str", "Dataflows"),
        "Dataflow",
        structure.dataflow,
        structure,
        structure.name,
    )
    reference(
        element(flow, "str", "Structure"),
        id=structure.dsd_id,
        agencyID=structure.agency,
        version=structure.version,
        package="datastructure",
        **{"class": "DataStructure"},
    )


def _codelists(structures: etree._Element, structure: DataStructure) -> None:
    lists = element(structures, "str", "Codelists")
    for codelist in structure.codelists:
        node = _maintainable(lists, "Codelist", codelist.id, structure, codelist.name)
        for code in codelist.codes:
            item = element(node, "str", "Code", id=code.id)
            _names(item, code.name)
            if code.parent is not None:
                reference(element(item, "str", "Parent"), id=code.parent)


def _concepts(structures: etree._Element, structure: DataStructure) -> None:
    scheme = _maintainable(
        element(structures, "str", "Concepts"),
        "ConceptScheme",
        structure.concept_scheme_id,
        structure,
        structure.concepts_name or artefact_name("CONCEPTS"),
    )
    for component in structure.components:
        _names(element(scheme, "str", "Concept", id=component.id), component.name)


def _representation(parent: etree._Element, component: Component, structure: DataStructure) -> None:
    reference(
        element(parent, "str", "ConceptIdentity"),
        id=component.id,
        maintainableParentID=structure.concept_scheme_id,
        maintainableParentVersion=structure.version,
        agencyID=structure.agency,
        package="conceptscheme",
        **{"class": "Concept"},
    )
    local = element(parent, "str", "LocalRepresentation")
    if component.codelist is not None:
        reference(
            element(local, "str", "Enumeration"),
            id=component.codelist.id,
            agencyID=structure.agency,
            version=structure.version,
            package="codelist",
            **{"class": "Codelist"},
        )
    else:
        element(local, "str", "TextFormat", textType=component.text_type or "String")


def _components(dsd: etree._Element, structure: DataStructure) -> None:
    components = element(dsd, "str", "DataStructureComponents")
    dimensions = element(components, "str", "DimensionList", id="DimensionDescriptor")
    for position, component in enumerate(structure.dimensions, start=1):
        tag = "TimeDimension" if component.role is Role.TIME else "Dimension"
        node = element(dimensions, "str", tag, id=component.id, position=str(position))
        _representation(node, component, structure)
    attributes = element(components, "str", "AttributeList", id="AttributeDescriptor")
    for component in structure.attributes:
        status = "Mandatory" if component.required else "Conditional"
        node = element(attributes, "str", "Attribute", id=component.id, assignmentStatus=status)
        _representation(node, component, structure)
        relationship = element(node, "str", "AttributeRelationship")
        reference(element(relationship, "str", "PrimaryMeasure"), id=structure.measure.id)
    measures = element(components, "str", "MeasureList", id="MeasureDescriptor")
    measure = element(measures, "str", "PrimaryMeasure", id=structure.measure.id)
    _representation(measure, structure.measure, structure)


def write_structure_xml(structure: DataStructure, path: Path, prepared: datetime) -> Path:
    """Write the SDMX-ML 2.1 structure message of ``structure`` to ``path``."""
    root = etree.Element(f"{{{NS['mes']}}}Structure", nsmap=_MESSAGE_NS)
    header(root, structure, prepared, "STRUCTURE")
    structures = element(root, "mes", "Structures")
    _dataflows(structures, structure)
    _codelists(structures, structure)
    _concepts(structures, structure)
    dsd = _maintainable(
        element(structures, "str", "DataStructures"),
        "DataStructure",
        structure.dsd_id,
        structure,
        structure.name,
    )
    _components(dsd, structure)
    return write_tree(root, path)
