"""The structure message: valid against the official SDMX-ML 2.1 schemas, read back by sdmx1 with
every code and every name in the six UN languages."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest
from sdmx.model.common import Code as SdmxCode

from destat.indicators.catalogue import load_catalogue
from destat.indicators.codelists import get_codelist
from destat.indicators.i18n import LANGUAGES
from destat.publish.sdmx import SdmxFiles, SdmxSettingError, build_structure, parse_xml, write_all

from .schemas import message_schema, read_sdmx1

KEY = (
    "REF_AREA",
    "FREQ",
    "MEASURE",
    "UNIT_MEASURE",
    "ACTIVITY",
    "SIZE_CLASS",
    "SEX",
    "REGION",
    "TIME_PERIOD",
)


def test_structure_message_is_valid_sdmx_ml_21(release: SdmxFiles) -> None:
    schema = message_schema()
    assert schema.validate(parse_xml(release.structure_xml)), schema.error_log


def test_sdmx1_reads_the_dsd_with_the_oecd_key_order(release: SdmxFiles) -> None:
    message = read_sdmx1(release.structure_xml)
    dsd = message.structure["DSD_ICT_BUS"]
    assert tuple(d.id for d in dsd.dimensions.components) == KEY
    assert dsd.measures.components[0].id == "OBS_VALUE"
    attributes = {a.id: a.usage_status.name for a in dsd.attributes.components}
    assert attributes == {
        "OBS_STATUS": "mandatory",
        "CONF_STATUS": "mandatory",
        "UNIT_MULT": "mandatory",
        "QUALITY": "conditional",
        "SE": "conditional",
        "CV": "conditional",
        "CI_LOWER": "conditional",
        "CI_UPPER": "conditional",
        "N_RESP": "conditional",
    }
    flow = message.dataflow["ICT_BUS"]
    assert flow.maintainer.id == "KNBS"
    assert flow.structure.id == "DSD_ICT_BUS"


def test_every_code_and_name_survives_the_round_trip(release: SdmxFiles) -> None:
    message = read_sdmx1(release.structure_xml)
    built = release.structure
    assert set(message.codelist) == {codelist.id for codelist in built.codelists}
    for codelist in built.codelists:
        read = message.codelist[codelist.id]
        assert read.name.localizations == codelist.name
        assert [code.id for code in read] == list(codelist.ids)
        for code in codelist.codes:
            assert read[code.id].name.localizations == code.name
            parent = read[code.id].parent  # a top-level code's parent is its code list
            assert (parent.id if isinstance(parent, SdmxCode) else None) == code.parent
    concepts = message.concept_scheme["CS_ICT_BUS"]
    for component in built.components:
        names = concepts[component.id].name.localizations
        assert set(names) == set(LANGUAGES)
        assert all(names.values())


def test_codelists_follow_the_catalogue_and_destat_code_lists() -> None:
    structure = build_structure("DL", regions={"R1": "North"})
    measures = structure.codes("MEASURE")
    for indicator in load_catalogue().indicators:
        assert indicator.code in measures
        assert all(f"{indicator.code}_{c.code}" in measures for c in indicator.categories)
    activity = structure.codes("ACTIVITY")
    assert activity[0] == "_T"
    assert set(activity[1:]) == {c.code for c in get_codelist("ISIC4_AGG").codes}
    assert set(structure.codes("SIZE_CLASS")) == {c.code for c in get_codelist("SIZE_CLASS").codes}
    assert structure.codes("SEX") == ("F", "M", "_T")
    assert structure.codes("REGION") == ("_T", "R1")
    assert {"F", "C", "D"} <= set(structure.codes("CONF_STATUS"))


def test_every_name_is_translated(caplog: pytest.LogCaptureFixture) -> None:
    """A missing translation falls back to English with a warning; none is missing today."""
    with caplog.at_level(logging.WARNING, logger="destat.publish.sdmx.names"):
        structure = build_structure("DL")
    assert not caplog.records
    size = structure.component("SIZE_CLASS").codelist
    assert size is not None
    assert size.by_id["GE250"].name["en"] == "250 or more persons employed"
    assert size.by_id["GE250"].name["fr"] == "250 personnes occupées ou plus"
    translated = [c for c in structure.codelists if c.id not in ("CL_REF_AREA", "CL_REGION")]
    for codelist in translated:
        for code in codelist.codes:
            assert set(code.name) == set(LANGUAGES)
            assert all(code.name.values())
            # Arabic script never equals the English name: a translation is there.
            assert code.name["ar"] != code.name["en"], (codelist.id, code.id)


def test_reference_area_names_come_from_cldr_or_the_caller() -> None:
    kenya = build_structure("KE").component("REF_AREA").codelist.codes[0]  # type: ignore[union-attr]
    assert kenya.name["fr"] == "Kenya"
    assert kenya.name["zh"] == "肯尼亚"
    demo = build_structure("DL", area_name="Demo Land").component("REF_AREA")
    assert demo.codelist.codes[0].name["ar"] == "Demo Land"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"agency": "my agency"}, "Agency 'my agency'"),
        ({"dataflow": "1CT"}, "Dataflow '1CT'"),
        ({"ref_area": "K E"}, "Reference area 'K E'"),
        ({"version": "v1"}, "Version 'v1'"),
        ({"regions": {"R 1": "North"}}, "Region code 'R 1'"),
    ],
)
def test_invalid_identifiers_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(SdmxSettingError, match=message):
        build_structure(**kwargs)  # type: ignore[arg-type]


def test_structure_file_names(release: SdmxFiles) -> None:
    assert release.structure_xml.name == "KNBS_ICT_BUS_1.0_structure.xml"
    assert Path(release.data_json).suffix == ".json"


def test_names_with_markup_characters_survive(results: pd.DataFrame, tmp_path: Path) -> None:
    """Region and area names are user text: written escaped, read back unchanged."""
    name = '<b>Nord & "Sud"</b>'
    files = write_all(
        results,
        tmp_path,
        ref_area="KE",
        area_name="Kenya & <co>",
        regions={"NBO": name, "MSA": "Mombasa"},
    )
    message = read_sdmx1(files.structure_xml)
    assert message.codelist["CL_REGION"]["NBO"].name.localizations["ar"] == name
    assert message.codelist["CL_REF_AREA"]["KE"].name.localizations["en"] == "Kenya & <co>"
