"""``destat web statistics``: the web step of a project, after ``destat run``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console

from destat.errors import InputFileError
from destat.web.statistics import web_statistics


def statistics_command(
    project: Annotated[Path, typer.Argument(help="The project folder (after `destat run`).")],
    best: Annotated[Path, typer.Option(help="best.csv written by `destat web discover`.")],
    crawl: Annotated[Path, typer.Option(help="The folder written by `destat web crawl`.")],
) -> None:
    """Link sites to register units, estimate the experimental web indicators beside B5 and B7,
    and calibrate the survey to the web totals (GREG)."""
    try:
        found = pd.read_csv(best, dtype={"enterprise_id": str, "url": str}, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise InputFileError(
            f"{best} could not be read as a CSV file ({error}); give best.csv from "
            "`destat web discover`."
        ) from None
    if "kept" not in found.columns:
        raise InputFileError(
            f"{best} has no 'kept' column; give best.csv as `destat web discover` writes it."
        )
    found["kept"] = found["kept"].astype(str).str.lower() == "true"
    result = web_statistics(project, found, crawl)
    console = Console()
    sites = int(result.units["has_website"].sum())
    console.print(f"{sites:,} of {len(result.units):,} units in scope have a website found.")
    console.print(f"Web tables: {result.outputs}/ and {result.database} (web_units, ...)")
