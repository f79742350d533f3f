"""``destat init`` and ``destat run`` on a small demo country: outputs, errors, atomic reruns."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from destat.cli import app
from destat.demo.showcase import prepare_demo
from destat.errors import ConfigError
from destat.project.config import load_config
from destat.project.init import init_project
from destat.project.inputs import read_mapped
from destat.project.pipeline import run_project
from destat.project.population import in_scope
from destat.survey.validation import ValidationFailedError


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("country")
    prepare_demo(folder, n_enterprises=20_000, seed=11, providers=False)
    return folder


@pytest.fixture
def project(country: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(country, folder)
    return folder


def _set_on_error(folder: Path, value: str) -> None:
    path = folder / "destat.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('on_error = "set_aside"', f'on_error = "{value}"'), "utf-8")


def test_init_writes_a_documented_config_that_loads(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    config = load_config(tmp_path / "p")
    assert config.estimation.indicators[:2] == ("B1", "B2")
    assert "# destat project settings" in (tmp_path / "p" / "destat.toml").read_text("utf-8")
    with pytest.raises(ConfigError, match="exists already"):
        init_project(tmp_path / "p")


def test_a_bad_setting_is_named(tmp_path: Path) -> None:
    init_project(tmp_path)
    path = tmp_path / "destat.toml"
    path.write_text(path.read_text("utf-8").replace("reliable = 0.15", "reliable = -1"), "utf-8")
    with pytest.raises(ConfigError, match=r"\[quality\.reliable\]"):
        load_config(tmp_path)


def test_run_writes_every_output_readable_by_pandas_and_openpyxl(project: Path) -> None:
    result = run_project(project)
    outputs = project / "outputs"
    parquet = pd.read_parquet(outputs / "results.parquet")
    csv = pd.read_csv(outputs / "results.csv", keep_default_na=False)
    sheet = openpyxl.load_workbook(outputs / "results.xlsx", read_only=True).worksheets[0]
    assert len(parquet) == len(csv) == sheet.max_row - 1 == len(result.results)
    # B1-B12 and EC1-EC6: B9 has 8 series, B12 has 12, the others 1.
    assert parquet["indicator"].nunique() == 10 + 8 + 12 + 6
    numbers = parquet[["estimate", "se", "ci_low", "ci_high", "n"]]
    free = parquet["conf_status"] == "F"
    assert not numbers[free].isna().any().any()
    assert numbers[~free].isna().all().all()  # confidential figures leave no number behind
    assert set(parquet["quality"]) <= {"A", "B", "C"}
    assert (outputs / "sdmx" / "NSO_ICT_BUS_1.0_data.xml").is_file()
    for lang in ("en", "fr", "ar"):
        assert (outputs / "release" / f"release-{lang}.html").is_file()
        assert (outputs / "release" / f"quality-{lang}.html").is_file()
    assert 'dir="rtl"' in (outputs / "release" / "release-ar.html").read_text("utf-8")
    with duckdb.connect(str(project / "destat.duckdb"), read_only=True) as connection:
        stored = connection.execute("SELECT count(*) FROM results").fetchone()
        runs = connection.execute("SELECT count(*) FROM runs").fetchone()
    assert stored == (len(parquet),)
    assert runs == (1,)


def test_validation_report_names_every_planted_error(project: Path) -> None:
    run_project(project)
    planted = pd.read_csv(project / "data" / "planted_errors.csv")
    planted = planted[planted["file"] == "encuesta_tic_empresas.csv"]
    found = pd.read_csv(project / "reports" / "validation.csv")
    expected = set(zip(planted["row"], planted["column"], planted["rule"], strict=True))
    assert set(zip(found["row"], found["column"], found["rule"], strict=True)) == expected


def test_errors_stop_the_run_and_leave_database_and_outputs_as_they_were(project: Path) -> None:
    first = run_project(project)
    before = pd.read_parquet(project / "outputs" / "results.parquet")
    # The survey has errors; set aside before, they now stop the run.
    _set_on_error(project, "stop")
    with pytest.raises(ValidationFailedError, match="nothing was written"):
        run_project(project)
    after = pd.read_parquet(project / "outputs" / "results.parquet")
    pd.testing.assert_frame_equal(before, after)
    with duckdb.connect(str(first.database), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM runs").fetchone() == (1,)
    assert (project / "reports" / "validation.html").is_file()


def test_a_rerun_replaces_the_results_whole(project: Path) -> None:
    first = run_project(project).results
    second = run_project(project).results
    pd.testing.assert_frame_equal(first, second)
    stored = pd.read_parquet(project / "outputs" / "results.parquet")
    free = (second["conf_status"] == "F").to_numpy()
    pd.testing.assert_frame_equal(stored[free], second[free], check_dtype=False)
    assert stored.loc[~free, "estimate"].isna().all()
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".outputs")]
    assert leftovers == []
    with duckdb.connect(str(project / "destat.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM runs").fetchone() == (2,)


def test_calibrated_weights_reproduce_the_register_in_scope(project: Path) -> None:
    run_project(project)
    with duckdb.connect(str(project / "destat.duckdb"), read_only=True) as connection:
        respondents = connection.execute("SELECT * FROM respondents").df()
    register, _ = read_mapped(
        project / "data" / "directorio_empresas.csv", project / "data" / "mapping.csv"
    )
    sample, _ = read_mapped(project / "data" / "muestra.csv", project / "data" / "mapping.csv")
    population = in_scope(register, sample, ("size_class", "industry"))
    # The register in scope is the frame the strata were drawn from: its size is Σ N_h.
    strata = sample.groupby("stratum")["stratum_population"].first().astype(int)
    assert len(population) == strata.sum()
    weights = respondents["calibrated_weight"]
    for margin in ("size_class", "industry"):
        achieved = weights.groupby(respondents[margin]).sum()
        expected = population[margin].value_counts()
        pd.testing.assert_series_equal(
            achieved.sort_index(), expected.sort_index().astype(float), check_names=False, rtol=1e-8
        )
    persons = pd.to_numeric(respondents["persons_employed"])
    assert (weights * persons).sum() == pytest.approx(
        population["persons_employed"].sum(), rel=1e-8
    )


def test_e_commerce_shares_add_up(project: Path) -> None:
    results = run_project(project).results.set_index(["indicator", "size_class", "activity"])
    share = results["estimate"]
    # Web and EDI sales make up e-commerce sales (their shares sum to 100 in every row), and
    # B2C and B2B web sales make up web sales, so the ratios of totals add up exactly.
    for key in share.loc["EC1"].index:
        assert share.loc[("EC2", *key)] + share.loc[("EC3", *key)] == pytest.approx(
            share.loc[("EC1", *key)], rel=1e-9
        )
        assert share.loc[("EC4", *key)] + share.loc[("EC5", *key)] == pytest.approx(1.0, rel=1e-9)
