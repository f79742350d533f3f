"""Linking websites to register units: one row of web variables per unit, traceable to WARC.

For each register unit: the website found by discovery (kept when its probability reaches the
threshold), the pages crawled from it, whether the site sells online (the classifier's decision
on the site's pages combined) and whether it links to social media. A unit has a website when
discovery kept a site for it and the crawl fetched at least one HTML page of it: a site that
does not answer is no web presence. Units without a site keep a row, with every web variable 0,
so the table covers the register and its totals are population totals.

Each row names the WARC records its variables came from, so every figure can be traced back to
the bytes the crawler stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from destat.errors import InputFileError
from destat.web.classify.scoring import Classifier
from destat.web.crawl.crawler import STATE_FILE
from destat.web.discover.urls import site_key
from destat.web.extract.batch import ExtractedPage, extract_sources
from destat.web.extract.sites import combine_pages
from destat.web.extract.sources import PageSource, read_warc

__all__ = [
    "LINK_COLUMNS",
    "LINK_TABLE",
    "WEB_VARIABLES",
    "SiteVariables",
    "link_units",
    "site_variables",
]

WEB_VARIABLES = ("has_website", "sells_online", "social_media")
LINK_COLUMNS = (
    "enterprise_id",
    *WEB_VARIABLES,
    "url",
    "discovery_probability",
    "pages",
    "sells_online_probability",
    "social_networks",
    "warc_records",
)
LINK_TABLE = "web_units"


@dataclass(frozen=True)
class SiteVariables:
    """What the crawled pages of one site say."""

    pages: int
    sells_online: int
    sells_online_probability: float
    social_networks: tuple[str, ...]
    warc_records: tuple[str, ...]


_NO_SITE = SiteVariables(0, 0, 0.0, (), ())


def _site(host: str) -> str:
    return host.lower().rstrip(".").removeprefix("www.")


def site_variables(pages: Iterable[PageSource], classify: Classifier) -> dict[str, SiteVariables]:
    """The web variables of every site (host without ``www.``) among ``pages``."""
    sites: dict[str, list[ExtractedPage]] = defaultdict(list)
    for page in extract_sources(pages):
        if page.source.host:
            sites[_site(page.source.host)].append(page)
    found = {}
    for site, members in sites.items():
        features = combine_pages(page.features for page in members)
        probability, decision = classify(features)
        found[site] = SiteVariables(
            pages=len(members),
            sells_online=int(decision),
            sells_online_probability=float(probability),
            social_networks=tuple(features.social_networks),
            warc_records=tuple(sorted(page.source.page_id for page in members)),
        )
    return found


def link_units(
    best: pd.DataFrame, crawl_dir: Path, classify: Classifier, units: Iterable[str] | None = None
) -> pd.DataFrame:
    """One row per unit of ``best`` (discovery's best candidate per enterprise, with
    ``enterprise_id``, ``url``, ``probability`` and ``kept``), or of ``units`` when given (units
    that discovery did not see get no website), with the web variables of LINK_COLUMNS."""
    required = {"enterprise_id", "url", "probability", "kept"}
    if missing := required - set(best.columns):
        raise InputFileError(
            f"The discovery table lacks the column(s) {sorted(missing)}; give best.csv as "
            "`destat web discover` writes it."
        )
    if not crawl_dir.is_dir():
        raise InputFileError(f"The crawl folder {crawl_dir} does not exist; run the crawl first.")
    sites = site_variables(_warc_pages(crawl_dir), classify)
    frame = best[["enterprise_id", "url", "probability", "kept"]].copy()
    if units is not None:
        frame = pd.DataFrame({"enterprise_id": list(units)}).merge(
            frame, on="enterprise_id", how="left"
        )
    frame["kept"] = frame["kept"].fillna(False).astype(bool)
    frame["url"] = frame["url"].fillna("").where(frame["kept"], "")
    rows = [_row(unit, url, prob, sites) for unit, url, prob in _iter(frame)]
    return pd.DataFrame(rows, columns=list(LINK_COLUMNS))


def _iter(frame: pd.DataFrame) -> Iterable[tuple[str, str, float]]:
    probability = pd.to_numeric(frame["probability"], errors="coerce").fillna(0.0)
    return zip(
        frame["enterprise_id"].astype(str), frame["url"].astype(str), probability, strict=True
    )


def _warc_pages(crawl_dir: Path) -> Iterable[PageSource]:
    """The pages the crawl index says were answered with success (2xx): the final response
    record of each, so error pages, retried answers and redirects are left out."""
    state = crawl_dir / STATE_FILE
    if not state.is_file():
        raise InputFileError(
            f"{crawl_dir} has no {STATE_FILE}; give a folder written by `destat web crawl`."
        )
    with duckdb.connect(str(state), read_only=True) as con:
        rows = con.execute(
            "SELECT warc_file, warc_offset FROM crawl_index WHERE kind = 'page' "
            "AND status BETWEEN 200 AND 299 AND warc_file IS NOT NULL"
        ).fetchall()
    offsets: dict[str, set[int]] = defaultdict(set)
    for warc_file, offset in rows:
        offsets[Path(warc_file).name].add(int(offset))
    for name, wanted in sorted(offsets.items()):
        yield from read_warc(crawl_dir / name, wanted)


def _row(
    unit: str, url: str, probability: float, sites: dict[str, SiteVariables]
) -> dict[str, object]:
    site = (sites.get(site_key(url)) if url else None) or _NO_SITE
    return {
        "enterprise_id": unit,
        "has_website": int(site.pages > 0),
        "sells_online": site.sells_online,
        "social_media": int(bool(site.social_networks)),
        "url": url,
        "discovery_probability": float(probability),
        "pages": site.pages,
        "sells_online_probability": site.sells_online_probability,
        "social_networks": ",".join(site.social_networks),
        "warc_records": " ".join(site.warc_records),
    }
