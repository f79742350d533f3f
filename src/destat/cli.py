"""The ``destat`` command line: thin commands over the library; all printing happens here."""

from __future__ import annotations

import logging

import typer

from destat.indicators.cli import indicators_command
from destat.web.cli import web_app

app = typer.Typer(
    name="destat",
    help="Official statistics on e-commerce and the digital economy.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(web_app, name="web")
app.command("indicators")(indicators_command)


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show progress details."),
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")


def main() -> None:
    """Entry point of the ``destat`` console script."""
    app()
