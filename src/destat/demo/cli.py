"""``destat demo``: generate the demo country and estimate its core indicators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from destat.demo.showcase import run_demo


def demo_command(
    out: Annotated[Path, typer.Option(help="Folder for the demo's files.")] = Path("demo-output"),
    enterprises: Annotated[int, typer.Option(help="Size of the business register.")] = 100_000,
    seed: Annotated[int, typer.Option(help="Random seed of the demo country.")] = 2025,
) -> None:
    """Generate a synthetic country, estimate its ICT indicators and compare with the truth."""
    console = Console()
    with console.status(f"Generating a country of {enterprises:,} enterprises and estimating..."):
        result = run_demo(out, n_enterprises=enterprises, seed=seed)
    table = Table(title="Proportion of businesses (10+ persons employed), with 95% CI")
    for column in ("indicator", "size", "estimate", "95% CI", "CV", "n", "true", "covered"):
        table.add_column(
            column, justify="left" if column in ("indicator", "size class") else "right"
        )
    for row in result.estimates.to_dict("records"):
        table.add_row(
            str(row["indicator"]),
            "all" if row["size_class"] == "_T" else str(row["size_class"]),
            f"{float(row['estimate']):.1%}",
            f"{100 * float(row['ci_low']):.1f}–{100 * float(row['ci_high']):.1f}",
            f"{float(row['cv']):.1%}",
            f"{int(row['n']):,}",
            f"{float(row['true_value']):.1%}",
            "yes" if row["covered"] else "NO",
        )
    console.print(table)
    covered = int(result.estimates["covered"].sum())
    console.print(
        f"{covered} of {len(result.estimates)} intervals cover the true value. Set aside: "
        + ", ".join(f"{count} {why}" for why, count in result.set_aside.items())
    )
    console.print(f"Estimates:   {result.estimates_csv} (and .parquet)")
    console.print(
        f"SDMX:        {result.sdmx.data_csv.parent}/ ({result.sdmx.observations} observations; "
        "structure and data as SDMX-ML 2.1, SDMX-CSV 2.0, SDMX-JSON 2.0)"
    )
    console.print(
        f"Input files: {result.files.out_dir}/ (register, sample, survey in CSV, Excel, "
        "SPSS, Stata; mapping; planted errors; truth)"
    )
