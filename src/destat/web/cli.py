"""``destat web ...``: the web-data commands. Each command module attaches itself here."""

from __future__ import annotations

import typer

from destat.web.crawl.cli import crawl_command

web_app = typer.Typer(
    help="Find, crawl and classify enterprise websites.",
    no_args_is_help=True,
)
web_app.command("crawl")(crawl_command)
