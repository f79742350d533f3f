"""The demo at small size runs the macro sources: ``prepare_demo`` writes them and ``[macro]``,
``run_project`` publishes their tables (every format, the database) and the economy pages, and
the figures equal the generator's true values."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from destat.demo.showcase import prepare_demo
from destat.macro.errors import MacroInputError
from destat.project.macro import MACRO_TABLES
from destat.project.pipeline import run_project

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    prepare_demo(folder, n_enterprises=20_000, seed=7)
    run_project(folder)
    return folder


def _truth(ran: Path) -> pd.Series:
    truth = pd.read_csv(ran / "data" / "macro" / "macro_truth.csv")
    return truth.set_index("measure")["value"]


def _pct(table: pd.DataFrame, **where: str) -> float:
    rows = table
    for column, wanted in where.items():
        rows = rows[rows[column] == wanted]
    return float(rows["value_pct"].iloc[0])


def test_every_macro_table_is_published_and_stored(ran: Path) -> None:
    outputs = ran / "outputs"
    with duckdb.connect(str(ran / "destat.duckdb"), read_only=True) as connection:
        for name in MACRO_TABLES:
            parquet = pd.read_parquet(outputs / f"{name}.parquet")
            assert (outputs / f"{name}.csv").is_file()
            assert (outputs / f"{name}.xlsx").is_file()
            stored = connection.execute(f"SELECT count(*) FROM {name}").fetchone()
            assert stored == (len(parquet),), name
    for lang in ("en", "ar", "fr"):
        assert (outputs / "release" / f"economy-{lang}.html").is_file()


def test_the_figures_are_the_generators_truth(ran: Path) -> None:
    truth = _truth(ran)
    outputs = ran / "outputs"
    sector = pd.read_parquet(outputs / "macro_ict_sector.parquet")
    assert _pct(sector, indicator="ICT1", part="ICT") == pytest.approx(truth["ICT1"], abs=1e-9)
    # Value added is published rounded to 0.1 thousand per class.
    assert _pct(sector, indicator="ICT2", part="ICT") == pytest.approx(truth["ICT2"], abs=1e-3)
    trade = pd.read_parquet(outputs / "macro_trade.parquet")
    for flow in ("M", "X"):
        share = _pct(trade, partner="_T", flow=flow, part="ICT")
        assert share == pytest.approx(truth[f"ICT_GOODS_{flow}"])
    services = pd.read_parquet(outputs / "macro_services.parquet")
    for flow in ("M", "X"):
        for part in ("ICT_SERVICES", "DIGITALLY_DELIVERABLE"):
            assert _pct(services, flow=flow, part=part) == pytest.approx(truth[f"{part}_{flow}"])
    delivered = pd.read_parquet(outputs / "macro_services_delivered.parquet").set_index("item")
    assert delivered.loc["S", "share_pct"] == pytest.approx(truth["DELIVERED_X"])


def test_demo_lands_index_rank_and_region(ran: Path) -> None:
    truth = _truth(ran)
    index = pd.read_parquet(ran / "outputs" / "macro_b2c.parquet")
    latest = index[index["reference_year"] == 2019].set_index("country")
    assert len(latest) == truth["B2C_INDEXED"]
    assert latest.loc["XDL", "index"] == pytest.approx(truth["B2C_INDEX"])
    assert latest.loc["XDL", "rank"] == truth["B2C_RANK"]
    groups = pd.read_parquet(ran / "outputs" / "macro_b2c_groups.parquet")
    south = groups[(groups["reference_year"] == 2019) & (groups["group"] == "South")]
    assert south["index"].iloc[0] == pytest.approx(truth["B2C_REGION_SOUTH"])
    html = (ran / "outputs" / "release" / "economy-en.html").read_text("utf-8")
    rank = int(truth["B2C_RANK"])
    assert f"Demo Land ranks {rank} of {int(truth['B2C_INDEXED'])} economies" in html


def test_a_bad_macro_file_stops_the_run_and_keeps_the_stored_tables(
    ran: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "project"
    shutil.copytree(ran, folder)
    before = pd.read_parquet(folder / "outputs" / "macro_ict_sector.parquet")
    sbs = folder / "data" / "macro" / "sbs_ciiu4.csv"
    lines = sbs.read_text("utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",lots"  # value added of the third class
    sbs.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(MacroInputError, match=r"sbs_ciiu4\.csv, line 4, column value_added"):
        run_project(folder)
    after = pd.read_parquet(folder / "outputs" / "macro_ict_sector.parquet")
    pd.testing.assert_frame_equal(before, after)
    with duckdb.connect(str(folder / "destat.duckdb"), read_only=True) as connection:
        stored = connection.execute("SELECT count(*) FROM macro_ict_sector").fetchone()
    assert stored == (len(before),)
