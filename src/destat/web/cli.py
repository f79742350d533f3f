"""``destat web ...``: the web-data commands. Each command module attaches itself here."""

from __future__ import annotations

import typer

from destat.web.classify.commands import evaluate_command, predict_command, train_command
from destat.web.crawl.cli import crawl_command
from destat.web.discover.cli import discover_command
from destat.web.extract.commands import extract_command
from destat.web.statistics_cli import statistics_command

web_app = typer.Typer(
    help="Find, crawl and classify enterprise websites.",
    no_args_is_help=True,
)
web_app.command("discover")(discover_command)
web_app.command("crawl")(crawl_command)
web_app.command("extract")(extract_command)
web_app.command("predict")(predict_command)
web_app.command("evaluate")(evaluate_command)
web_app.command("train")(train_command)
web_app.command("statistics")(statistics_command)
