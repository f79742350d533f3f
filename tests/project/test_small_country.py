"""Cells and domains without respondents: strata and calibration levels collapsed into a
neighbour (reported), figures of domains without respondents published as missing.

The small project (tests/project/small_project.py) with J58-J63's two enterprises not
responding and a region for each enterprise, calibrated to the register's regions.

Non-response collapse (same size class, nearest industry in ISIC order among C10-C12, G46,
J58-J63: G46):
  10-49_J58-J63 (N = 1) into 10-49_G46 (N = 3, r = 3): w = (3 + 1) / 3 = 4/3
  50-249_J58-J63 (N = 1) into 50-249_G46 (N = 2, r = 2): w = (2 + 1) / 2 = 3/2
  C10-C12 strata unchanged: w = 1.
Regions 1, 2, 3 (R1 to R3 below), by enterprise number of ENTERPRISES: R1 0 2 4 5 7 9 11; R2 1 3
6 8 10; R3 12 13 (the J58-J63 enterprises). R3 has no respondent: collapsed into the previous
code, R2 ("2+3"), whose register count is 5 + 2 = 7; R1's is 7.
Design-weighted: R1 = 4/3 + 4/3 + 3/2 + 4 x 1 = 49/6, R2 = 4/3 + 3/2 + 3 x 1 = 35/6.
Linear calibration on one margin is post-stratification: g = N_c / sum of w in c, so
g(R1) = 7 / (49/6) = 6/7 and g(R2+R3) = 7 / (35/6) = 6/5, and the calibrated weights are
  R1: G46 10-49 8/7, G46 50-249 9/7, C10-C12 6/7;  R2: G46 10-49 8/5, G46 50-249 9/5, C10-C12 6/5.
B1 (uses a computer) over all: users in R1 are 0, 2 (8/7 each), 5, 7, 9 (6/7 each) = 34/7; in R2
1 (8/5) and 3 (9/5) = 17/5; B1 = (34/7 + 17/5) / 14 = 289/490.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from destat.errors import CalibrationError, DesignError
from destat.project.domains import empty_domains
from destat.project.pipeline import run_project
from destat.project.plan import Figure
from destat.survey.design import Design

from .small_project import write_small_project

REGIONS = ["1", "2", "1", "2", "1", "1", "2", "1", "2", "1", "2", "1", "3", "3"]
CALIBRATION = """
[calibration]
margins = ["region"]
totals = []
"""
W = {  # calibrated weight by enterprise, from the module docstring
    "1": {"G46 10-49": Fraction(8, 7), "G46 50-249": Fraction(9, 7), "C10-C12": Fraction(6, 7)},
    "2": {"G46 10-49": Fraction(8, 5), "G46 50-249": Fraction(9, 5), "C10-C12": Fraction(6, 5)},
}


def _small_country(folder: Path, settings: str = "") -> Path:
    write_small_project(folder)
    for name in ("register.csv", "survey.csv"):
        table = pd.read_csv(folder / name, dtype=str)
        table["region"] = REGIONS
        if name == "survey.csv":
            table = table[~table["enterprise_id"].isin(["E12", "E13"])]
        table.to_csv(folder / name, index=False)
    sample = pd.read_csv(folder / "sample.csv", dtype=str)
    sample.loc[sample["industry"] == "J58-J63", "responded"] = "0"
    sample.to_csv(folder / "sample.csv", index=False)
    mapping = pd.read_csv(folder / "mapping.csv", dtype=str, keep_default_na=False)
    added = pd.DataFrame(
        {"file": ["register.csv", "survey.csv"], "national_variable": "region"}
    ).assign(model_variable="region")
    pd.concat([mapping, added]).fillna("").to_csv(folder / "mapping.csv", index=False)
    config = folder / "destat.toml"
    config.write_text(config.read_text("utf-8") + CALIBRATION + settings, "utf-8")
    return folder


def _expected_weight(row: pd.Series) -> Fraction:
    cell = "C10-C12" if row["industry"] == "C10-C12" else f"G46 {row['size_class']}"
    return W[row["region"]][cell]


def test_collapsed_weights_reproduce_the_merged_control_totals(tmp_path: Path) -> None:
    result = run_project(_small_country(tmp_path / "project"))
    with duckdb.connect(str(result.database), read_only=True) as connection:
        respondents = connection.execute("SELECT * FROM respondents").df()
        stored = connection.execute("SELECT * FROM weighting_collapses").df()
    assert len(respondents) == 12
    expected = respondents.apply(_expected_weight, axis=1).map(float)
    assert respondents["calibrated_weight"].tolist() == pytest.approx(expected.tolist(), rel=1e-9)
    by_region = respondents.groupby("region")["calibrated_weight"].sum()
    assert by_region.to_dict() == pytest.approx({"1": 7.0, "2": 7.0})  # regions 2 + 3: 5 + 2
    design = respondents.set_index("enterprise_id")["weight"]
    assert design[["E00", "E01", "E02"]].tolist() == pytest.approx([4 / 3] * 3)
    assert design[["E03", "E04"]].tolist() == pytest.approx([1.5, 1.5])
    b1 = result.results.set_index(["indicator", "size_class", "activity"])["estimate"]
    assert b1[("B1", "GE10", "_T")] == pytest.approx(289 / 490, rel=1e-12)
    listed = stored[["step", "variable", "cell", "into", "population"]].values.tolist()
    assert listed == [
        ["non-response", "stratum", "10-49_J58-J63", "10-49_G46", 1.0],
        ["non-response", "stratum", "50-249_J58-J63", "50-249_G46", 1.0],
        ["calibration", "region", "3", "2+3", 2.0],
    ]
    pd.testing.assert_frame_equal(result.collapses, stored)
    summary = _summary(result.database)
    assert "region 3 into 2+3 (no respondent in the margin's level)" in summary


@pytest.mark.parametrize(
    ("setting", "error", "named"),
    [
        ('[design]\nempty_strata = "stop"\n', DesignError, "10-49_J58-J63, 50-249_J58-J63"),
        ('empty_cells = "stop"\n', CalibrationError, "region in ['3']"),
    ],
)
def test_stop_names_the_empty_cells_and_writes_nothing(
    tmp_path: Path, setting: str, error: type[Exception], named: str
) -> None:
    folder = _small_country(tmp_path / "project", setting)
    with pytest.raises(error, match=r"Strata without|No respondent") as raised:
        run_project(folder)
    assert named in str(raised.value)
    assert not (folder / "destat.duckdb").exists()
    assert not (folder / "outputs").exists()


def test_a_domain_without_respondents_is_published_as_missing(tmp_path: Path) -> None:
    result = run_project(_small_country(tmp_path / "project"))
    figures = result.results.set_index(["indicator", "activity"])
    # J58-J63 has two enterprises in the register and the sample, and no respondent.
    for code in ("B1", "EC1"):
        missing = figures.loc[(code, "J58-J63")]
        assert pd.isna(missing["estimate"])
        assert (missing["obs_status"], missing["conf_status"], missing["n"]) == ("M", "F", 0)
        assert pd.isna(missing["quality"])
    assert (result.results["obs_status"] == "M").sum() == 2
    sdmx = pd.read_csv(result.outputs / "sdmx" / "NSO_ICT_BUS_1.0_data.csv", dtype=str)
    observation = sdmx[(sdmx["ACTIVITY"] == "J58-J63") & (sdmx["MEASURE"] == "B1")]
    assert observation["OBS_STATUS"].tolist() == ["M"]
    assert observation["OBS_VALUE"].isna().all()
    assert "missing: 2 (no respondent in the domain)" in _summary(result.database)
    # The release and the quality report print the missing sign ':' for J58-J63
    # ("Information and communication") instead of a number.
    folder = result.outputs / "release"
    release = (folder / "release-en.html").read_text("utf-8")
    assert re.search(
        r"Information and communication</th>\s*<td class=\"num hidden\">:</td>", release
    )
    quality = (folder / "quality-en.html").read_text("utf-8")
    rows = re.findall(
        r"<td>Information and communication</td><td class=\"num\">(.*?)</td>", quality
    )
    assert rows == [":", ":"]  # B1 and EC1


def _summary(database: Path) -> str:
    with duckdb.connect(str(database), read_only=True) as connection:
        row = connection.execute("SELECT summary FROM runs").fetchone()
    assert row is not None
    return str(row[0])


GE250 = [2, 5, 8, 11]  # the rows of size class GE250


def _stratified(column: str, ge250: float) -> pd.DataFrame:
    """Two strata, three size classes; ``column`` set to ``ge250`` in GE250's rows."""
    data = pd.DataFrame(
        {
            "stratum": ["a"] * 6 + ["b"] * 6,
            "N": [20] * 6 + [30] * 6,
            "weight": [20 / 6] * 6 + [5.0] * 6,
            "size_class": ["10-49", "50-249", "GE250"] * 4,
            "y": [1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, float("nan"), 0.0],
            "x": [2.0, 1.0, 3.0, 1.0, 4.0, 1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 2.0],
        }
    )
    data.loc[GE250, column] = ge250
    return data


