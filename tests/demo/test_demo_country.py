"""The written demo country: files, determinism, NSO names and codes, planted errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from destat.demo import RULES, CountryFiles, generate_country, population_for_seed
from destat.demo.classification import ISIC_CLASSES
from destat.demo.national_format import REGISTER_NAMES, RESPONSE_NAMES, SAMPLE_NAMES

_TEXT_COLUMNS = {RESPONSE_NAMES["enterprise_id"], RESPONSE_NAMES["isic"]}
_PERCENT_COLUMNS = [
    RESPONSE_NAMES[name]
    for name in ("web_sales_share", "edi_sales_share", "b2c_share", "cross_border_share")
]


def _read_survey(path: Path) -> pd.DataFrame:
    """Any format of the survey file as text, blanks and system-missing as ""."""
    if path.suffix == ".csv":
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    elif path.suffix == ".xlsx":
        table = pd.read_excel(path, dtype=object).astype(object)
    elif path.suffix == ".sav":
        table, _ = pyreadstat.read_sav(str(path))
    else:
        table, _ = pyreadstat.read_dta(str(path))
    return table.apply(lambda column: column.map(_as_text))


def _as_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _violations(table: pd.DataFrame, register_ids: set[str]) -> set[tuple[int, str]]:
    """(1-based data row, rule) for every broken rule: a small validator written from RULES."""
    found: set[tuple[int, str]] = set()

    def flag(mask: pd.Series, rule: str) -> None:
        assert rule in RULES
        found.update((int(i) + 1, rule) for i in np.flatnonzero(mask.to_numpy()))

    ids = table[RESPONSE_NAMES["enterprise_id"]]
    flag(ids.duplicated(), "unique_enterprise_id")
    flag(~ids.isin(register_ids), "in_register")
    flag(~table[RESPONSE_NAMES["isic"]].isin({c.code for c in ISIC_CLASSES}), "known_isic_class")
    numbers = {}
    for column in table.columns.difference(list(_TEXT_COLUMNS)):
        text = table[column]
        numbers[column] = pd.to_numeric(text.where(text != ""), errors="coerce")
        flag((text != "") & numbers[column].isna(), "numeric")
        flag(numbers[column] < 0, "non_negative")
    for column in _PERCENT_COLUMNS:
        flag(numbers[column] > 100, "percent_at_most_100")
    persons = numbers[RESPONSE_NAMES["persons_employed"]]
    for name in ("persons_using_computer", "persons_using_internet"):
        flag(numbers[RESPONSE_NAMES[name]] > persons, "persons_at_most_employed")
    computer = numbers[RESPONSE_NAMES["uses_computer"]] == 1
    internet = numbers[RESPONSE_NAMES["uses_internet"]] == 1
    flag(
        (numbers[RESPONSE_NAMES["receives_orders_internet"]] == 1) & ~internet,
        "orders_need_internet",
    )
    flag(internet & ~computer, "internet_needs_computer")
    return found


@pytest.fixture(scope="module")
def manifest(country: CountryFiles) -> pd.DataFrame:
    return pd.read_csv(country.planted_errors_csv, dtype={"value": str})


@pytest.fixture(scope="module")
def register_ids(country: CountryFiles) -> set[str]:
    return set(pd.read_csv(country.register_csv, usecols=["ID_EMP"])["ID_EMP"])


def test_all_files_are_written(country: CountryFiles) -> None:
    assert len(country.responses_files) == 4
    for path in (
        country.register_csv,
        country.register_parquet,
        country.sample_csv,
        country.mapping_csv,
        country.planted_errors_csv,
        country.truth_parquet,
        country.truth_proportions_csv,
        *country.responses_files,
    ):
        assert path.stat().st_size > 0, path


def test_files_use_the_national_names(
    country: CountryFiles, country_settings: dict[str, int]
) -> None:
    register = pd.read_parquet(country.register_parquet)
    assert list(register.columns) == list(REGISTER_NAMES.values())
    assert len(register) == country_settings["n_enterprises"]
    assert list(pd.read_csv(country.sample_csv, nrows=1).columns) == list(SAMPLE_NAMES.values())
    assert list(pd.read_csv(country.responses_csv, nrows=1).columns) == list(
        RESPONSE_NAMES.values()
    )
    survey = pd.read_csv(country.responses_csv, dtype=str)
    assert set(survey[RESPONSE_NAMES["uses_computer"]].dropna()) <= {"1", "2", "9"}


def test_mapping_covers_every_column(country: CountryFiles) -> None:
    mapping = pd.read_csv(country.mapping_csv, dtype=str, keep_default_na=False)
    variables = mapping[mapping["national_code"] == ""]
    for path, names in (
        (country.register_csv, REGISTER_NAMES),
        (country.sample_csv, SAMPLE_NAMES),
        (country.responses_csv, RESPONSE_NAMES),
    ):
        rows = variables[variables["file"] == path.name]
        assert dict(zip(rows["model_variable"], rows["national_variable"], strict=True)) == names
    yes_no = mapping[mapping["national_variable"] == RESPONSE_NAMES["uses_internet"]]
    codes = dict(zip(yes_no["national_code"], yes_no["model_code"], strict=True))
    assert codes == {"": "", "1": "1", "2": "0", "9": ""}


def test_sample_file_matches_the_design(
    country: CountryFiles, country_settings: dict[str, int]
) -> None:
    sample = pd.read_csv(country.sample_csv)
    assert len(sample) == country_settings["sample_size"]
    sums = sample.groupby("ESTRATO").agg(weights=("FACTOR", "sum"), population=("NH_POB", "first"))
    np.testing.assert_allclose(sums["weights"], sums["population"], rtol=1e-12)
    survey = pd.read_csv(country.responses_csv, dtype=str)
    respondents = set(sample.loc[sample["ESTADO"] == 1, "ID_EMP"])
    assert respondents <= set(survey["ID_EMP"])
    assert len(set(survey["ID_EMP"]) - respondents) == 1  # the one not in the register


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "sav", "dta"])
def test_planted_errors_are_exactly_where_the_manifest_says(
    country: CountryFiles, manifest: pd.DataFrame, register_ids: set[str], fmt: str
) -> None:
    path = next(p for p in country.responses_files if p.suffix == f".{fmt}")
    table = _read_survey(path)
    planted = manifest[manifest["file"] == path.name]
    assert set(planted["rule"]) == set(RULES) - {"internet_needs_computer"}
    assert _violations(table, register_ids) == set(
        zip(planted["row"], planted["rule"], strict=True)
    )
    for error in planted.itertuples():
        assert table.loc[error.row - 1, error.column] == error.value


def test_manifest_rows_are_data_rows_of_the_csv(
    country: CountryFiles, manifest: pd.DataFrame
) -> None:
    lines = country.responses_csv.read_text(encoding="utf-8").splitlines()
    foreign = manifest[
        (manifest["rule"] == "in_register") & (manifest["file"] == country.responses_csv.name)
    ]
    row = int(foreign["row"].iloc[0])
    assert lines[row].startswith(foreign["value"].iloc[0] + ",")  # line 0 is the header
    assert row == len(lines) - 1


def test_truth_matches_the_population(
    country: CountryFiles, country_settings: dict[str, int]
) -> None:
    truth = pd.read_parquet(country.truth_parquet)
    population = population_for_seed(country_settings["seed"], country_settings["n_enterprises"])
    assert truth["enterprise_id"].tolist() == population.register["enterprise_id"].tolist()
    assert truth["in_scope"].sum() == len(population.frame.rows)
    pd.testing.assert_series_equal(
        truth["receives_orders_internet"], population.responses["receives_orders_internet"]
    )
    proportions = pd.read_csv(country.truth_proportions_csv).set_index("size_class")
    in_scope = truth[truth["in_scope"]]
    expected = in_scope.groupby("size_class")["receives_orders_internet"].mean()
    np.testing.assert_allclose(
        proportions.loc[expected.index, "receives_orders_internet"], expected
    )
    assert proportions.loc["_T", "population"] == len(in_scope)


def test_same_seed_same_files_other_seed_other_files(
    country: CountryFiles, country_settings: dict[str, int], tmp_path: Path
) -> None:
    again = generate_country(tmp_path / "again", **country_settings)
    for name in (
        "register_csv",
        "sample_csv",
        "responses_csv",
        "mapping_csv",
        "planted_errors_csv",
    ):
        assert getattr(again, name).read_bytes() == getattr(country, name).read_bytes(), name
    pd.testing.assert_frame_equal(
        pd.read_parquet(again.truth_parquet), pd.read_parquet(country.truth_parquet)
    )
    pd.testing.assert_frame_equal(
        pd.read_excel(again.responses_xlsx), pd.read_excel(country.responses_xlsx)
    )
    other_seed = {**country_settings, "seed": country_settings["seed"] + 1}
    other = generate_country(tmp_path / "other", **other_seed)
    assert other.register_csv.read_bytes() != country.register_csv.read_bytes()
    assert other.responses_csv.read_bytes() != country.responses_csv.read_bytes()


def test_spss_file_has_labels_and_user_missing_codes(country: CountryFiles) -> None:
    assert country.responses_sav is not None
    table, meta = pyreadstat.read_sav(str(country.responses_sav), user_missing=True)
    internet = RESPONSE_NAMES["uses_internet"]
    assert meta.variable_value_labels[internet] == {1: "Sí", 2: "No", 9: "No sabe / no responde"}
    assert meta.missing_ranges[internet] == [{"lo": 9.0, "hi": 9.0}]
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert all(labels[name] for name in RESPONSE_NAMES.values())
    assert (table[RESPONSE_NAMES["speed_band"]] == 9).any()  # item non-response, kept as 9
