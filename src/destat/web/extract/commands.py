"""``destat web extract``: per-page and per-site features from WARC files or saved pages."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pyarrow as pa
import typer

from destat.web.extract.batch import extract_sources
from destat.web.extract.sources import iter_pages, page_files, read_manifest
from destat.web.extract.table import page_table, site_table, write_parquet


class Engine(StrEnum):
    """Where the pages are extracted."""

    local = "local"
    spark = "spark"


def extract_command(
    warc: Annotated[
        Path,
        typer.Option(
            "--warc", help="A WARC file (.warc/.warc.gz), a saved page, or a folder of them."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Parquet file for the per-page features.")],
    sites: Annotated[
        Path | None,
        typer.Option("--sites", help="Parquet file for site features [default: <out>-sites]."),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option("--manifest", help="CSV with id,host columns: the hosts of saved pages."),
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine", help="local: this process; spark: one Spark task per file (destat[spark])."
        ),
    ] = Engine.local,
) -> None:
    """Extract e-commerce features from pages and combine them per site (host)."""
    hosts = read_manifest(manifest) if manifest else None
    started = time.perf_counter()
    if engine is Engine.spark:
        from destat.web.extract.spark import extract_on_spark

        pages, site_rows = extract_on_spark(page_files(warc), hosts)
    else:
        extracted = list(extract_sources(iter_pages(warc, hosts)))
        pages, site_rows = page_table(extracted), site_table(extracted)
    _warn_about_problems(pages)
    elapsed = time.perf_counter() - started
    sites_path = sites or out.with_name(out.name.removesuffix(".parquet") + "-sites.parquet")
    write_parquet(pages, out)
    write_parquet(site_rows, sites_path)
    rate = pages.num_rows / elapsed if elapsed > 0 else 0.0
    typer.echo(
        f"Extracted {pages.num_rows} pages ({rate:.0f} pages/s) from {warc}: "
        f"pages in {out}, {site_rows.num_rows} sites in {sites_path}."
    )


def _warn_about_problems(pages: pa.Table) -> None:
    if "problem" not in pages.column_names:
        return
    for page_id, problem in zip(
        pages.column("page_id").to_pylist(), pages.column("problem").to_pylist(), strict=True
    ):
        if problem:
            typer.echo(f"warning: page {page_id}: {problem}", err=True)
