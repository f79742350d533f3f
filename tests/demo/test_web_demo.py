"""The demo's web path end to end on a small country: real server, real crawl, the tables in the
project database, the release with the web figures, and a few units checked by hand."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from destat.cli import app
from destat.demo.showcase import prepare_demo
from destat.demo.web_demo import WebDemoResult, run_web_demo
from destat.project.pipeline import run_project

# A 20,000-enterprise country (the smallest on which every demo figure can be estimated), its
# project run, and about 650 sites crawled: tens of seconds.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def web_demo(tmp_path_factory: pytest.TempPathFactory) -> WebDemoResult:
    folder = tmp_path_factory.mktemp("webdemo")
    files = prepare_demo(folder, n_enterprises=20_000, seed=2025)
    run_project(folder)
    return run_web_demo(folder, files, seed=2025)


def test_the_crawl_obeyed_robots_and_fetched_the_kept_sites(web_demo: WebDemoResult) -> None:
    assert web_demo.kept > 0
    assert web_demo.crawl.sites == web_demo.kept
    with duckdb.connect(str(web_demo.folder / "crawl" / "crawl.duckdb"), read_only=True) as db:
        robots = db.execute("SELECT count(*) FROM crawl_index WHERE kind = 'robots'").fetchone()
    assert robots is not None
    assert robots[0] == web_demo.kept
    assert web_demo.crawl.pages_fetched >= 0.9 * web_demo.kept
    assert web_demo.crawl.skipped_by_robots > 0  # 2% of the demo's sites shut crawlers out


def test_the_link_table_is_in_the_database_and_right_on_a_few_units(
    web_demo: WebDemoResult,
) -> None:
    database = web_demo.statistics.database
    with duckdb.connect(str(database), read_only=True) as db:
        links = db.execute("SELECT * FROM web_units").df().set_index("enterprise_id")
        tables = {row[0] for row in db.execute("SHOW TABLES").fetchall()}
    assert {"web_units", "web_indicators", "web_beside_survey", "web_greg", "results"} <= tables
    project = web_demo.folder.parent
    register = pd.read_csv(web_demo.folder / "register.csv", dtype=str, keep_default_na=False)
    assert set(links.index) == set(register["enterprise_id"])  # every unit in scope, one row
    best = pd.read_csv(web_demo.folder / "best.csv", dtype=str, keep_default_na=False)
    best = best.set_index("enterprise_id")
    # A unit whose site discovery did not keep has no website and no URL.
    dropped = best.index[best["kept"] == "False"][0]
    assert links.loc[dropped, ["has_website", "sells_online", "social_media"]].sum() == 0
    assert links.loc[dropped, "url"] == ""
    # A unit with a kept site: its URL is discovery's (in http form), its page was read.
    kept = best.index[best["kept"] == "True"][0]
    assert links.loc[kept, "url"] == best.loc[kept, "url"].replace("https://", "http://")
    assert links.loc[kept, "has_website"] == 1
    assert links.loc[kept, "pages"] == 1
    assert len(links.loc[kept, "warc_records"].split()) == 1
    # Selling units are units with a website.
    assert (links["sells_online"] <= links["has_website"]).all()
    assert (project / "outputs" / "web" / "web_units.csv").is_file()


def test_the_web_figures_agree_with_the_truth_they_were_made_from(
    web_demo: WebDemoResult,
) -> None:
    project = web_demo.folder.parent
    truth = pd.read_parquet(project / "data" / "truth.parquet")
    units = web_demo.statistics.units
    truth = truth.set_index("enterprise_id").loc[units["enterprise_id"]]
    has_site = (
        pd.read_parquet(project / "data" / "directorio_empresas.parquet")
        .set_index("ID_EMP")
        .loc[units["enterprise_id"], "SITIO_WEB"]
        .notna()
        .to_numpy()
    )
    found = units["has_website"].to_numpy() == 1
    # Discovery and crawl find most real sites and invent few.
    assert found[has_site].mean() > 0.85
    assert found[~has_site].mean() < 0.05
    sellers = truth["receives_orders_internet"].to_numpy() == 1
    sells = units["sells_online"].to_numpy() == 1
    assert sells[sellers & found].mean() > 0.7
    assert sells[~sellers].mean() < 0.05


def test_the_release_sets_the_web_figures_beside_the_survey(web_demo: WebDemoResult) -> None:
    release = web_demo.folder.parent / "outputs" / "release" / "release-en.html"
    html = release.read_text(encoding="utf-8")
    assert "Web data (experimental)" in html
    greg = web_demo.statistics.greg
    assert {"B5", "B7"} <= set(greg["indicator"])
    total = greg[(greg["size_class"] == "GE10") & (greg["activity"] == "_T")]
    assert (total["se_web"] > 0).all()


def test_the_command_runs_the_web_step_again(web_demo: WebDemoResult) -> None:
    project = web_demo.folder.parent
    before = pd.read_csv(project / "outputs" / "web" / "web_indicators.csv")
    result = CliRunner().invoke(
        app,
        [
            "web",
            "statistics",
            str(project),
            "--best",
            str(web_demo.folder / "best.csv"),
            "--crawl",
            str(web_demo.folder / "crawl"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "units in scope have a website found" in result.output
    after = pd.read_csv(project / "outputs" / "web" / "web_indicators.csv")
    pd.testing.assert_frame_equal(before, after)  # same discovery and crawl, same figures
