"""A small demo country (2,000 enterprises, seed 7) runs to the end: its stratum without
respondents is collapsed and reported, its figures of domains without respondents are
published as missing. It stopped with an error before."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from destat.demo.showcase import prepare_demo
from destat.project.pipeline import run_project


@pytest.mark.slow
def test_a_small_demo_country_runs_and_reports_what_it_collapsed(tmp_path: Path) -> None:
    prepare_demo(tmp_path, n_enterprises=2_000, seed=7, providers=False)
    result = run_project(tmp_path)
    collapsed = result.collapses[["step", "variable", "cell", "into"]].values.tolist()
    # Its 50-249 J58-J63 stratum has no respondent; the nearest industry in ISIC order with
    # respondents in the same size class is I55-I56.
    assert ["non-response", "stratum", "50-249_J58-J63", "50-249_I55-I56"] in collapsed
    with duckdb.connect(str(result.database), read_only=True) as connection:
        stored = connection.execute('SELECT cell, "into" FROM weighting_collapses').fetchall()
        summary = connection.execute("SELECT summary FROM runs").fetchall()[-1][0]
    assert ("50-249_J58-J63", "50-249_I55-I56") in stored
    assert "stratum 50-249_J58-J63 into 50-249_I55-I56" in summary
    missing = result.results[result.results["obs_status"] == "M"]
    # No large business sells on the web here: its shares of web sales are undefined.
    assert {"EC4", "EC5", "EC6"} <= set(missing.loc[missing["size_class"] == "GE250", "indicator"])
    assert missing["estimate"].isna().all()
    assert (result.results["obs_status"] != "M").sum() > 0.9 * len(result.results)
