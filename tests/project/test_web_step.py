"""``[web]`` in destat.toml: a bad setting stops ``destat run`` with the setting and the file
named, before anything is written, and leaves the previous run's database and outputs as they
were. (The web step's figures are checked on the demo country: tests/demo/test_web_demo.py.)"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from destat.errors import ConfigError
from destat.project.config import load_config
from destat.project.pipeline import run_project
from destat.web.crawl import CrawlConfig, crawl

from .small_project import write_small_project

BEST_HEADER = "enterprise_id,url,probability,kept\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project, run once without [web], with an empty crawl and a best.csv."""
    folder = write_small_project(tmp_path_factory.mktemp("web") / "project")
    run_project(folder)
    crawl([], folder / "crawl", CrawlConfig())
    (folder / "best.csv").write_text(BEST_HEADER + "E00,https://e00.dl/,0.9,True\n", "utf-8")
    (folder / "no_kept.csv").write_text("enterprise_id,url,probability\nE00,x,0.9\n", "utf-8")
    return folder


def _stored(folder: Path) -> dict[str, str]:
    """A fingerprint of every file of the outputs, and the database's runs and tables."""
    files = {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((folder / "outputs").rglob("*"))
        if p.is_file()
    }
    with duckdb.connect(str(folder / "destat.duckdb"), read_only=True) as db:
        files["runs"] = str(db.execute("SELECT count(*) FROM runs").fetchone())
        files["tables"] = str(sorted(r[0] for r in db.execute("SHOW TABLES").fetchall()))
    return files


def _with_web(folder: Path, section: str) -> None:
    config = folder / "destat.toml"
    text = config.read_text(encoding="utf-8").split("\n[web]\n")[0]
    config.write_text(text + "\n[web]\n" + section, encoding="utf-8")


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            'best = "found/best.csv"\ncrawl = "crawl"\n',
            r"best = 'found/best.csv' in \[web\] of destat.toml: .*found/best.csv does not exist",
        ),
        (
            'best = "no_kept.csv"\ncrawl = "crawl"\n',
            r"best = 'no_kept.csv' in \[web\] .*no_kept.csv has no column 'kept'",
        ),
        (
            'best = "best.csv"\ncrawl = "crawl-2025"\n',
            r"crawl = 'crawl-2025' in \[web\] of destat.toml: .*crawl-2025 is not a folder "
            r"written by `destat web crawl`",
        ),
        (
            'best = "best.csv"\ncrawl = "crawl"\n',  # the small project estimates B1 and EC1
            r"\[estimation\] indicators has neither",
        ),
    ],
)
def test_a_bad_web_setting_stops_the_run_and_changes_nothing(
    project: Path, section: str, message: str
) -> None:
    before = _stored(project)
    _with_web(project, section)
    with pytest.raises(ConfigError, match=message):
        run_project(project)
    assert _stored(project) == before
    assert not (project / "outputs" / "web").exists()


def test_an_unknown_classifier_is_refused_by_name(project: Path) -> None:
    _with_web(project, 'best = "best.csv"\ncrawl = "crawl"\nclassifier = "forest"\n')
    with pytest.raises(ConfigError, match=r"\[web\.classifier\] Input should be 'model' or"):
        load_config(project)
