"""Code lists and validation of code columns."""

from __future__ import annotations

import pytest

from destat.indicators import (
    InvalidCodesError,
    check_codes,
    get_codelist,
    regions_codelist,
    size_class,
    validate_codes,
)
from destat.indicators.errors import CodelistError


def test_planted_bad_codes_are_found_with_their_rows() -> None:
    column = ["0111", "4711", "471", "C", "62O1", "9999", "6201", None, "  ", 111, "A"]
    bad = validate_codes(column, get_codelist("ISIC4"))
    assert [(item.index, item.value) for item in bad] == [
        (4, "62O1"),
        (5, "9999"),
        (7, None),
        (8, "  "),
        (9, 111),
    ]
    suggestions = {item.index: item.suggestion for item in bad}
    assert suggestions[4] == "6201"
    assert suggestions[9] == "0111"
    assert suggestions[7] is None


def test_case_and_spaces_are_suggested() -> None:
    bad = validate_codes(["F", " m", "x"], get_codelist("SEX"))
    assert [(b.index, b.value, b.suggestion) for b in bad] == [(1, " m", "M"), (2, "x", None)]


def test_check_codes_message_names_column_rows_and_fix() -> None:
    with pytest.raises(InvalidCodesError) as info:
        check_codes(["10-49", "10_49", "GE250", "250+"], get_codelist("SIZE_CLASS"), "size")
    message = str(info.value)
    assert "'size'" in message
    assert "rows 2, 4" in message
    assert "did you mean '10-49'?" in message


def test_size_classes() -> None:
    assert [size_class(n) for n in (0, 9, 10, 49, 50, 249, 250, 10_000)] == [
        "0-9",
        "0-9",
        "10-49",
        "10-49",
        "50-249",
        "50-249",
        "GE250",
        "GE250",
    ]
    with pytest.raises(CodelistError):
        size_class(-1)


def test_sex_codelist_follows_sdmx() -> None:
    assert [code.code for code in get_codelist("SEX").codes] == ["F", "M", "_T"]


def test_regions_come_from_the_project() -> None:
    regions = regions_codelist({"01": "Nord", "02": "Sud"})
    assert regions.id == "REGION"
    assert regions.label("02") == "Sud"
    assert [b.index for b in validate_codes(["01", "03", "02"], regions)] == [1]
    with pytest.raises(CodelistError, match="repeats codes"):
        regions_codelist({"01": "Nord", " 01": "Nord bis"})
    with pytest.raises(CodelistError, match="regions_codelist"):
        get_codelist("REGION")


def test_unknown_codelist_lists_the_known_ones() -> None:
    with pytest.raises(CodelistError, match="SIZE_CLASS"):
        get_codelist("NACE2")
