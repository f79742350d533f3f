"""The demo's web path: generated sites served on 127.0.0.1, discovered, crawled, classified,
linked to the register and set beside the survey results.

Before the project runs, the demo country's enterprises get their websites (see
:mod:`destat.demo.websites`), served by a local server for the length of the crawl. Discovery
reads a register extract and a domain-registry extract of the units in scope; the crawler
fetches the kept sites with robots.txt obeyed; ``[web]`` in the project's destat.toml then
points at discovery's best candidates and the crawl, so that ``destat run`` (and every later
run) links, estimates and publishes (:mod:`destat.web.statistics`). Discovery and crawl land in
``<project>/web/``, the run's web tables in ``<project>/outputs/web/``.
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
from destat.project.web_settings import WebSettings
from destat.web.crawl import CrawlConfig, CrawlSummary, crawl
from destat.web.discover import discover
from destat.web.statistics import project_population
from destat.web.statistics_config import write_web_section

__all__ = ["WebDemoSites", "prepare_web_demo"]

WORK_FOLDER = "web"
_STREAM = 4  # the demo country uses streams 0-2 of its seed; the websites draw from their own


@dataclass(frozen=True)
class WebDemoSites:
    """What the web path did before the run: sites served, discovery's kept sites, the crawl."""

    sites: int
    kept: int
    crawl: CrawlSummary
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


def prepare_web_demo(project: Path, files: CountryFiles, seed: int = 2025) -> WebDemoSites:
    """Serve, discover and crawl the sites of the demo project in ``project`` and write its
    ``[web]`` section (before the run)."""
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
    # Sites are matched by host, so discovery's https:// addresses find the pages crawled by http.
    settings = WebSettings(best=Path(WORK_FOLDER, "best.csv"), crawl=Path(WORK_FOLDER, "crawl"))
    write_web_section(project, settings)
    return WebDemoSites(len(specs), len(seeds), summary, work)


def _scope(project: Path) -> set[str]:
    config = load_config(project)
    return set(project_population(project, config)[config.design.id])


def _kept(best: pd.DataFrame) -> list[str]:
    return sorted(set(best.loc[best["kept"], "url"]))
