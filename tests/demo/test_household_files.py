"""The household survey files: determinism, formats, data dictionary and truth."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import destat
from destat.demo.household import (
    HouseholdFiles,
    generate_household_survey,
    household_population_for_seed,
    true_indicators,
)

SETTINGS = {"n_households": 50_000, "seed": 31, "n_eas": 80, "households_per_ea": 10}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> HouseholdFiles:
    return generate_household_survey(tmp_path_factory.mktemp("household"), **SETTINGS)


def _csv_files(files: HouseholdFiles) -> list[Path]:
    return [
        files.households_csv,
        files.persons_csv,
        files.dictionary_csv,
        files.truth_csv,
        files.gender_gaps_csv,
    ]


def test_same_arguments_give_the_same_files(files: HouseholdFiles, tmp_path: Path) -> None:
    again = generate_household_survey(tmp_path, **SETTINGS)
    for first, second in zip(_csv_files(files), _csv_files(again), strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_parquet_holds_the_csv_data(files: HouseholdFiles) -> None:
    for csv, parquet in (
        (files.persons_csv, files.persons_parquet),
        (files.households_csv, files.households_parquet),
    ):
        from_csv = pd.read_csv(csv)
        from_parquet = pd.read_parquet(parquet)
        assert list(from_csv.columns) == list(from_parquet.columns)
        assert len(from_csv) == len(from_parquet)
        pd.testing.assert_series_equal(
            from_csv["weight"], from_parquet["weight"].astype("float64"), check_names=False
        )


def test_dictionary_describes_every_column(files: HouseholdFiles) -> None:
    dictionary = pd.read_csv(files.dictionary_csv, keep_default_na=False)
    for name, path in (("households", files.households_csv), ("persons", files.persons_csv)):
        described = dictionary.loc[dictionary["file"] == name, "variable"]
        assert described.is_unique
        assert set(described) == set(pd.read_csv(path, nrows=1).columns), name
    assert (dictionary["label"] != "").all()


def test_truth_files_come_from_the_population_behind_the_survey(files: HouseholdFiles) -> None:
    truth = pd.read_csv(files.truth_csv, keep_default_na=False)
    population = household_population_for_seed(SETTINGS["seed"], SETTINGS["n_households"])
    expected = true_indicators(population)
    pd.testing.assert_series_equal(truth["value"], expected["value"], rtol=1e-12)
    gaps = pd.read_csv(files.gender_gaps_csv, keep_default_na=False)
    internet = gaps[(gaps["indicator"] == "uses_internet") & (gaps["age_group"] == "_T")]
    assert (internet["ratio"] < 1).all()
    assert (internet["difference"] < 0).all()
    assert (gaps["female"] / gaps["male"] - gaps["ratio"]).abs().max() < 1e-12


def test_the_persons_file_is_ready_for_destat(files: HouseholdFiles) -> None:
    design = destat.Design(files.persons_csv, ids="ea", strata="stratum", weights="weight")
    result = design.mean("owns_mobile_phone", by=["sex", "area"], na_rm=True).to_pandas()
    assert len(result) == 4
    assert result["estimate"].between(0.2, 1.0).all()
