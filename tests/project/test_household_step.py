"""``destat run`` with a ``[household]`` section: the ITU indicators by sex and their gaps are
published beside the business survey's figures, flagged, and stored in the database."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pydantic import ValidationError

from destat.demo.showcase import prepare_demo
from destat.errors import InputFileError
from destat.macro.household import HouseholdDesign, estimate_household_indicators
from destat.project.config import ProjectConfig
from destat.project.pipeline import run_project


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("country")
    prepare_demo(folder, n_enterprises=20_000, seed=5, providers=False)
    return folder


@pytest.fixture(scope="module")
def ran(country: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ran") / "project"
    shutil.copytree(country, folder)
    run_project(folder)
    return folder


def test_household_tables_are_written_in_every_format_and_stored(ran: Path) -> None:
    outputs = ran / "outputs"
    for name in ("household", "household_gaps"):
        parquet = pd.read_parquet(outputs / f"{name}.parquet")
        csv = pd.read_csv(outputs / f"{name}.csv", keep_default_na=False)
        assert len(parquet) == len(csv) > 0
        assert (outputs / f"{name}.xlsx").is_file()
        with duckdb.connect(str(ran / "destat.duckdb"), read_only=True) as connection:
            stored = connection.execute(f"SELECT count(*) FROM {name}").fetchone()
        assert stored == (len(parquet),)
    shares = pd.read_parquet(outputs / "household.parquet")
    assert {"HH5", "HH6", "HH7", "HH18", "HH9_PURCHASE", "HH9_SELL", "OWN_SELL"} <= set(
        shares["indicator"]
    )
    assert set(shares["time_period"]) == {"2025"}
    assert set(shares["ref_area"]) == {"DL"}


def test_published_figures_are_the_estimates_of_the_files(ran: Path) -> None:
    data = ran / "data" / "household"
    direct = estimate_household_indicators(data / "persons.csv", data / "households.csv")
    published = pd.read_parquet(ran / "outputs" / "household_gaps.parquet")
    keys = ["indicator", "unit", "age_group", "area", "education"]
    merged = published.merge(direct.gaps, on=keys, suffixes=("", "_direct"))
    assert len(merged) == len(published) == len(direct.gaps)
    pd.testing.assert_series_equal(merged["estimate"], merged["estimate_direct"], check_names=False)


def test_a_gap_takes_the_worse_flags_of_its_two_shares(ran: Path) -> None:
    shares = pd.read_parquet(ran / "outputs" / "household.parquet")
    gaps = pd.read_parquet(ran / "outputs" / "household_gaps.parquet")
    domain = (gaps["indicator"] == "HH7") & (gaps["age_group"] == "Y_GE75")
    domain &= (gaps["area"] == "_T") & (gaps["education"] == "_T")
    share_rows = shares[
        (shares["indicator"] == "HH7")
        & (shares["age_group"] == "Y_GE75")
        & (shares["area"] == "_T")
        & (shares["education"] == "_T")
        & (shares["sex"].isin(["F", "M"]))
    ]
    assert len(share_rows) == 2
    assert set(gaps.loc[domain, "quality"]) == {max(share_rows["quality"])}


def test_a_missing_household_file_stops_the_run_and_changes_nothing(
    country: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "project"
    shutil.copytree(country, folder)
    run_project(folder)
    before = (folder / "outputs" / "household.csv").read_bytes()
    (folder / "data" / "household" / "persons.csv").unlink()
    with pytest.raises(InputFileError, match=r"Household survey file not found: .*persons\.csv"):
        run_project(folder)
    assert (folder / "outputs" / "household.csv").read_bytes() == before


def test_the_documented_household_section_loads() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "household-survey.md").read_text("utf-8")
    start = doc.index("```toml\n[household]") + len("```toml\n")
    section = tomllib.loads(doc[start : doc.index("```", start)])
    base = {
        "project": {"name": "x", "ref_area": "DL", "reference_period": "2025"},
        "inputs": {"register": "r", "sample": "s", "survey": "q", "mapping": "m"},
    }
    household = ProjectConfig.model_validate(base | section).household
    assert household is not None
    assert household.design == HouseholdDesign()  # the documented values are the defaults
    with pytest.raises(ValidationError, match="idz"):
        ProjectConfig.model_validate(base | {"household": {"persons": "p", "design": {"idz": 1}}})


def test_the_sdmx_structure_names_the_country(ran: Path) -> None:
    # REF_AREA "DL" is not an ISO code, so its name comes from [project] country.
    structure = (ran / "outputs" / "sdmx" / "NSO_ICT_BUS_1.0_structure.xml").read_text("utf-8")
    assert 'id="DL"' in structure
    assert ">Demo Land<" in structure
