"""The ``destat`` command line: thin commands over the library; all printing happens here."""

from __future__ import annotations

import logging

import typer
from rich.console import Console
from rich.markup import escape

from destat.demo.cli import demo_command
from destat.errors import DestatError
from destat.exchange.cli import exchange_app, provider_app
from destat.indicators.cli import indicators_command
from destat.macro.cli import macro_app
from destat.portal.cli import serve_command
from destat.project.cli import init_command, run_command
from destat.sources.cli import sources_app
from destat.web.cli import web_app

app = typer.Typer(
    name="destat",
    help="Official statistics on e-commerce and the digital economy.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(web_app, name="web")
app.add_typer(macro_app, name="macro")
app.add_typer(sources_app, name="sources")
app.add_typer(provider_app, name="provider")
app.add_typer(exchange_app, name="exchange")
app.command("indicators")(indicators_command)
app.command("demo")(demo_command)
app.command("init")(init_command)
app.command("run")(run_command)
app.command("serve")(serve_command)


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show progress details."),
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")


def main() -> None:
    """Entry point of the ``destat`` console script: errors of use print as plain messages."""
    try:
        app()
    except DestatError as error:
        Console(stderr=True).print(f"[bold red]Error:[/] {escape(str(error))}", highlight=False)
        raise SystemExit(1) from None
