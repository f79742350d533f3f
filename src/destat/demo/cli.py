"""``destat demo``: generate the demo country and run the main job on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from destat.demo.provider_project import describe_sources
from destat.demo.showcase import compare_with_truth, prepare_demo
from destat.demo.web_cli import print_web_demo
from destat.demo.web_demo import prepare_web_demo
from destat.project.cli import print_run, run_with_progress


def demo_command(
    out: Annotated[Path, typer.Option(help="Folder for the demo project.")] = Path("demo-output"),
    enterprises: Annotated[int, typer.Option(help="Size of the business register.")] = 100_000,
    seed: Annotated[int, typer.Option(help="Random seed of the demo country.")] = 2025,
    web: Annotated[
        bool, typer.Option(help="Also serve, discover, crawl and link the enterprises' websites.")
    ] = True,
) -> None:
    """Generate a synthetic country, run its ICT survey project, compare with the truth."""
    console = Console()
    with console.status(f"Generating a country of {enterprises:,} enterprises..."):
        files = prepare_demo(out, enterprises, seed)
    sites = None
    if web:
        with console.status("Serving, discovering and crawling the enterprises' websites..."):
            sites = prepare_web_demo(out, files, seed)
    run = run_with_progress(out, console)
    comparison = compare_with_truth(run, files)
    console.print(_table(comparison))
    covered = int(comparison["covered"].sum())
    console.print(f"{covered} of {len(comparison)} intervals cover the true value.")
    print_run(run, console)
    for line in describe_sources(run.sources, run.outputs):
        console.print(line)
    console.print(
        f"Inputs:     {files.out_dir}/ (register, sample, survey in CSV, Excel, SPSS, Stata; "
        "mapping; planted errors; truth)"
    )
    if sites is not None:
        print_web_demo(sites, run, console)


def _table(comparison: pd.DataFrame) -> Table:
    table = Table(title="Proportion of businesses (10+ persons employed), with 95% CI")
    for column in ("indicator", "size", "estimate", "95% CI", "CV", "n", "true", "covered"):
        table.add_column(column, justify="left" if column in ("indicator", "size") else "right")
    for row in comparison.to_dict("records"):
        table.add_row(
            str(row["indicator"]),
            "all" if row["size_class"] == "GE10" else str(row["size_class"]),
            f"{float(row['estimate']):.1%}",
            f"{100 * float(row['ci_low']):.1f}–{100 * float(row['ci_high']):.1f}",
            f"{float(row['cv']):.1%}",
            f"{int(row['n']):,}",
            f"{float(row['true_value']):.1%}",
            "yes" if row["covered"] else "NO",
        )
    return table
