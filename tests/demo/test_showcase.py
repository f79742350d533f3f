"""``destat demo`` end to end on a small country: the project run, and a hand-checked figure."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from destat.cli import app


def test_demo_command_runs_the_project_and_matches_a_hand_calculation(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    # The web path has its own test (tests/demo/test_web_demo.py).
    arguments = ["demo", "--out", str(out), "--enterprises", "20000", "--no-web"]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert "intervals cover the true value" in result.output
    assert "Set aside: 8 rows with validation errors" in " ".join(result.output.split())
    # The generated marketplace and postal files are published as experimental statistics.
    output = " ".join(result.output.split())
    assert "Experimental:" in output
    assert "marketplace_sellers, marketplace_prices, marketplace_register_share," in output
    assert "against the truth precision" in output
    for name in ("marketplace_sellers", "marketplace_register_share", "postal_flows"):
        assert pd.read_parquet(out / "outputs" / f"{name}.parquet")["experimental"].all()
    assert len(pd.read_csv(out / "data" / "providers" / "postal_items.csv")) == 20_000 // 50

    results = pd.read_csv(out / "outputs" / "results.csv", keep_default_na=False)
    assert {"B1", "B2", "B9_FIXED_BB", "B12_EMAIL"} <= set(results["indicator"])
    assert set(results["size_class"]) == {"GE10", "10-49", "50-249", "GE250"}
    free = results[results["conf_status"] == "F"]
    assert free["estimate"].astype(float).between(0, 1).all()

    # B1 overall by hand, with the design weights only (the demo also calibrates to the
    # register; tests/project checks the calibrated weights): respondents (status 1) without the
    # 8 rows the validation flags, reweighted to N_h / r_h in each stratum; P01 1 = yes, 2 = no.
    # Three GE250 strata have no respondent; each is collapsed into the nearest industry of its
    # size class in ISIC order (D35-E39 sits between C26-C33 and F41-F43: the next), whose
    # respondents then stand for both: w = (N_h + N_empty) / r_h.
    collapsed = {
        "GE250_D35-E39": "GE250_F41-F43",
        "GE250_G45": "GE250_G46",
        "GE250_N77-N82": "GE250_M69-M74",
    }
    config = out / "destat.toml"
    text = config.read_text("utf-8")
    config.write_text(text[: text.index("[calibration]")] + text[text.index("[estimation]") :])
    rerun = CliRunner().invoke(app, ["run", str(out)])
    assert rerun.exit_code == 0, rerun.output
    results = pd.read_csv(out / "outputs" / "results.csv", keep_default_na=False)
    data = out / "data"
    survey = pd.read_csv(data / "encuesta_tic_empresas.csv", dtype=str, keep_default_na=False)
    flagged = pd.read_csv(data / "planted_errors.csv")
    flagged = flagged[flagged["file"] == "encuesta_tic_empresas.csv"]["row"] - 1
    survey = survey.drop(index=flagged)
    sample = pd.read_csv(data / "muestra.csv", dtype={"ID_EMP": str})
    rows = survey.merge(sample[sample["ESTADO"] == 1], on="ID_EMP")
    empty = sorted(set(sample["ESTRATO"]) - set(rows["ESTRATO"]))
    assert empty == sorted(collapsed)
    taken = sample.groupby("ESTRATO")["NH_POB"].first()[empty].groupby(collapsed).sum()
    population = rows["NH_POB"] + rows["ESTRATO"].map(taken).fillna(0)
    weight = population / rows.groupby("ESTRATO")["ID_EMP"].transform("size")
    uses = rows["P01_COMPUT"].map({"1": 1.0, "2": 0.0})
    assert uses.notna().all()  # P01 has no item non-response to impute in this country
    expected = (weight * uses).sum() / weight.sum()
    b1 = results[
        (results["indicator"] == "B1")
        & (results["size_class"] == "GE10")
        & (results["activity"] == "_T")
    ]
    np.testing.assert_allclose(float(b1["estimate"].iloc[0]), expected, rtol=1e-12)
