"""The demo's web path: generated sites served on 127.0.0.1, discovered, crawled, classified,
linked to the register and set beside the survey results.

After the survey project has run, the demo country's enterprises get their websites (see
:mod:`destat.demo.websites`), served by a local server for the length of the crawl. Discovery
reads a register extract and a domain-registry extract of the units in scope; the crawler
fetches the kept sites with robots.txt obeyed; the web step of the project
(:mod:`destat.web.statistics`) links, estimates and publishes. Everything lands in
``<project>/web/`` (discovery and crawl) and ``<project>/outputs/web/`` (tables).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from destat.demo.country import CountryFiles
from destat.demo.web_server import serve_sites
from destat.demo.websites import SiteSpec, discovery_inputs, site_specs
from destat.project.config import load_config
from destat.web.crawl import CrawlConfig, CrawlSummary, crawl
from destat.web.discover import discover
from destat.web.statistics import WebStatistics, project_population, web_statistics

__all__ = ["WebDemoResult", "run_web_demo"]

WORK_FOLDER = "web"
_STREAM = 4  # the demo country uses streams 0-2 of its seed; the websites draw from their own


@dataclass(frozen=True)
class WebDemoResult:
    """What the web path did: sites served, discovery's kept sites, the crawl, the tables."""

    sites: int
    kept: int
    crawl: CrawlSummary
    statistics: WebStatistics
    folder: Path


def crawl_config(specs: tuple[SiteSpec, ...], port: int) -> CrawlConfig:
    """Politeness as on the web (robots.txt obeyed, one request at a time per host), with a
    short delay since every site is on this machine, and the sites' names sent to the server."""
    names = {spec.host for spec in specs} | {spec.host.removeprefix("www.") for spec in specs}
    return CrawlConfig(
        max_pages_per_site=1,
        concurrency=64,
        delay=0.05,
        retries=1,
        backoff=0.1,
        connect_timeout=5.0,
        read_timeout=5.0,
        request_timeout=15.0,
        allow_private=True,
        connect_to=tuple((name, "127.0.0.1", port) for name in sorted(names)),
    )


def run_web_demo(project: Path, files: CountryFiles, seed: int = 2025) -> WebDemoResult:
    """Run the web path on the demo project in ``project`` (after its survey run)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(_STREAM + 1)[_STREAM])
    specs = site_specs(files.register_parquet, files.truth_parquet, rng)
    work = project / WORK_FOLDER
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    register, registry = discovery_inputs(files.register_parquet, rng, _scope(project))
    register.to_csv(work / "register.csv", index=False)
    registry.to_csv(work / "registry.csv", index=False)
    found = discover(register, registry=registry, tld=".dl")
    found.best.to_csv(work / "best.csv", index=False)
    # The local server speaks plain HTTP: the demo crawls the http:// form of every kept site.
    seeds = [url.replace("https://", "http://", 1) for url in _kept(found.best)]
    (work / "seeds.txt").write_text("".join(f"{url}\n" for url in seeds), encoding="utf-8")
    with serve_sites(specs) as port:
        summary = crawl(seeds, work / "crawl", crawl_config(specs, port))
    best = found.best.assign(url=found.best["url"].str.replace("https://", "http://", n=1))
    statistics = web_statistics(project, best, work / "crawl")
    return WebDemoResult(len(specs), len(seeds), summary, statistics, work)


def _scope(project: Path) -> set[str]:
    config = load_config(project)
    return set(project_population(project, config)[config.design.id])


def _kept(best: pd.DataFrame) -> list[str]:
    return sorted(set(best.loc[best["kept"], "url"]))
