"""The catalogue loads, is complete and rejects inconsistent data."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from destat.indicators import LANGUAGES, load_catalogue, translations, variable_names
from destat.indicators.catalogue import parse_catalogue
from destat.indicators.errors import CatalogueError, UnknownIndicatorError
from destat.indicators.po import untranslated

CORE = [f"B{i}" for i in range(1, 13)] + ["ICT1", "ICT2"]


def raw_catalogue() -> dict[str, Any]:
    data = resources.files("destat.indicators").joinpath("data", "catalogue.toml")
    return tomllib.loads(data.read_text("utf-8"))


def test_core_indicators_present_in_order() -> None:
    catalogue = load_catalogue()
    assert list(catalogue.codes[: len(CORE)]) == CORE
    assert all(catalogue.indicator(code).core for code in CORE)
    assert not any(item.core for item in catalogue.indicators if item.code not in CORE)


def test_names_match_core_list_wording() -> None:
    catalogue = load_catalogue()
    lan = "Proportion of businesses with a local area network (LAN)"
    assert catalogue.indicator("B10").name == lan
    assert catalogue.indicator("B11").name == "Proportion of businesses with an extranet"
    assert catalogue.indicator("b2").unit == "pct_persons_employed"
    assert catalogue.units["pct_persons_employed"].statistic == "ratio"
    assert len(catalogue.indicator("B12").categories) == 12


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_string(lang: str) -> None:
    assert untranslated(lang) == []


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_indicator_name_is_translated(lang: str) -> None:
    _ = translations(lang).gettext
    for item in load_catalogue().indicators:
        assert _(item.name) != item.name, (lang, item.code)
        assert _(item.definition) != item.definition, (lang, item.code)


def test_variable_names_are_published_and_referenced() -> None:
    names = variable_names()
    for expected in ("uses_computer", "uses_internet", "web_presence", "receives_orders_internet"):
        assert expected in names
    used = {v for item in load_catalogue().indicators for v in item.variables}
    assert used <= set(names)


def test_every_indicator_cites_a_source() -> None:
    catalogue = load_catalogue()
    for item in catalogue.indicators:
        assert item.sources
        assert all(citation.ref in catalogue.sources for citation in item.sources)


def test_unknown_indicator_lists_codes() -> None:
    with pytest.raises(UnknownIndicatorError, match="B1, B2"):
        load_catalogue().indicator("B99")


def test_duplicate_code_rejected() -> None:
    data = raw_catalogue()
    data["indicators"].append(dict(data["indicators"][0]))
    with pytest.raises(CatalogueError, match="B1 is used more than once"):
        parse_catalogue(data)


def test_unknown_variable_rejected() -> None:
    data = raw_catalogue()
    data["indicators"][0]["variables"] = ["uses_abacus"]
    with pytest.raises(CatalogueError, match="unknown variable 'uses_abacus'"):
        parse_catalogue(data)


def test_unknown_breakdown_and_category_code_rejected() -> None:
    data = raw_catalogue()
    data["indicators"][0]["breakdowns"] = ["age_group"]
    b9 = next(item for item in data["indicators"] if item["code"] == "B9")
    b9["categories"][3]["value"] = "LT1"
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(data)
    assert "unknown breakdown 'age_group'" in str(info.value)
    assert "unknown SPEED_BAND code 'LT1'" in str(info.value)
