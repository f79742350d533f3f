"""Gaps between two groups' means (difference and ratio) against R survey's svycontrast.

Expected values: tests/golden/gaps.csv, written by tests/golden/make_gaps.R with
``svyby(~y, ~sch.wide, design, svymean, covmat = TRUE)`` then ``svycontrast(..., quote(Yes - No))``
and ``quote(Yes / No)``, overall and within school types, on three designs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import destat

TESTS = Path(__file__).resolve().parents[1]
EXPECTED = pd.read_csv(TESTS / "golden" / "gaps.csv", keep_default_na=False)
DESIGNS: dict[str, tuple[str, dict[str, Any]]] = {
    "strat": ("apistrat", {"weights": "pw", "strata": "stype", "fpc": "fpc"}),
    "clus1": ("apiclus1", {"weights": "pw", "ids": "dnum", "fpc": "fpc"}),
    "clus2": ("apiclus2", {"ids": ["dnum", "snum"], "fpc": ["fpc1", "fpc2"]}),
}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
@pytest.mark.parametrize("name", sorted(DESIGNS))
def test_gaps_match_r_svycontrast(name: str, engine: str) -> None:
    data, kwargs = DESIGNS[name]
    design = destat.Design(TESTS / "data" / "api" / f"{data}.csv", engine=engine, **kwargs)
    expected = EXPECTED[EXPECTED["design"] == name]
    checked = 0
    for variable in ("api00", "ell"):
        overall = design.gap(variable, between="sch.wide", levels=("Yes", "No")).to_pandas()
        within = design.gap(
            variable, between="sch.wide", levels=("Yes", "No"), by=["stype"]
        ).to_pandas()
        within["domain"] = "stype=" + within["stype"].astype(str)
        for frame in (overall.assign(domain=""), within):
            for row in frame.itertuples():
                match = expected[
                    (expected["variable"] == variable)
                    & (expected["domain"] == row.domain)
                    & (expected["measure"] == row.measure)
                ]
                assert len(match) == 1, (variable, row.domain, row.measure)
                np.testing.assert_allclose(
                    row.estimate, float(match["estimate"].iloc[0]), rtol=1e-9
                )
                np.testing.assert_allclose(row.se, float(match["se"].iloc[0]), rtol=1e-9)
                checked += 1
    assert checked == len(expected)


def test_gap_levels_must_exist() -> None:
    design = destat.Design(
        TESTS / "data" / "api" / "apistrat.csv", weights="pw", strata="stype", fpc="fpc"
    )
    with pytest.raises(destat.ConfigError, match=r"'sch.wide'.*\['Maybe'\]"):
        design.gap("api00", between="sch.wide", levels=("Yes", "Maybe"))
