"""The ``destat`` command line: thin commands over the library; all printing happens here.

Each command's module is imported only when that command runs or shows its help, so that
``destat --help`` and ``destat run --help`` start without loading pandas, DuckDB, scipy and the
rest. The list of commands shows the one-line help kept here (a test checks it against each
command's own help).
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:  # typer's own click, for the method signatures only
    from typer._click import Command, Context, HelpFormatter

from destat.errors import DestatError

# name: (module, command function or Typer app, the one-line help of `destat --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "indicators": (
        "destat.indicators.cli",
        "indicators_command",
        "List the indicators (code, name, unit, population) in one of the six UN languages.",
    ),
    "demo": (
        "destat.demo.cli",
        "demo_command",
        "Generate a synthetic country, run its ICT survey project, compare with the truth.",
    ),
    "init": (
        "destat.project.cli",
        "init_command",
        "Create a project folder with a documented destat.toml to edit.",
    ),
    "run": (
        "destat.project.cli",
        "run_command",
        "Run the project: ingest, validate, impute, weight, estimate, protect, write.",
    ),
    "serve": (
        "destat.portal.cli",
        "serve_command",
        "Serve the published results: pages in six languages, downloads and an SDMX REST API.\n"
        "Before [portal] release in destat.toml, only holders of the embargo token (environment\n"
        "variable DESTAT_EMBARGO_TOKEN) see them.",
    ),
    "web": ("destat.web.cli", "web_app", "Find, crawl and classify enterprise websites."),
    "macro": (
        "destat.macro.cli",
        "macro_app",
        "Indicators from macro sources: ICT sector, ICT goods trade, ICT-related services, the "
        "B2C E-commerce Index.",
    ),
    "sources": (
        "destat.sources.cli",
        "sources_app",
        "Experimental statistics from marketplace and postal files.",
    ),
    "provider": (
        "destat.exchange.cli",
        "provider_app",
        "The provider kit: agree, pseudonymise, protect, sign and seal data for the NSO.",
    ),
    "exchange": (
        "destat.exchange.cli",
        "exchange_app",
        "Receive packages from data providers, keep the log, meet the agreements.",
    ),
}


def load_command(name: str) -> TyperCommand | TyperGroup:
    """Import the module of command ``name`` and build the command as typer would."""
    module, attribute, _ = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    if isinstance(target, typer.Typer):
        command: TyperCommand | TyperGroup = typer.main.get_group(target)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name)(target)
        built = typer.main.get_command(single)
        if not isinstance(built, TyperCommand):
            raise TypeError(f"{module}.{attribute} is neither a command nor a Typer app")
        command = built
    command.name = name
    return command


class _Summary(TyperCommand):
    """A command not imported yet: its name and one-line help, for the root's help."""


class _LazyGroup(TyperGroup):
    """The root group: a command is built from its module on first use; listing the commands
    in the root's help uses the one-line help of :data:`COMMANDS` instead."""

    _listing = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (_, _, summary) in COMMANDS.items():
            self.commands[name] = _Summary(name, help=summary)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        command = self.commands.get(cmd_name)
        if isinstance(command, _Summary) and not self._listing:
            command = self.commands[cmd_name] = load_command(cmd_name)
        return command

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="destat",
    help="Official statistics on e-commerce and the digital economy.",
    no_args_is_help=True,
    add_completion=False,
    cls=_LazyGroup,
)


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
