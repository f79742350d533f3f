"""``destat demo`` with its web path on a small country: real server, real crawl, ``[web]`` in the
project's destat.toml, the tables in the project database, the release with the web figures and
the GREG table, a later ``destat run`` that publishes them again, and a few units checked by
hand."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from selectolax.lexbor import LexborHTMLParser
from typer.testing import CliRunner

from destat.cli import app
from destat.project.config import load_config

# A 20,000-enterprise country (the smallest on which every demo figure can be estimated), about
# 650 sites crawled and its project run, then a second run: 5 minutes on a 2-core machine with a
# load average of 5 (2 min 47 s for the demo, 1 min 26 s for the second run).
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
    # A unit with a kept site that answered: its URL is discovery's (https://, while the demo
    # crawled its http:// form: sites are matched by host), one page read.
    answered = links.index[links["has_website"] == 1]
    kept = best.index[(best["kept"] == "True") & best.index.isin(answered)][0]
    assert links.loc[kept, "url"] == best.loc[kept, "url"]
    assert links.loc[kept, "url"].startswith("https://")
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


def test_the_project_names_the_web_inputs(demo: tuple[Path, str]) -> None:
    web = load_config(demo[0]).web
    assert web is not None
    assert (web.best, web.crawl, web.classifier) == (
        Path("web/best.csv"),
        Path("web/crawl"),
        "model",
    )


def _release(project: Path, lang: str) -> str:
    return (project / "outputs" / "release" / f"release-{lang}.html").read_text(encoding="utf-8")


def _greg_rows(html: str) -> dict[str, list[tuple[str, ...]]]:
    """Per indicator, the printed cells of the rows of the table "Web data as auxiliary
    information" (the breakdown's name left out)."""
    section = LexborHTMLParser(html).css_first("section#web-auxiliary")
    assert section is not None
    tables = {}
    for heading, table in zip(section.css("h3"), section.css("table"), strict=True):
        code = heading.css_first("span.code").text()
        rows = [r for r in table.css("tbody tr") if r.attributes.get("class") != "group"]
        tables[code] = [tuple(cell.text(strip=True) for cell in row.css("td")) for row in rows]
    return tables


def _printed(row: pd.Series, decimal: str) -> tuple[str, ...]:
    """A web_greg row as the release prints it: % with one decimal, SE in points with two."""
    if row["conf_status"] != "F":
        return ("..",)
    if row["quality"] == "C":
        return ("x",)
    cells = (
        f"{100 * row['estimate_register']:.1f}",
        f"{100 * row['se_register']:.2f}",
        f"{100 * row['estimate_web']:.1f}",
        f"{100 * row['se_web']:.2f}",
        f"{row['se_ratio']:.2f}" if row["se_ratio"] == row["se_ratio"] else "",
    )
    return tuple(cell.replace(".", decimal) for cell in cells)


@pytest.mark.parametrize(("lang", "decimal"), [("en", "."), ("fr", ",")])
def test_the_release_has_the_greg_table_of_the_database(
    demo: tuple[Path, str], lang: str, decimal: str
) -> None:
    project = demo[0]
    greg = _table(project, "web_greg")
    assert {"B5", "B7"} <= set(greg["indicator"])
    total = greg[(greg["size_class"] == "GE10") & (greg["activity"] == "_T")]
    assert (total["se_web"] > 0).all()
    printed = _greg_rows(_release(project, lang))
    assert sorted(printed) == ["B5", "B7"]
    for code, rows in printed.items():
        expected = [_printed(row, decimal) for _, row in greg[greg["indicator"] == code].iterrows()]
        assert sorted(rows) == sorted(expected), code
    html = _release(project, "en")
    assert "Web data (experimental)" in html
    assert "Données du web (expérimentales)" in _release(project, "fr")


def _web_parts(html: str) -> list[str]:
    """The release's web figures: the comparison tables beside B5 and B7, the GREG section."""
    page = LexborHTMLParser(html)
    parts = [table.html or "" for table in page.css("table.comparison")]
    return [*parts, page.css_first("section#web-auxiliary").html or ""]


def test_a_later_run_publishes_the_same_web_figures(demo: tuple[Path, str]) -> None:
    project = demo[0]
    before = {lang: _web_parts(_release(project, lang)) for lang in ("en", "fr", "ar")}
    tables = {name: _table(project, name) for name in ("web_indicators", "web_greg")}
    assert len(before["en"]) == 3  # B5, B7 and the GREG section
    result = CliRunner().invoke(app, ["run", str(project)])
    assert result.exit_code == 0, result.output
    for lang, parts in before.items():
        assert _web_parts(_release(project, lang)) == parts, lang
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(_table(project, name), frame)
    assert (project / "outputs" / "web" / "web_greg.csv").is_file()


def test_the_command_refuses_a_bad_crawl_and_puts_destat_toml_back(
    demo: tuple[Path, str],
) -> None:
    project = demo[0]
    config = (project / "destat.toml").read_bytes()
    release = (project / "outputs" / "release" / "release-en.html").stat().st_mtime_ns
    work = project / "web"
    arguments = ["web", "statistics", str(project), "--best", str(work / "best.csv")]
    result = CliRunner().invoke(app, [*arguments, "--crawl", str(work / "nowhere")])
    assert result.exit_code != 0
    message = " ".join(str(result.exception).split())
    assert "crawl = 'web/nowhere' in [web] of destat.toml" in message  # made relative
    assert "is not a folder written by `destat web crawl`" in message
    assert (project / "destat.toml").read_bytes() == config
    assert (project / "outputs" / "release" / "release-en.html").stat().st_mtime_ns == release
