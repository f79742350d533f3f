"""``destat macro ...``: statistics from macro sources. Each command module attaches itself here."""

from __future__ import annotations

import typer

from destat.macro.b2c.cli import b2c_command

macro_app = typer.Typer(
    help="Statistics from macro sources (ICT sector, ICT trade, B2C E-commerce Index).",
    no_args_is_help=True,
)
macro_app.command("b2c")(b2c_command)
