"""ICT1, ICT2 and the digital-economy tiers on small SBS tables, checked by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from destat.indicators.isic import isic_codelist
from destat.macro.errors import MacroInputError
from destat.macro.ict_sector import ict_sector_indicators
from destat.macro.sdmx_input import read_data
from destat.macro.tiers import digital_tiers, tier_of_class, tier_shares

# class, persons employed, value added (one year)
SBS = [
    ("2620", 100, 50.0),  # computers and peripherals: ICT manufacturing
    ("4651", 50, 20.0),  # wholesale of computers and software: ICT trade
    ("6201", 150, 130.0),  # computer programming: ICT services
    ("0111", 1000, 300.0),  # growing of cereals: section A, outside the business sector
    ("4711", 700, 200.0),  # retail in non-specialised stores: business sector, not ICT
    ("8411", 500, 400.0),  # public administration: section O, outside
    ("6419", 200, 100.0),  # banking: section K, business sector (not in BUS_X_K)
]


def _table(rows: list[tuple[str, int, float]], year: str = "2024") -> pd.DataFrame:
    return pd.DataFrame(
        [{"year": year, "isic": c, "persons_employed": e, "value_added": v} for c, e, v in rows]
    )


def _value(result: pd.DataFrame, indicator: str, part: str = "ICT") -> float:
    row = result[(result["indicator"] == indicator) & (result["part"] == part)]
    return float(row["value_pct"].iloc[0])


def test_ict1_ict2_by_hand() -> None:
    result = ict_sector_indicators(_table(SBS))
    # Business sector (B-N, R, S) employment: 100 + 50 + 150 + 700 + 200 = 1200; ICT: 300.
    assert _value(result, "ICT1") == pytest.approx(100 * 300 / 1200)  # 25 %
    assert _value(result, "ICT1", "ICT_MAN") == pytest.approx(100 * 100 / 1200)
    assert _value(result, "ICT1", "ICT_TRD") == pytest.approx(100 * 50 / 1200)
    assert _value(result, "ICT1", "ICT_SERV") == pytest.approx(100 * 150 / 1200)
    # Business sector value added: 50 + 20 + 130 + 200 + 100 = 500; ICT: 200 -> 40 %.
    assert _value(result, "ICT2") == pytest.approx(40.0)
    ict1 = result[(result["indicator"] == "ICT1") & (result["part"] == "ICT")].iloc[0]
    assert (ict1["numerator"], ict1["denominator"]) == (300.0, 1200.0)


def test_business_sector_without_finance() -> None:
    result = ict_sector_indicators(_table(SBS), business_sector="BUS_X_K")
    assert _value(result, "ICT1") == pytest.approx(100 * 300 / 1000)  # banking left out
    assert _value(result, "ICT2") == pytest.approx(100 * 200 / 400)


def test_by_year_from_a_csv_file(tmp_path: Path) -> None:
    both = pd.concat([_table(SBS, "2023"), _table([(c, 2 * e, v) for c, e, v in SBS], "2024")])
    path = tmp_path / "sbs.csv"
    both.to_csv(path, index=False)
    result = ict_sector_indicators(read_data(path), by=["year"])
    ict1 = result[(result["indicator"] == "ICT1") & (result["part"] == "ICT")]
    assert list(ict1["year"]) == ["2023", "2024"]
    assert list(ict1["value_pct"]) == pytest.approx([25.0, 25.0])  # doubling both keeps 25 %


def test_only_employment_gives_only_ict1() -> None:
    result = ict_sector_indicators(_table(SBS).drop(columns="value_added"))
    assert set(result["indicator"]) == {"ICT1"}


def test_lost_leading_zero_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "sbs.csv"
    path.write_text("isic,persons_employed\n6201,10\n111,5\n", encoding="utf-8")
    with pytest.raises(MacroInputError, match=r"sbs.csv, line 3, column isic: '111' .*'0111'"):
        ict_sector_indicators(read_data(path))


def test_division_codes_and_duplicates_refused() -> None:
    with pytest.raises(MacroInputError, match="row 2, column isic: '62' is not a 4-digit"):
        ict_sector_indicators(_table([("6201", 1, 1.0), ("62", 1, 1.0)]))
    with pytest.raises(MacroInputError, match="rows 1, 2: the same class appears more than once"):
        ict_sector_indicators(_table([("6201", 1, 1.0), ("6201", 1, 1.0)]))


def test_negative_employment_refused_negative_value_added_allowed() -> None:
    with pytest.raises(MacroInputError, match="column persons_employed: expected a number of 0"):
        ict_sector_indicators(_table([("6201", -1, 1.0)]))
    result = ict_sector_indicators(_table([("6201", 10, -5.0), ("4711", 10, 15.0)]))
    assert _value(result, "ICT2") == pytest.approx(100 * -5 / 10)


def test_ict_sector_matches_a_published_table() -> None:
    """Statistics Netherlands (CBS, 2017), "ICT sector growth above average", table "Classification
    of the ICT sector, OECD definition, in accordance with SIC 2008" (SIC 2008 follows ISIC Rev.4
    at these levels): 261-264, 268, 4651, 4652, 582, 61, 62, 631, 951."""
    published = {"261", "262", "263", "264", "268", "4651", "4652", "582", "61", "62", "631", "951"}
    expected = {
        code.code
        for code in isic_codelist("class").codes
        if any(code.code.startswith(prefix) for prefix in published)
    }
    assert digital_tiers()["DIGITAL_SECTOR"].classes == expected
    assert len(expected) == 19


def test_tiers_are_nested_and_documented() -> None:
    tiers = digital_tiers()
    assert tiers["DIGITAL_SECTOR"].classes < tiers["NARROW"].classes < tiers["BROAD"].classes
    assert len(tiers["DIGITAL_SECTOR"].classes) == 19  # OECD (2007): 5 + 2 + 12 classes
    assert tier_of_class("6201") == "DIGITAL_SECTOR"
    assert tier_of_class("4791") == "NARROW"
    assert tier_of_class("4711") == "BROAD"
    assert all(note for tier in tiers.values() for _, note in tier.notes)


def test_tier_shares_by_hand() -> None:
    rows = [*SBS, ("4791", 60, 40.0), ("8220", 40, 10.0)]
    result = tier_shares(_table(rows))
    employment = result[result["measure"] == "persons_employed"].set_index("part")
    # Business sector employment: 1200 + 60 + 40 = 1300; digital sector 300; narrow 300+60+40.
    assert employment.loc["DIGITAL_SECTOR", "value_pct"] == pytest.approx(100 * 300 / 1300)
    assert employment.loc["NARROW", "value_pct"] == pytest.approx(100 * 400 / 1300)
    value_added = result[result["measure"] == "value_added"].set_index("part")
    assert value_added.loc["NARROW", "value_pct"] == pytest.approx(100 * 250 / 550)


def test_errors_name_the_file_line_even_after_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "sbs.csv"
    path.write_text("isic,persons_employed\n6201,10\n\n4711,x\n", encoding="utf-8")
    with pytest.raises(MacroInputError, match=r"sbs.csv, line 4, column persons_employed"):
        ict_sector_indicators(read_data(path))
