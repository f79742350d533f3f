"""``destat web statistics``: write ``[web]`` into the project's destat.toml and run the project.

The web step runs inside ``destat run`` (:mod:`destat.web.statistics`); this command records
where discovery's best candidates and the crawl are, then runs the project, so that every later
``destat run`` publishes the web figures too. If the run fails, destat.toml is put back as it
was.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from destat.project.cli import print_run, run_with_progress
from destat.project.config import CONFIG_FILE
from destat.project.web_settings import WebSettings
from destat.web.classify import ClassifierKind
from destat.web.statistics_config import write_web_section

__all__ = ["statistics_command"]


def statistics_command(
    project: Annotated[Path, typer.Argument(help="The project folder (with destat.toml).")],
    best: Annotated[Path, typer.Option(help="best.csv written by `destat web discover`.")],
    crawl: Annotated[Path, typer.Option(help="The folder written by `destat web crawl`.")],
    classifier: Annotated[
        ClassifierKind, typer.Option(help="What decides whether a site sells online.")
    ] = ClassifierKind.MODEL,
) -> None:
    """Set [web] in the project's destat.toml and run the project: sites linked to register
    units, experimental web indicators beside B5 and B7, GREG with the web totals."""
    settings = WebSettings(
        best=_relative(best, project),
        crawl=_relative(crawl, project),
        classifier=classifier.value,
    )
    previous = write_web_section(project, settings)
    console = Console()
    try:
        result = run_with_progress(project, console)
    except BaseException:
        (project / CONFIG_FILE).write_text(previous, encoding="utf-8")
        raise
    console.print(f"Wrote \\[web] in {project / CONFIG_FILE}: `destat run` now runs the web step.")
    print_run(result, console)


def _relative(path: Path, project: Path) -> Path:
    """``path`` (as given, from the current folder) relative to the project folder."""
    try:
        return Path(os.path.relpath(path.absolute(), project.absolute()))
    except ValueError:  # another drive on Windows
        return path.absolute()
