"""Mapping national names and codes to the model questionnaire's, as the demo's mapping.csv says."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from destat.demo import CountryFiles
from destat.errors import InputFileError
from destat.survey.validation import read_mapping, to_model, validate

SURVEY = "encuesta_tic_empresas.csv"


def test_codes_are_translated_and_unknown_codes_reported(demo: CountryFiles) -> None:
    mapping = read_mapping(demo.mapping_csv, SURVEY)
    national = pd.DataFrame(
        {
            "ID_EMP": ["E1", "E2", "E3", "E4"],
            "P01_COMPUT": ["1", "2", "9", "0"],  # 0 is not a national code
            "P10_VELOCIDAD": ["5", "1", "9", "7"],
            "PERS_OCUP": ["10", "", "3", "4"],
        }
    )
    model = to_model(national, mapping)
    assert list(model.columns) == ["enterprise_id", "persons_employed", "uses_computer",
                                   "speed_band"]  # fmt: skip
    assert model["uses_computer"].tolist()[:3] == ["1", "0", None]
    assert model["speed_band"].tolist()[:3] == ["ge100", "lt2", None]
    problems = validate(model, column_names=mapping.column_names).problems
    assert problems[["row", "column", "rule", "value"]].values.tolist() == [
        [4, "P01_COMPUT", "allowed_code", "0 (not in the mapping)"],
        [4, "P10_VELOCIDAD", "allowed_code", "7 (not in the mapping)"],
    ]


def test_mapping_mistakes_are_input_file_errors(demo: CountryFiles, tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"no rows for 'survey\.sav'"):
        read_mapping(demo.mapping_csv, "survey.sav")
    bad = tmp_path / "mapping.csv"
    bad.write_text("file,national_variable\nsurvey.csv,P01\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="lacks the columns"):
        read_mapping(bad, "survey.csv")
