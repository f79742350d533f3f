"""``destat web discover``: find the websites of register enterprises and write crawl seeds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from destat.errors import ConfigError, DestatError

if TYPE_CHECKING:
    import pandas as pd

    from destat.web.discover.pipeline import Discovery

__all__ = ["discover_command"]


def discover_command(
    register: Annotated[
        Path, typer.Option(help="Register CSV: enterprise_id, name, tax_id, website, email.")
    ],
    out: Annotated[Path, typer.Option(help="Folder for candidates.csv, best.csv and seeds.txt.")],
    registry: Annotated[
        Path | None,
        typer.Option(help="Domain-registry CSV: domain, registrant_name, registrant_tax_id."),
    ] = None,
    search: Annotated[
        Path | None,
        typer.Option(help="Search results CSV: enterprise_id, rank, url, title, snippet."),
    ] = None,
    labels: Annotated[
        Path | None,
        typer.Option(help="Labelled sample CSV: enterprise_id, url (empty: no website)."),
    ] = None,
    pages: Annotated[
        Path | None,
        typer.Option(help="Crawl of the candidates (folder or file of WARC) read for IDs."),
    ] = None,
    fit: Annotated[
        bool, typer.Option("--fit", help="Fit the weights on --labels instead of the defaults.")
    ] = False,
    tld: Annotated[
        str | None, typer.Option(help="The country's top-level domain, such as .dl.")
    ] = None,
    threshold: Annotated[
        float, typer.Option(help="Keep the best candidate when its probability is at least this.")
    ] = 0.5,
) -> None:
    """Score candidate websites from the register, a domain registry and search results."""
    from destat.web.discover.candidates import SearchResultsTable
    from destat.web.discover.inputs import (
        read_labels,
        read_register,
        read_registry,
        read_search_results,
    )
    from destat.web.discover.pipeline import discover
    from destat.web.extract.sources import iter_pages

    try:
        if fit and labels is None:
            raise ConfigError("--fit needs --labels: give the labelled sample to fit on.")
        units = read_register(register)
        truth = read_labels(labels) if labels is not None else None
        result = discover(
            units,
            registry=read_registry(registry) if registry is not None else None,
            search=SearchResultsTable(read_search_results(search)) if search else None,
            tld=tld,
            pages=iter_pages(pages) if pages is not None else None,
            fit_labels=truth if fit else None,
            threshold=threshold,
        )
        out.mkdir(parents=True, exist_ok=True)
        result.candidates.to_csv(out / "candidates.csv", index=False, float_format="%.6g")
        result.best.to_csv(out / "best.csv", index=False, float_format="%.6g")
        kept = result.best[result.best["kept"]]
        (out / "seeds.txt").write_text("".join(f"{url}\n" for url in kept["url"]), encoding="utf-8")
    except (DestatError, OSError) as exc:
        Console(stderr=True).print(f"[red]Error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None

    _print_summary(result, out, threshold, truth, fit)


def _print_summary(
    result: Discovery, out: Path, threshold: float, truth: pd.DataFrame | None, fit: bool
) -> None:
    from destat.web.discover.evaluate import evaluate

    console = Console()
    kept = int(result.best["kept"].sum())
    table = Table(title=escape(f"Website discovery in {out}"), show_header=False)
    table.add_row("enterprises", str(len(result.best)))
    table.add_row("candidate sites", str(len(result.candidates)))
    table.add_row("with a candidate", str(int((result.best["url"] != "").sum())))
    table.add_row(f"kept (probability ≥ {threshold:g})", str(kept))
    table.add_row("weights", "fitted on the labels" if fit else "defaults")
    if truth is not None:
        scores = evaluate(result.best, truth)
        table.add_row("labelled enterprises", str(scores.labelled))
        table.add_row("labelled with a website", str(scores.with_website))
        table.add_row("kept and right", str(scores.right))
        table.add_row("precision", f"{scores.precision:.4f}")
        table.add_row("recall", f"{scores.recall:.4f}")
        table.add_row("F1", f"{scores.f1:.4f}")
    console.print(table)
    if fit:
        weights = Table("feature", "weight", title="Fitted weights (log-odds)")
        for name, weight in result.model.describe().items():
            weights.add_row(name, f"{weight:+.3f}")
        console.print(weights)
        console.print("Precision and recall above are in-sample: measured on the fitting labels.")
