"""``destat indicators``: list the catalogue's indicators in one of the six UN languages."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from destat.errors import DestatError
from destat.indicators.catalogue import Catalogue, load_catalogue
from destat.indicators.i18n import LANGUAGES, format_number, normalize_language, translations

__all__ = ["OutputFormat", "indicator_rows", "indicators_command"]

COLUMNS = ("code", "name", "unit", "population")


class OutputFormat(StrEnum):
    """How ``destat indicators`` prints the list."""

    table = "table"
    csv = "csv"
    json = "json"


def indicator_rows(catalogue: Catalogue, lang: str) -> list[dict[str, str]]:
    """One row per indicator with code, name, unit, population and definition in ``lang``."""
    _ = translations(lang).gettext
    return [
        {
            "code": item.code,
            "name": _(item.name),
            "unit": _(catalogue.units[item.unit].label),
            "population": _(catalogue.populations[item.population].label),
            "definition": _(item.definition),
        }
        for item in catalogue.indicators
    ]


def _print_table(catalogue: Catalogue, rows: list[dict[str, str]], lang: str) -> None:
    messages = translations(lang)
    table = Table(show_lines=False)
    for column in COLUMNS:
        table.add_column(messages.gettext(catalogue.labels[column]), overflow="fold")
    for row in rows:
        table.add_row(*(row[column] for column in COLUMNS))
    count = catalogue.plural_labels["indicator_count"]
    table.caption = messages.ngettext(count.singular, count.plural, len(rows)).format(
        count=format_number(len(rows), lang)
    )
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    console.print(table)


def _print_csv(rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    typer.echo(buffer.getvalue(), nl=False)


def indicators_command(
    lang: Annotated[
        str,
        typer.Option("--lang", "-l", help=f"Language of names and labels: {', '.join(LANGUAGES)}."),
    ] = "en",
    output: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table (for reading), csv or json."),
    ] = OutputFormat.table,
) -> None:
    """List the indicators (code, name, unit, population) in one of the six UN languages."""
    try:
        code = normalize_language(lang)
        catalogue = load_catalogue()
        rows = indicator_rows(catalogue, code)
    except DestatError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    if output is OutputFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif output is OutputFormat.csv:
        _print_csv(rows)
    else:
        _print_table(catalogue, rows, code)
