"""``destat demo`` end to end on a small country: files, estimates, and a hand-checked figure."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from destat.cli import app


def test_demo_command_writes_estimates_that_match_a_hand_calculation(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--enterprises", "20000"])
    assert result.exit_code == 0, result.output
    assert "intervals cover the true value" in result.output
    assert str(out / "results" / "estimates.csv") in result.output.replace("\n", "")

    estimates = pd.read_csv(out / "results" / "estimates.csv")
    assert set(estimates["size_class"]) == {"_T", "10-49", "50-249", "GE250"}
    assert len(estimates) == 6 * 4
    assert estimates["estimate"].between(0, 1).all()
    assert (estimates["se"] >= 0).all()
    assert (estimates.loc[estimates["size_class"] == "_T", "se"] > 0).all()
    pd.testing.assert_frame_equal(estimates, pd.read_parquet(out / "results" / "estimates.parquet"))
    sdmx = pd.read_csv(out / "sdmx" / "NSO_ICT_BUS_1.0_data.csv", keep_default_na=False)
    assert len(sdmx) == len(estimates)
    assert set(sdmx["MEASURE"]) == {"B1", "B3", "B5", "B7", "B8", "B9_FIXED_BB"}

    # B1 overall by hand: respondents (status 1) reweighted to N_h / r_h within each stratum,
    # P01_COMPUT 1 = yes, 2 = no; duplicated enterprise ids and unknown ids left out.
    survey = pd.read_csv(out / "encuesta_tic_empresas.csv", dtype=str, keep_default_na=False)
    survey = survey[~survey["ID_EMP"].duplicated(keep=False)]
    sample = pd.read_csv(out / "muestra.csv", dtype={"ID_EMP": str})
    rows = survey.merge(sample[sample["ESTADO"] == 1], on="ID_EMP")
    weight = rows["NH_POB"] / rows.groupby("ESTRATO")["ID_EMP"].transform("size")
    uses = rows["P01_COMPUT"].map({"1": 1.0, "2": 0.0})
    known = uses.notna()
    expected = (weight[known] * uses[known]).sum() / weight[known].sum()
    b1 = estimates[(estimates["indicator"] == "B1") & (estimates["size_class"] == "_T")]
    np.testing.assert_allclose(b1["estimate"].iloc[0], expected, rtol=1e-12)
