"""ISIC Rev.4 hierarchy and tabulation aggregates."""

from __future__ import annotations

import pytest

from destat.indicators import (
    aggregate_classes,
    aggregates_of_class,
    class_aggregate_map,
    class_section_map,
    get_codelist,
    isic_path,
)
from destat.indicators.errors import CodelistError


def test_unsd_structure_counts() -> None:
    levels = [code.level for code in get_codelist("ISIC4").codes]
    assert (levels.count("section"), levels.count("division")) == (21, 88)
    assert (levels.count("group"), levels.count("class")) == (238, 419)


def test_every_class_maps_to_group_division_section() -> None:
    isic = get_codelist("ISIC4")
    for code in isic.codes:
        if code.level != "class":
            continue
        path = isic_path(code.code)
        assert isic.by_code[path.group].level == "group"
        assert isic.by_code[path.division].level == "division"
        assert isic.by_code[path.section].level == "section"
        assert path.group == code.code[:3]
        assert path.division == code.code[:2]
        assert isic.by_code[path.division].parent == path.section


def test_every_non_section_has_an_existing_parent() -> None:
    isic = get_codelist("ISIC4")
    for code in isic.codes:
        if code.level == "section":
            assert code.parent is None
        else:
            assert code.parent in isic


def test_ict_sector_is_the_oecd_2007_list() -> None:
    assert sorted(aggregate_classes("ICT")) == [
        "2610", "2620", "2630", "2640", "2680", "4651", "4652", "5820", "6110", "6120",
        "6130", "6190", "6201", "6202", "6209", "6311", "6312", "9511", "9512",
    ]  # fmt: skip
    assert aggregate_classes("ICT") == (
        aggregate_classes("ICT_MAN") | aggregate_classes("ICT_TRD") | aggregate_classes("ICT_SERV")
    )


def test_survey_scope_excludes_finance_and_public_sector() -> None:
    scope = aggregate_classes("C10-S951_X_K")
    sections = class_section_map()
    assert {sections[c] for c in scope} == set("CDEFGHIJLMNS")
    assert "7500" not in scope  # veterinary activities are outside M69-M74
    assert "9511" in scope
    assert "9601" not in scope


def test_class_mapping() -> None:
    assert class_section_map()["4711"] == "G"
    assert aggregates_of_class("4711") == ("C10-S951_X_K", "G45-G47", "G47", "BUS", "BUS_X_K")
    assert "K64-K66" in class_aggregate_map()["6419"]
    assert "BUS_X_K" not in class_aggregate_map()["6419"]
    assert len(class_aggregate_map()) == 419


def test_bad_isic_codes_are_explained() -> None:
    with pytest.raises(CodelistError, match="leading zeros"):
        isic_path("111")
    with pytest.raises(CodelistError, match="not a class"):
        isic_path("011")


def test_class_level_codelist_rejects_higher_levels() -> None:
    from destat.indicators.codelists import validate_codes
    from destat.indicators.isic import isic_codelist

    classes = isic_codelist("class")
    assert classes.id == "ISIC4_CLASS"
    assert len(classes.codes) == 419
    assert [b.index for b in validate_codes(["0111", "471", "G", "4711"], classes)] == [1, 2]
