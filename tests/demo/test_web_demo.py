"""``destat demo`` with its web path on a small country: real server, real crawl, the tables in
the project database, the release with the web figures, and a few units checked by hand."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from destat.cli import app

# A 20,000-enterprise country (the smallest on which every demo figure can be estimated), its
# project run, and about 650 sites crawled: tens of seconds.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("webdemo") / "demo"
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--enterprises", "20000"])
    assert result.exit_code == 0, result.output
    return out, " ".join(result.output.split())


def _table(project: Path, name: str) -> pd.DataFrame:
    with duckdb.connect(str(project / "destat.duckdb"), read_only=True) as db:
        return db.execute(f"SELECT * FROM {name}").df()


def test_the_demo_prints_the_web_path(demo: tuple[Path, str]) -> None:
    project, output = demo
    assert "generated sites served on 127.0.0.1" in output
    assert "Experimental web indicators" in output
    assert f"Web tables: {project / 'outputs' / 'web'}/" in output


def test_the_crawl_obeyed_robots_and_fetched_the_kept_sites(demo: tuple[Path, str]) -> None:
    work = demo[0] / "web"
    kept = len((work / "seeds.txt").read_text(encoding="utf-8").split())
    assert kept > 0
    with duckdb.connect(str(work / "crawl" / "crawl.duckdb"), read_only=True) as db:
        index = db.execute("SELECT kind, outcome FROM crawl_index").df()
    robots = index[index["kind"] == "robots"]
    pages = index[index["kind"] == "page"]
    assert len(robots) == kept  # robots.txt asked for on every site
    assert (pages["outcome"] == "fetched").sum() >= 0.9 * kept
    assert (pages["outcome"] == "robots").sum() > 0  # 2% of the demo's sites shut crawlers out


def test_the_link_table_is_in_the_database_and_right_on_a_few_units(
    demo: tuple[Path, str],
) -> None:
    project = demo[0]
    links = _table(project, "web_units").set_index("enterprise_id")
    register = pd.read_csv(project / "web" / "register.csv", dtype=str, keep_default_na=False)
    assert set(links.index) == set(register["enterprise_id"])  # every unit in scope, one row
    best = pd.read_csv(project / "web" / "best.csv", dtype=str, keep_default_na=False)
    best = best.set_index("enterprise_id")
    # A unit whose site discovery did not keep has no website and no URL.
    dropped = best.index[best["kept"] == "False"][0]
    assert links.loc[dropped, ["has_website", "sells_online", "social_media"]].sum() == 0
    assert links.loc[dropped, "url"] == ""
    # A unit with a kept site that answered: its URL is discovery's (in http form), one page read.
    answered = links.index[links["has_website"] == 1]
    kept = best.index[(best["kept"] == "True") & best.index.isin(answered)][0]
    assert links.loc[kept, "url"] == best.loc[kept, "url"].replace("https://", "http://")
    assert links.loc[kept, "pages"] == 1
    assert len(links.loc[kept, "warc_records"].split()) == 1
    assert (links["sells_online"] <= links["has_website"]).all()
    assert (project / "outputs" / "web" / "web_units.csv").is_file()


def test_the_web_figures_agree_with_the_truth_they_were_made_from(demo: tuple[Path, str]) -> None:
    project = demo[0]
    links = _table(project, "web_units").set_index("enterprise_id")
    truth = pd.read_parquet(project / "data" / "truth.parquet").set_index("enterprise_id")
    register = pd.read_parquet(project / "data" / "directorio_empresas.parquet")
    has_site = register.set_index("ID_EMP").loc[links.index, "SITIO_WEB"].notna().to_numpy()
    found = links["has_website"].to_numpy() == 1
    # Discovery and crawl find most real sites (robots.txt shuts out 2%) and invent few.
    assert found[has_site].mean() > 0.85
    assert found[~has_site].mean() < 0.05
    sellers = truth.loc[links.index, "receives_orders_internet"].to_numpy() == 1
    sells = links["sells_online"].to_numpy() == 1
    assert sells[sellers & found].mean() > 0.7
    assert sells[~sellers].mean() < 0.05


def test_the_release_and_the_greg_table(demo: tuple[Path, str]) -> None:
    project = demo[0]
    html = (project / "outputs" / "release" / "release-en.html").read_text(encoding="utf-8")
    assert "Web data (experimental)" in html
    greg = _table(project, "web_greg")
    assert {"B5", "B7"} <= set(greg["indicator"])
    total = greg[(greg["size_class"] == "GE10") & (greg["activity"] == "_T")]
    assert (total["se_web"] > 0).all()


def test_the_command_runs_the_web_step_again(demo: tuple[Path, str]) -> None:
    project = demo[0]
    before = pd.read_csv(project / "outputs" / "web" / "web_indicators.csv")
    work = project / "web"
    result = CliRunner().invoke(
        app,
        [
            "web",
            "statistics",
            str(project),
            "--best",
            str(work / "best.csv"),
            "--crawl",
            str(work / "crawl"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "units in scope have a website found" in result.output
    after = pd.read_csv(project / "outputs" / "web" / "web_indicators.csv")
    pd.testing.assert_frame_equal(before, after)  # same discovery and crawl, same figures
