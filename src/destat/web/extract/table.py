"""Writing page and site features as Parquet tables (one row per page, one per site)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from destat.errors import InputFileError
from destat.web.extract.batch import ExtractedPage
from destat.web.extract.features import PageFeatures
from destat.web.extract.sites import combine_pages, site_group, site_key


def page_table(pages: Sequence[ExtractedPage]) -> pa.Table:
    """One row per page: id, url, host, problem, then every feature."""
    return pa.Table.from_pylist([page_row(page) for page in pages])


def page_row(page: ExtractedPage) -> dict[str, object]:
    """The row of one page in :func:`page_table`."""
    return {
        "page_id": page.source.page_id,
        "url": page.source.url,
        "host": page.source.host,
        "problem": page.problem,
        **page.features.to_row(),
    }


def page_site(page: ExtractedPage) -> str:
    """The site (host) a page is counted under in :func:`site_table`."""
    return site_key(page.source.host, page.source.page_id)


def site_table(pages: Sequence[ExtractedPage]) -> pa.Table:
    """One row per host: its registered domain, page count and combined features."""
    by_host: dict[str, list[PageFeatures]] = defaultdict(list)
    for page in pages:
        by_host[page_site(page)].append(page.features)
    return pa.Table.from_pylist([site_row(host, by_host[host]) for host in sorted(by_host)])


def site_row(host: str, features: Sequence[PageFeatures]) -> dict[str, object]:
    """The row of one site in :func:`site_table`, from its pages' features in reading order."""
    return {
        "host": host,
        "registered_domain": site_group(host),
        "pages": len(features),
        **combine_pages(features).to_row(),
    }


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write a table to a Parquet file, creating its folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, path)
    except OSError as error:
        raise InputFileError(f"cannot write {path}: {error}. Choose a writable place.") from error
