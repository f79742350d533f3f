"""``destat macro b2c``: compute an edition of the UNCTAD B2C E-commerce Index from files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from destat.macro.b2c.editions import EDITIONS, ServerScaling, edition_rules
from destat.macro.b2c.index import B2CResult, compute_index
from destat.macro.b2c.inputs import read_groups, read_inputs
from destat.macro.b2c.output import write_result

__all__ = ["b2c_command"]


def b2c_command(
    files: Annotated[
        list[Path], typer.Argument(help="CSV files: components, SDMX-CSV or World Bank CSV.")
    ],
    edition: Annotated[
        int, typer.Option(help=f"Edition to compute: {', '.join(map(str, EDITIONS))}.")
    ] = 2020,
    out: Annotated[Path, typer.Option(help="Folder for the edition's tables.")] = Path("b2c"),
    groups: Annotated[
        Path | None, typer.Option(help="CSV of country, group[, grouping] for aggregates.")
    ] = None,
    server_scaling: Annotated[
        ServerScaling | None, typer.Option(help="Override the edition's secure-server scoring.")
    ] = None,
    top: Annotated[int, typer.Option(help="Economies to show on screen.")] = 10,
) -> None:
    """Compute the index, ranks and group aggregates; write them as CSV and Parquet."""
    rules = edition_rules(edition, server_scaling)
    tidy = read_inputs(files)
    membership = read_groups(groups) if groups is not None else None
    result = compute_index(tidy, rules, membership)
    written = write_result(result, out)
    console = Console()
    console.print(_table(result, top))
    year = rules.reference_year
    indexed = (result.economies["reference_year"] == year).sum()
    left_out = (result.excluded["reference_year"] == year).sum()
    console.print(
        f"Edition {rules.year} ({rules.source}): {indexed} economies indexed for {year}, "
        f"{left_out} left out for lack of a component; {year - 1} revised alongside; "
        f"servers scored {rules.server_scaling}."
    )
    console.print(f"Written: {', '.join(str(path) for path in written)}")


def _table(result: B2CResult, top: int) -> Table:
    year = result.edition.reference_year
    table = Table(title=f"UNCTAD B2C E-commerce Index, edition {result.edition.year} ({year})")
    for column in ("rank", "economy", "payment", "internet", "servers", "delivery", "index"):
        table.add_column(column, justify="left" if column == "economy" else "right")
    rows = result.economies[result.economies["reference_year"] == year].head(top)
    for row in rows.to_dict("records"):
        values = [row[f"{role}_value"] for role in ("payment", "internet", "servers", "delivery")]
        cells = [f"{float(v):.1f}" for v in [*values, row["index"]]]
        table.add_row(str(row["rank"]), str(row["country"]), *cells)
    return table
