"""``destat init`` and ``destat run``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from destat.project.pipeline import RunResult


def init_command(
    folder: Annotated[Path, typer.Argument(help="Project folder (created if needed).")],
) -> None:
    """Create a project folder with a documented destat.toml to edit."""
    from destat.project.init import init_project

    path = init_project(folder)
    Console().print(
        f"Wrote {path}. Edit it, put the input files in place, then: destat run {folder}"
    )


def run_command(
    folder: Annotated[Path, typer.Argument(help="Project folder with destat.toml.")],
) -> None:
    """Run the project: ingest, validate, impute, weight, estimate, protect, write."""
    console = Console()
    result = run_with_progress(folder, console)
    print_run(result, console)


def run_with_progress(folder: Path, console: Console) -> RunResult:
    """Run the project in ``folder`` with a progress bar per step."""
    from destat.project.pipeline import STEPS, run_project

    columns = (TextColumn("{task.description:<10}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        tasks = {step: progress.add_task(step, total=1, start=False) for step in STEPS}
        running: list[str] = []

        def advance(step: str) -> None:
            for done in running:
                progress.update(tasks[done], completed=1)
            running[:] = [step]
            progress.start_task(tasks[step])

        result = run_project(folder, advance)
        for step in running:
            progress.update(tasks[step], completed=1)
    return result


def print_run(result: RunResult, console: Console) -> None:
    """Where a run's outputs are, and what it set aside."""
    from destat.web.statistics import WEB_FOLDER

    aside = ", ".join(f"{n} {why}" for why, n in result.set_aside.items()) or "nothing"
    console.print(
        f"{len(result.results)} figures from {result.respondents:,} respondents. Validation: "
        f"{result.errors} error(s), {result.warnings} warning(s). Set aside: {aside}."
    )
    console.print(
        f"Confidentiality: {result.primary_suppressed} figures hidden by primary rules (C), "
        f"{result.secondary_suppressed} by secondary suppression (D)."
    )
    missing = int((result.results["obs_status"] == "M").sum())
    if missing:
        console.print(
            f"Missing: {missing} figures whose domain has no respondent with a value "
            "(published without a number, OBS_STATUS M)."
        )
    for c in result.collapses.itertuples():
        console.print(f"Collapsed: {c.variable} {c.cell} into {c.into} ({c.reason}).")
    console.print(f"Results:    {result.outputs}/ (results.parquet, .csv, .xlsx; sdmx/)")
    console.print(f"Validation: {result.reports / 'validation.html'} (and .csv)")
    web = result.outputs / WEB_FOLDER
    if web.is_dir():
        console.print(
            f"Web:        {web}/ (web_units, web_indicators, web_beside_survey, web_greg)"
        )
    console.print(f"Database:   {result.database}")
