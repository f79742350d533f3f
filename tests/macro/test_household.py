"""Household ICT indicators by sex and the female/male gaps against R survey.

Expected values: tests/golden/household.csv, written by tests/golden/make_household.R (svymean and
svyby with na.rm, svyby(covmat = TRUE) + svycontrast) on tests/data/household/.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from destat.errors import ConfigError
from destat.macro.household import (
    HOUSEHOLD_INDICATORS,
    HouseholdDesign,
    HouseholdIndicator,
    estimate_household_indicators,
)

HERE = Path(__file__).parent
DATA = HERE.parent / "data" / "household"
GOLDEN = HERE.parent / "golden" / "household.csv"
BREAKDOWNS = ("age_group", "area", "education")


@pytest.fixture(scope="module", params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def results(request: pytest.FixtureRequest) -> tuple[pd.DataFrame, pd.DataFrame]:
    figures = estimate_household_indicators(
        DATA / "persons.csv", DATA / "households.csv", engine=request.param
    )
    return figures.figures, figures.gaps


def _expected() -> pd.DataFrame:
    golden = pd.read_csv(GOLDEN, keep_default_na=False, dtype=str)
    for column in ("estimate", "se"):
        golden[column] = pd.to_numeric(golden[column].replace("NA", None))
    return golden


def _find(frame: pd.DataFrame, row: pd.Series, gap: bool) -> pd.Series:
    mask = frame["indicator"] == row["indicator"]
    if gap:
        mask &= frame["unit"] == row["unit"]
    else:
        mask &= frame["sex"] == row["sex"]
    for column in BREAKDOWNS:
        wanted = row["level"] if row["breakdown"] == column else "_T"
        mask &= frame[column] == wanted
    found = frame.loc[mask]
    assert len(found) == 1, f"{len(found)} rows for {row.to_dict()}"
    return found.iloc[0]


def test_every_share_and_gap_matches_r(results: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    figures, gaps = results
    expected = _expected()
    assert len(expected) == 345
    checked = 0
    for _, row in expected.iterrows():
        gap = row["unit"] != "share"
        got = _find(gaps if gap else figures, row, gap)
        if np.isnan(row["estimate"]):  # a ratio over a male share of 0
            assert np.isnan(got["estimate"])
            assert np.isnan(got["se"])
            continue
        np.testing.assert_allclose(got["estimate"], row["estimate"], rtol=1e-9)
        np.testing.assert_allclose(got["se"], row["se"], rtol=1e-9)
        checked += 1
    assert checked == 344


def test_units_and_the_tidy_shape(results: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    figures, gaps = results
    units = figures.groupby("indicator")["unit"].first()
    assert units["HH5"] == "PC_HH"
    assert units["HH7"] == "PC_IND"
    assert units["OWN_SELL"] == "PC_OWN"
    assert set(gaps["unit"]) == {"RATIO_FM", "DIFF_FM"}
    # Households are broken down by area only: their other breakdown columns stay "_T".
    hh5 = figures[figures["indicator"] == "HH5"]
    assert set(hh5["age_group"]) == {"_T"}
    assert set(hh5["area"]) == {"_T", "rural", "urban"}
    # 7 person indicators in the file x (1 + 2 sexes + 3 + 2 + 3 levels + 2 x (3 + 2 + 3)).
    persons = figures[figures["unit"] != "PC_HH"]
    assert len(persons) == 7 * (1 + 2 + 8 + 16)


def test_the_gap_is_the_difference_and_ratio_of_the_published_shares(
    results: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    figures, gaps = results
    overall = figures[(figures[list(BREAKDOWNS)] == "_T").all(axis=1)]
    share = overall[overall["indicator"] == "HH7"].set_index("sex")["estimate"]
    gap = gaps[(gaps["indicator"] == "HH7") & (gaps[list(BREAKDOWNS)] == "_T").all(axis=1)]
    by_unit = gap.set_index("unit")["estimate"]
    assert by_unit["DIFF_FM"] == pytest.approx(share["F"] - share["M"], rel=1e-12)
    assert by_unit["RATIO_FM"] == pytest.approx(share["F"] / share["M"], rel=1e-12)


def test_files_without_any_indicator_are_refused(tmp_path: Path) -> None:
    persons = pd.read_csv(DATA / "persons.csv")[["stratum", "ea", "weight", "sex"]]
    with pytest.raises(ConfigError, match="None of the household indicators"):
        estimate_household_indicators(persons, design=HouseholdDesign(person_breakdowns=()))


def test_a_missing_breakdown_column_is_named() -> None:
    persons = pd.read_csv(DATA / "persons.csv").drop(columns=["education"])
    with pytest.raises(ConfigError, match="no column education"):
        estimate_household_indicators(persons)


def test_own_indicators_and_names() -> None:
    persons = pd.read_csv(DATA / "persons.csv").rename(columns={"sex": "gender"})
    spec = HouseholdDesign(sex="gender", person_breakdowns=("area",))
    mine = [HouseholdIndicator("NET", "uses_internet", "PC_IND")]
    result = estimate_household_indicators(persons, design=spec, indicators=mine)
    assert set(result.figures["indicator"]) == {"NET"}
    assert set(result.figures["sex"]) == {"_T", "F", "M"}
    assert len(HOUSEHOLD_INDICATORS) == len({i.code for i in HOUSEHOLD_INDICATORS})


def test_households_that_did_not_respond_are_left_out() -> None:
    respondents = pd.read_csv(DATA / "households.csv").assign(responded=1)
    # Households marked as not responding are left out whatever their answer columns hold.
    absent = respondents.head(40).assign(responded=0, has_computer=0, has_internet_home=0)
    persons = DATA / "persons.csv"
    both = estimate_household_indicators(persons, pd.concat([respondents, absent]))
    alone = estimate_household_indicators(persons, respondents)
    pd.testing.assert_frame_equal(both.figures, alone.figures)
