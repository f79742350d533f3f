"""``destat web extract``: per-page and per-site features from WARC files or saved pages."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from destat.web.extract.features import PageFeatures, extract_page_features
from destat.web.extract.sources import iter_pages, read_manifest
from destat.web.extract.table import PageRow, page_table, site_table, write_parquet


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
    rows: list[PageRow] = []
    started = time.perf_counter()
    for source in iter_pages(warc, hosts):
        problem = source.problem
        try:
            features = extract_page_features(source.body, source.content_type)
        except Exception as error:  # one hostile page must not stop the run
            features, problem = PageFeatures(), f"could not be parsed: {error}"
        if problem:
            typer.echo(f"warning: page {source.page_id}: {problem}", err=True)
        rows.append((source, features, problem))
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
