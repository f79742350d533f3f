"""``destat web extract``: per-page and per-site features from WARC files or saved pages."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from destat.web.extract.batch import extract_sources
from destat.web.extract.sources import iter_pages, read_manifest
from destat.web.extract.table import page_table, site_table, write_parquet


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
) -> None:
    """Extract e-commerce features from pages and combine them per site (host)."""
    hosts = read_manifest(manifest) if manifest else None
    started = time.perf_counter()
    rows = list(extract_sources(iter_pages(warc, hosts)))
    for row in rows:
        if row.problem:
            typer.echo(f"warning: page {row.source.page_id}: {row.problem}", err=True)
    elapsed = time.perf_counter() - started
    sites_path = sites or out.with_name(out.name.removesuffix(".parquet") + "-sites.parquet")
    write_parquet(page_table(rows), out)
    site_rows = site_table(rows)
    write_parquet(site_rows, sites_path)
    rate = len(rows) / elapsed if elapsed > 0 else 0.0
    typer.echo(
        f"Extracted {len(rows)} pages ({rate:.0f} pages/s) from {warc}: "
        f"pages in {out}, {site_rows.num_rows} sites in {sites_path}."
    )
