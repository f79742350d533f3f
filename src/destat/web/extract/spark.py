"""Extraction of many WARC files (or saved pages) on Apache Spark: one task per file.

Executors run the very functions of a local run (:func:`~destat.web.extract.sources.iter_pages`,
:func:`~destat.web.extract.batch.extract_sources`, :func:`~destat.web.extract.table.page_row`,
:func:`~destat.web.extract.table.site_row`); only the page rows and the small feature records
travel, never page bodies. Pages keep the order of a local run (files sorted, records in file
order) and the pages of a site are combined on the executors in that order, so a Spark run and
a local run give the same tables, row for row.

The page table is gathered on the driver (about 1 KB a page) and written as one Parquet file,
like a local run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from destat.errors import DestatError, EngineUnavailableError, InputFileError
from destat.web.extract.batch import extract_sources
from destat.web.extract.features import PageFeatures
from destat.web.extract.sources import iter_pages
from destat.web.extract.table import page_row, page_site, site_row

# Where a page stands in a local run: (file number, page number in the file).
Order = tuple[int, int]
_PagePart = tuple[Order, dict[str, object], str, PageFeatures]


def extract_on_spark(
    files: Sequence[Path], hosts: dict[str, str] | None = None, session: Any = None
) -> tuple[pa.Table, pa.Table]:
    """Per-page and per-site feature tables of ``files`` (WARC files or saved pages), as
    :func:`~destat.web.extract.table.page_table` and ``site_table`` give them locally.

    ``hosts`` maps saved-page ids to hosts (a manifest). Without ``session`` the shared
    destat session is used (``local[*]`` unless one is active). A file that cannot be read
    raises :class:`~destat.errors.InputFileError`, as locally, and nothing is returned.
    """
    if not files:
        raise InputFileError("No WARC file or saved page to extract. Give a folder that has some.")
    context = (session if session is not None else _session()).sparkContext
    numbered = list(enumerate(str(path) for path in files))
    parts = context.parallelize(numbered, len(numbered)).flatMap(
        lambda item: _file_pages(item, hosts)
    )
    parts.cache()
    try:
        failures = parts.filter(lambda part: isinstance(part, str)).take(1)
        if failures:
            raise InputFileError(failures[0])
        pages = sorted(parts.map(lambda part: (part[0], part[1])).collect(), key=_first)
        sites = (
            parts.map(lambda part: (part[2], (part[0], part[3]))).groupByKey().map(_site).collect()
        )
    finally:
        parts.unpersist()
    page_rows = [row for _, row in pages]
    site_rows = [row for _, row in sorted(sites, key=_first)]
    return pa.Table.from_pylist(page_rows), pa.Table.from_pylist(site_rows)


def _session() -> Any:
    """The shared Spark session (see :func:`destat.engines.spark_engine.default_session`)."""
    try:
        import pyspark  # noqa: F401
    except ImportError as error:
        raise EngineUnavailableError(
            "Extraction on Spark needs PySpark and Java 17+: pip install 'destat[spark]'."
        ) from error
    from destat.engines.spark_engine import default_session

    return default_session()


def _file_pages(item: tuple[int, str], hosts: dict[str, str] | None) -> Iterator[_PagePart | str]:
    """On an executor: every page of one file, or the message of the error that stopped it."""
    number, path = item
    try:
        for index, page in enumerate(extract_sources(iter_pages(Path(path), hosts))):
            yield (number, index), page_row(page), page_site(page), page.features
    except DestatError as error:
        yield str(error)


def _site(group: tuple[str, Iterable[tuple[Order, PageFeatures]]]) -> tuple[str, dict[str, object]]:
    host, pages = group
    return host, site_row(host, [features for _, features in sorted(pages, key=_first)])


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]
