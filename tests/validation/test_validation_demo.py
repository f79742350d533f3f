"""Every error planted in the demo country's survey file is found, in every format, and nothing
else: the clean rows raise no problem."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from destat.demo import CountryFiles
from destat.survey.validation import read_mapping, to_model, validate

SURVEY_CSV = "encuesta_tic_empresas.csv"


def _read(path: Path) -> pd.DataFrame:
    """The file as its user sees it; SPSS and Stata columns come back as numbers or text."""
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=str)
    if path.suffix == ".xlsx":
        return pd.read_excel(path, dtype=str)
    if path.suffix == ".sav":
        return pyreadstat.read_sav(str(path))[0]
    return pyreadstat.read_dta(str(path))[0]


def _problems_and_manifest(
    demo: CountryFiles, register_ids: pd.Series, path: Path
) -> tuple[pd.DataFrame, pd.DataFrame]:
    # The mapping describes the CSV file; the other formats carry the same columns and codes.
    mapping = read_mapping(demo.mapping_csv, SURVEY_CSV)
    result = validate(
        to_model(_read(path), mapping),
        register_ids=register_ids,
        column_names=mapping.column_names,
        file_name=path.name,
    )
    manifest = pd.read_csv(demo.planted_errors_csv, dtype={"value": str})
    return result.problems, manifest[manifest["file"] == path.name]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".sav", ".dta"])
def test_every_planted_error_is_found_and_nothing_else(
    demo: CountryFiles, register_ids: pd.Series, suffix: str
) -> None:
    path = next(p for p in demo.responses_files if p.suffix == suffix)
    problems, manifest = _problems_and_manifest(demo, register_ids, path)
    key = ["file", "row", "column", "rule", "value"]
    found = problems[key].astype({"row": "int64"}).sort_values("row", ignore_index=True)
    expected = manifest[key].sort_values("row", ignore_index=True)
    assert len(expected) == 8
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)
    assert set(problems["severity"]) == {"error"}


def test_planted_errors_have_plain_messages_and_fixes(
    demo: CountryFiles, register_ids: pd.Series
) -> None:
    problems, _ = _problems_and_manifest(demo, register_ids, demo.responses_csv)
    by_rule = problems.set_index("rule")
    assert "todos" in by_rule.loc["numeric", "message"]
    assert "Did you mean 4799?" in by_rule.loc["known_isic_class", "fix"]
    assert "PERS_OCUP" in by_rule.loc["persons_at_most_employed", "message"]
    duplicate_row = int(by_rule.loc["unique_enterprise_id", "row"])
    assert f"data row {duplicate_row - 1}" in by_rule.loc["unique_enterprise_id", "message"]
    assert "P02_INTERNET" in by_rule.loc["orders_need_internet", "message"]
    assert problems["fix"].str.len().min() > 20


def test_without_register_ids_the_register_rule_is_silent(demo: CountryFiles) -> None:
    mapping = read_mapping(demo.mapping_csv, SURVEY_CSV)
    frame = to_model(pd.read_csv(demo.responses_csv, dtype=str), mapping)
    result = validate(frame, file_name=SURVEY_CSV)
    assert "in_register" not in set(result.problems["rule"])
    assert len(result.problems) == 7
    assert not result.ok
