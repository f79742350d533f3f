"""Bad results tables and hostile XML are refused with messages that say what, where and how."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from destat.errors import DestatError
from destat.publish.sdmx import (
    ResultsTableError,
    SdmxError,
    UnsafeXmlError,
    build_structure,
    parse_xml,
    to_observations,
    write_all,
)

from .tables import REF_AREA, REGIONS


def _structure() -> object:
    return build_structure(REF_AREA, regions=REGIONS)


def _check(table: pd.DataFrame, *fragments: str) -> None:
    with pytest.raises(ResultsTableError) as caught:
        to_observations(table, _structure())  # type: ignore[arg-type]
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_errors_belong_to_the_destat_tree() -> None:
    assert issubclass(ResultsTableError, DestatError)
    assert issubclass(UnsafeXmlError, SdmxError)


def test_missing_columns_are_named(results: pd.DataFrame) -> None:
    _check(results.drop(columns=["se", "conf_status"]), "lacks column(s) se, conf_status;")


def test_unknown_code_names_rows_and_valid_codes(results: pd.DataFrame) -> None:
    table = results.copy()
    table.loc[4, "size_class"] = "10_49"
    _check(table, "'size_class'", "'10_49'", "row 5", "Use one of 0-9, 10-49")


def test_unknown_region_suggests_region_names(results: pd.DataFrame) -> None:
    table = results.copy()
    table.loc[0, "region"] = "KSM"
    _check(table, "'KSM'", "regions=")


def test_percentages_instead_of_proportions(results: pd.DataFrame) -> None:
    table = results.copy()
    table.loc[2, "estimate"] = 47.3
    _check(table, "outside 0..1", "row 3", "proportions")


def test_unit_must_match_the_indicator(results: pd.DataFrame) -> None:
    table = results.copy()
    table.loc[0, "unit"] = "PC_EMP"
    _check(table, "'unit'", "B1 is measured in PC_ENT")


def test_repeated_figures(results: pd.DataFrame) -> None:
    _check(pd.concat([results, results.iloc[[5]]]), "repeats the same figure", "rows 6, 41")


def test_year_and_area_are_checked(results: pd.DataFrame) -> None:
    table = results.copy()
    table.loc[1, "time_period"] = "FY2025"
    _check(table, "'time_period'", "not a year", "row 2")
    table = results.copy()
    table.loc[0, "ref_area"] = "UG"
    _check(table, "'ref_area'", "'KE'")


def test_numbers_and_counts(results: pd.DataFrame) -> None:
    table = results.copy()
    table["se"] = table["se"].astype(object)
    table.loc[0, "se"] = "n/a"
    _check(table, "'se'", "not a number")
    table = results.copy()
    table.loc[0, "n"] = 2.5
    _check(table, "'n'", "not a count")


def test_empty_table_and_unwritable_folder(results: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ResultsTableError, match="no rows"):
        write_all(results.iloc[0:0], tmp_path, ref_area=REF_AREA, regions=REGIONS)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SdmxError, match="Cannot write the SDMX files"):
        write_all(results, blocker / "out", ref_area=REF_AREA, regions=REGIONS)


def test_region_codes_name_themselves_without_a_mapping(
    results: pd.DataFrame, tmp_path: Path
) -> None:
    files = write_all(results, tmp_path, ref_area=REF_AREA)
    region = files.structure.component("REGION").codelist
    assert region is not None
    assert region.by_id["NBO"].name["en"] == "NBO"


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<mes:Structure xmlns:mes="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">&lol2;</mes:Structure>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<x>&secret;</x>
"""


@pytest.mark.parametrize("text", [BOMB, EXTERNAL], ids=["entity-expansion", "external-entity"])
def test_xml_with_a_dtd_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(text)
    with pytest.raises(UnsafeXmlError, match="declares a DTD"):
        parse_xml(path)


def test_broken_xml_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_text("<mes:Structure xmlns:mes='urn:x'><unclosed>")
    with pytest.raises(UnsafeXmlError, match="not well-formed"):
        parse_xml(path)
