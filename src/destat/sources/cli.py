"""``destat sources ...``: statistics from a marketplace's and a postal operator's files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from destat.demo.providers import write_provider_files
from destat.exchange.linkage import LinkageSecret
from destat.publish.sdmx import SdmxFiles
from destat.sources.register_share import DEFAULT_THRESHOLD
from destat.sources.run import MarketplacePaths, RegisterLink, run_marketplace, run_postal

sources_app = typer.Typer(
    help="Experimental statistics from marketplace and postal files.", no_args_is_help=True
)

_File = Annotated[Path, typer.Option(exists=True, dir_okay=False, readable=True)]
_Out = Annotated[Path, typer.Option(help="Folder for the tables and SDMX files.")]


def _print_outputs(console: Console, tables: dict[str, Path], sdmx: list[SdmxFiles]) -> None:
    for name, path in tables.items():
        console.print(f"{name:28} {path}")
    for files in sdmx:
        console.print(
            f"{'SDMX ' + files.structure.dataflow:28} {files.data_csv.parent}/ "
            f"({files.observations:,} observations)"
        )


@sources_app.command("marketplace")
def marketplace_command(
    sellers: _File,
    listings: _File,
    prices: _File,
    transactions: _File,
    out: _Out = Path("marketplace-output"),
    register: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="Register to link sellers to.")
    ] = None,
    secret_file: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="Linkage secret (32+ bytes); else new."),
    ] = None,
    truth: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="True seller_id–enterprise_id pairs."),
    ] = None,
    threshold: Annotated[float, typer.Option(help="Dice threshold of name links.")] = (
        DEFAULT_THRESHOLD
    ),
    phone_prefix: Annotated[str, typer.Option(help="Country calling code, e.g. 999.")] = "",
) -> None:
    """Sellers selling online, the online price index and the share of register enterprises
    found selling (with --register)."""
    linkage = None
    if register is not None:
        secret = (
            LinkageSecret(secret_file.read_bytes()) if secret_file else LinkageSecret.generate()
        )
        linkage = RegisterLink(register, secret, threshold, phone_prefix, truth)
    console = Console()
    run = run_marketplace(
        MarketplacePaths(sellers, listings, prices, transactions), out, linkage=linkage
    )
    _print_outputs(console, run.tables, run.sdmx)
    if run.link_stats is not None:
        stats = run.link_stats
        console.print(
            f"Linked {stats.exact_tax_id + stats.exact_phone + stats.fuzzy:,} of "
            f"{stats.provider_units:,} business sellers to the register: {stats.exact_tax_id:,} "
            f"by tax ID, {stats.exact_phone:,} by phone, {stats.fuzzy:,} by name and address "
            f"(Dice ≥ {stats.threshold})."
        )
    if run.quality is not None:
        q = run.quality
        console.print(
            f"Against the truth: exact identifiers precision {q.exact_precision:.3f} recall "
            f"{q.exact_recall:.3f}; names and addresses precision {q.fuzzy_precision:.3f} "
            f"recall {q.fuzzy_recall:.3f}; all links precision {q.precision:.3f} recall "
            f"{q.recall:.3f}."
        )


@sources_app.command("postal")
def postal_command(items: _File, rates: _File, out: _Out = Path("postal-output")) -> None:
    """Monthly cross-border postal flows by corridor, HS chapter and value band."""
    console = Console()
    run = run_postal(items, rates, out)
    console.print(f"Read {run.items:,} postal items.")
    _print_outputs(console, run.tables, run.sdmx)


@sources_app.command("generate")
def generate_command(
    out: _Out = Path("provider-files"),
    seed: Annotated[int, typer.Option(help="Random seed.")] = 2025,
    enterprises: Annotated[int, typer.Option(help="Size of the business register.")] = 20_000,
    postal_items: Annotated[int, typer.Option(help="Number of postal items.")] = 40_000,
) -> None:
    """Write generated marketplace and postal files of the demo country, with their truth."""
    files = write_provider_files(out, seed=seed, enterprises=enterprises, postal_items=postal_items)
    for name, path in vars(files).items():
        Console().print(f"{name:18} {path}")
