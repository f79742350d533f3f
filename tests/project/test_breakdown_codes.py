"""Breakdown codes of published figures: a missing code or a code equal to a total's never
becomes the total code (which repeated the total's row before)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from destat.errors import InputFileError
from destat.project.codes import published_codes
from destat.project.pipeline import run_project
from destat.project.tabulate import TOTALS

from .small_project import write_small_project


def _recode(folder: Path, column: str, old: str | None, new: str) -> Path:
    sample = pd.read_csv(folder / "sample.csv", dtype=str, keep_default_na=False)
    rows = sample.index[:1] if old is None else sample.index[sample[column] == old]
    sample.loc[rows, column] = new
    sample.to_csv(folder / "sample.csv", index=False)
    return folder


def test_a_domain_coded_as_the_total_stops_the_run(tmp_path: Path) -> None:
    # Size class 50-249 coded GE10, the code of all size classes: its B1 (2 of 7 users) was
    # written beside the total (8 of 14) as a second B1 / GE10 / _T row.
    folder = _recode(write_small_project(tmp_path / "project"), "size_class", "50-249", "GE10")
    with pytest.raises(InputFileError, match=r"size_class of sample\.csv has the code 'GE10'"):
        run_project(folder)
    assert not (folder / "destat.duckdb").exists()


def test_a_respondent_without_a_code_is_named(tmp_path: Path) -> None:
    # E00 without industry fell in no industry domain: the industries no longer added up to the
    # total and disclosure control stopped on the additivity of its tables.
    folder = _recode(write_small_project(tmp_path / "project"), "industry", None, "")
    with pytest.raises(InputFileError, match=r"1 respondent\(s\) have no industry code") as error:
        run_project(folder)
    assert "enterprise_id E00" in str(error.value)
    assert not (folder / "destat.duckdb").exists()


def _estimates(size: list[object], industry: list[object]) -> pd.DataFrame:
    return pd.DataFrame({"size_class": size, "industry": industry, "variable": "uses_computer"})


def test_a_missing_code_of_a_crossed_breakdown_is_not_written_as_the_total() -> None:
    estimates = _estimates([np.nan, "10-49", "10-49"], [np.nan, "G46", np.nan])
    with pytest.raises(InputFileError, match="by industry, size_class has no industry code"):
        published_codes(estimates, [[], ["size_class", "industry"]], TOTALS)


def test_a_missing_code_that_would_repeat_a_row_is_refused() -> None:
    # The crossed row without industry would read 10-49 / _T, as the size-class row does.
    estimates = _estimates([np.nan, "10-49", "10-49"], [np.nan, np.nan, np.nan])
    breakdowns = [[], ["size_class"], ["size_class", "industry"]]
    with pytest.raises(InputFileError, match="same codes"):
        published_codes(estimates, breakdowns, TOTALS)


def test_totals_are_written_where_a_figure_is_not_broken_down() -> None:
    estimates = _estimates([np.nan, "10-49", np.nan], [np.nan, np.nan, "G46"])
    codes = published_codes(estimates, [[], ["size_class"], ["industry"]], TOTALS)
    assert codes["size_class"].tolist() == ["GE10", "10-49", "GE10"]
    assert codes["industry"].tolist() == ["_T", "_T", "G46"]
    assert codes["region"].tolist() == ["_T"] * 3
