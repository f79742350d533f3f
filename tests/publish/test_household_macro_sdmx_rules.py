"""The publication rules of the household and macro dataflows on small tables written by hand:
scaling, codes, names, hidden figures, bad input and reproducible files."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from destat.errors import DestatError
from destat.indicators.i18n import LANGUAGES
from destat.publish.sdmx import ResultsTableError
from destat.publish.sdmx.household import household_observations, write_household_sdmx
from destat.publish.sdmx.macro import MACRO_FLOWS, macro_observations, write_macro_sdmx

PREPARED = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
BASE = {"ref_area": "DL", "time_period": "2025", "quality": "A", "conf_status": "F"}
BASE |= {"obs_status": "A", "deff": 1.2}


def _share(**values: object) -> dict[str, object]:
    row: dict[str, object] = {"indicator": "HH7", "unit": "PC_IND", "sex": "_T"}
    row |= {"age_group": "_T", "area": "_T", "education": "_T", **BASE}
    row |= {"estimate": 0.5123, "se": 0.0211, "ci_low": 0.4709, "ci_high": 0.5537}
    row |= {"cv": 0.0412, "n": 812}
    return {**row, **values}


def _gap(unit: str, **values: object) -> dict[str, object]:
    row = {k: v for k, v in _share(**values).items() if k != "sex"}
    return {**row, "unit": unit}


@pytest.fixture
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    shares = pd.DataFrame(
        [
            _share(),
            _share(sex="F", area="urban", estimate=0.47, se=0.02, cv=0.0426),
            _share(sex="M", education="primary_or_less", age_group="Y15T24"),
            _share(indicator="HH5", unit="PC_HH", conf_status="C", n=3),
            _share(indicator="OWN_SELL", unit="PC_OWN", quality="C"),
        ]
    )
    gaps = pd.DataFrame(
        [
            _gap("RATIO_FM", estimate=0.842, se=0.0397, ci_low=0.7644, ci_high=0.92, cv=0.0471),
            _gap("DIFF_FM", estimate=-0.0959, se=0.0261, ci_low=-0.1471, ci_high=-0.0447, cv=-0.27),
        ]
    )
    return shares, gaps


def _one(observations: pd.DataFrame, **key: str) -> pd.Series:
    rows = observations
    for column, code in key.items():
        rows = rows[rows[column] == code]
    assert len(rows) == 1, key
    return rows.iloc[0]


def test_shares_and_differences_in_percent_ratios_as_they_are(
    tables: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    structure, observations = household_observations(*tables)
    assert [d.id for d in structure.dimensions] == [
        "REF_AREA", "FREQ", "MEASURE", "STATISTIC", "UNIT_MEASURE", "SEX", "AGE",
        "URBANISATION", "EDUCATION", "TIME_PERIOD",
    ]  # fmt: skip
    share = _one(observations, MEASURE="HH7", SEX="_T", AGE="_T", URBANISATION="_T")
    # 100 × 0.5123 = 51.23; SE 100 × 0.0211 = 2.11; CV 100 × 0.0412 = 4.12 %.
    assert (share["OBS_VALUE"], share["SE"], share["CV"]) == pytest.approx((51.23, 2.11, 4.12))
    assert (share["STATISTIC"], share["UNIT_MEASURE"], share["N_RESP"]) == ("SHARE", "PC_IND", 812)
    ratio = _one(observations, STATISTIC="RATIO_FM")
    # The gender parity index is a ratio: 0.842 stays 0.842 (SE 0.0397, CV 4.71 %).
    assert (ratio["OBS_VALUE"], ratio["SE"], ratio["CV"]) == pytest.approx((0.842, 0.0397, 4.71))
    assert (ratio["SEX"], ratio["UNIT_MEASURE"]) == ("_Z", "RATIO")
    difference = _one(observations, STATISTIC="DIFF_FM")
    # −0.0959 = −9.59 percentage points; limits −14.71 and −4.47; no CV for a difference.
    assert difference["OBS_VALUE"] == pytest.approx(-9.59)
    assert (difference["CI_LOWER"], difference["CI_UPPER"]) == pytest.approx((-14.71, -4.47))
    assert pd.isna(difference["CV"])
    assert (difference["SEX"], difference["UNIT_MEASURE"]) == ("_Z", "PP")


def test_survey_codes_become_sdmx_codes(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, observations = household_observations(*tables)
    assert _one(observations, SEX="F")["URBANISATION"] == "U"
    men = _one(observations, SEX="M")
    assert (men["AGE"], men["EDUCATION"]) == ("Y15T24", "ISCED11_0T1")


def test_figures_not_shown_keep_key_and_flags_only(
    tables: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    _, observations = household_observations(*tables)
    for indicator, flags in (("HH5", ("C", "A")), ("OWN_SELL", ("F", "C"))):
        row = _one(observations, MEASURE=indicator)
        assert (row["CONF_STATUS"], row["QUALITY"]) == flags
        numbers = row[["OBS_VALUE", "SE", "CV", "CI_LOWER", "CI_UPPER", "N_RESP"]]
        assert numbers.isna().all(), indicator


def test_every_code_is_named_in_six_languages(
    tables: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    structure, _ = household_observations(*tables, area_name="Demo Land")
    for codelist in structure.codelists:
        for code in codelist.codes:
            assert set(code.name) == set(LANGUAGES), (codelist.id, code.id)
    urbanisation = structure.component("URBANISATION").codelist
    assert urbanisation is not None
    assert urbanisation.by_id["U"].name["fr"] == "Urbain"  # the household release's name
    sex = structure.component("SEX").codelist
    assert sex is not None
    assert sex.by_id["_Z"].name["es"] == "No aplicable"
    assert structure.component("REF_AREA").codelist.by_id["DL"].name["zh"] == "Demo Land"  # type: ignore[union-attr]


def test_a_code_that_is_not_an_sdmx_identifier_is_refused_with_its_row(
    tables: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    shares, gaps = tables
    shares.loc[2, "age_group"] = "15 to 24"
    with pytest.raises(ResultsTableError) as caught:
        household_observations(shares, gaps)
    message = str(caught.value)
    assert "'age_group'" in message
    assert "household table" in message
    assert "row 3" in message
    assert "'15 to 24'" in message
    assert isinstance(caught.value, DestatError)


def test_a_breakdown_column_that_cannot_name_a_dimension_is_refused(
    tables: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    shares, gaps = tables
    shares["income group"] = "_T"
    with pytest.raises(ResultsTableError, match="breakdown column 'income group'"):
        household_observations(shares, gaps)
    shares = shares.rename(columns={"income group": "income"})
    structure, observations = household_observations(shares, gaps.assign(income="_T"))
    assert structure.dimensions[-2].id == "INCOME"
    assert set(observations["INCOME"]) == {"_T"}


def test_a_unit_the_structure_does_not_know_is_refused(
    tables: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    shares, gaps = tables
    shares.loc[0, "unit"] = "PC_ENT"
    with pytest.raises(ResultsTableError, match=r"UNIT_MEASURE code.*PC_ENT.*PC_HH"):
        household_observations(shares, gaps)


def test_a_year_that_is_not_a_year_is_refused(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    shares, gaps = tables
    gaps.loc[1, "time_period"] = "25"
    with pytest.raises(ResultsTableError, match=r"'time_period' of the household_gaps.*row 2"):
        household_observations(shares, gaps)


def test_household_files_are_reproducible(
    tables: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path
) -> None:
    shares, gaps = tables
    first = write_household_sdmx(shares, gaps, tmp_path / "a", prepared=PREPARED)
    shuffled = shares.sample(frac=1, random_state=2)
    second = write_household_sdmx(shuffled, gaps, tmp_path / "b", prepared=PREPARED)
    for one, two in ((first.data_xml, second.data_xml), (first.data_json, second.data_json)):
        assert one.read_bytes() == two.read_bytes(), one.name
    assert first.structure_xml.read_bytes() == second.structure_xml.read_bytes()


def _macro_tables() -> dict[str, pd.DataFrame]:
    services = pd.DataFrame(
        {
            "flow": ["X", "X", "M"],
            "part": ["ICT_SERVICES", "DIGITALLY_DELIVERABLE", "ICT_SERVICES"],
            "numerator": [200.0, 560.0, 100.0],
            "denominator": [1000.0, 1000.0, 500.0],
            "value_pct": [20.0, 56.0, None],
        }
    )
    trade = pd.DataFrame(
        {
            "year": ["2023"] * 3,
            "partner": ["_T", "KE", "Côte d'Ivoire"],
            "flow": ["M"] * 3,
            "part": ["ICT"] * 3,
            "value_pct": [16.666667, 10.0, 5.0],
        }
    )
    return {"macro_services": services, "macro_trade": trade}


def test_macro_tables_without_area_or_year_take_the_projects() -> None:
    flow = next(f for f in MACRO_FLOWS if f.dataflow == "ICT_SERVICES_TRADE")
    built = macro_observations(_macro_tables(), flow, ref_area="CR", period="2022")
    assert built is not None
    _, observations = built
    assert set(observations["REF_AREA"]) == {"CR"}
    assert set(observations["TIME_PERIOD"]) == {"2022"}
    missing = _one(observations, TRADE_FLOW="M")
    assert (missing["OBS_STATUS"], pd.isna(missing["OBS_VALUE"])) == ("L", True)
    exports = _one(observations, MEASURE="DIGITALLY_DELIVERABLE")
    assert (exports["OBS_VALUE"], exports["OBS_STATUS"]) == (56.0, "A")


def test_a_partner_that_is_not_a_code_is_left_out_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    flow = next(f for f in MACRO_FLOWS if f.dataflow == "ICT_GOODS_TRADE")
    with caplog.at_level(logging.WARNING):
        built = macro_observations(_macro_tables(), flow, ref_area="DL")
    assert built is not None
    structure, observations = built
    assert sorted(observations["COUNTERPART_AREA"]) == ["KE", "_T"]
    assert "macro_trade: row 3 has codes that are not SDMX identifiers" in caplog.text
    partners = structure.component("COUNTERPART_AREA").codelist
    assert partners is not None
    assert partners.by_id["KE"].name["en"] == "Kenya"  # from CLDR
    assert partners.by_id["_T"].name["en"] == "World (all partners)"


def test_only_flows_with_tables_are_written(tmp_path: Path) -> None:
    files = write_macro_sdmx(_macro_tables(), tmp_path, ref_area="DL", period="2023")
    assert [f.structure.dataflow for f in files] == ["ICT_GOODS_TRADE", "ICT_SERVICES_TRADE"]
    assert not list(tmp_path.glob("*ICT_SECTOR*"))


def test_a_trade_file_without_flows_is_published_as_unstated() -> None:
    trade = _macro_tables()["macro_trade"].drop(columns="flow").head(2)
    flow = next(f for f in MACRO_FLOWS if f.dataflow == "ICT_GOODS_TRADE")
    built = macro_observations({"macro_trade": trade}, flow)
    assert built is not None
    structure, observations = built
    assert set(observations["TRADE_FLOW"]) == {"_X"}
    flows = structure.component("TRADE_FLOW").codelist
    assert flows is not None
    assert flows.by_id["_X"].name["en"] == "Not stated in the source"