@pytest.mark.parametrize(
    ("figure", "column", "gap", "fill"),
    [
        # A mean: no GE250 respondent has a value; fill them to see the others unchanged.
        (Figure("B1", "percent", "y"), "y", float("nan"), 0.0),
        # A ratio: GE250's denominator is 0 (0/0 or y/0); give it 1 to see the others unchanged.
        (Figure("EC1", "percent", "y", "x"), "x", 0.0, 1.0),
    ],
)
def test_an_undefined_domain_leaves_every_other_number_as_it_was(
    figure: Figure, column: str, gap: float, fill: float
) -> None:
    data = _stratified(column, gap)
    empty = empty_domains(data, figure, [[], ["size_class"]])
    assert empty is not None
    assert empty.domains.to_dict("records") == [{"size_class": "GE250"}]

    def estimate(frame: pd.DataFrame, by: list[list[str]]) -> pd.DataFrame:
        design = Design(frame, weights="weight", strata="stratum", fpc="N")
        if figure.denominator:
            result = design.ratio("y", "x", breakdowns=by, na_rm=True)
        else:
            result = design.mean(["y"], breakdowns=by, na_rm=True)
        return result.to_pandas()

    found = empty.restore(estimate(data, empty.breakdowns))
    # Each domain's numbers come from its own rows: those of a GE250 that is defined.
    others = estimate(_stratified(column, fill), [["size_class"]])
    others = others[others["size_class"] != "GE250"].reset_index(drop=True)
    columns = ["size_class", "estimate", "se", "deff", "n"]
    by_size = found[found["size_class"].notna()].reset_index(drop=True)
    pd.testing.assert_frame_equal(by_size[columns], others[columns])
    # Over all, GE250's rows count as without the breakdown.
    overall = estimate(data, [[]])
    total = found[found["size_class"].isna()].reset_index(drop=True)
    pd.testing.assert_frame_equal(total[columns[1:]], overall[columns[1:]])
