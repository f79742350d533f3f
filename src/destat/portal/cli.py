"""``destat serve DIR``: the portal over a project's published results, with uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.markup import escape

from destat.portal.app import create_app

TOKEN_VARIABLE = "DESTAT_EMBARGO_TOKEN"  # noqa: S105 - the name of a variable, not a secret


def serve_command(
    folder: Annotated[Path, typer.Argument(help="Project folder with destat.toml and outputs/.")],
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens the portal to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the published results: pages in six languages, downloads and an SDMX REST API.
    Before [portal] release in destat.toml, only holders of the embargo token (environment
    variable DESTAT_EMBARGO_TOKEN) see them."""
    app = create_app(folder, token=os.environ.get(TOKEN_VARIABLE) or None)
    embargo = app.state.embargo
    console = Console()
    if embargo.is_open:
        state = f"released (since {embargo.release.isoformat()})"
    elif embargo.release is None:
        state = "closed: no release time in destat.toml ([portal] release)"
    else:
        state = f"under embargo until {embargo.release.isoformat()}"
    if not embargo.is_open and embargo.token is None:
        state += f"; set {TOKEN_VARIABLE} to preview"
    console.print(
        f"Portal on http://{escape(host)}:{port}/ · results {escape(state)}", highlight=False
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
