"""``destat web crawl``: crawl the sites of a seeds file into a folder of WARC files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from destat.errors import DestatError
from destat.web.crawl.config import DEFAULT_USER_AGENT, CrawlConfig

if TYPE_CHECKING:
    from destat.web.crawl.crawler import CrawlProgress, CrawlSummary

__all__ = ["crawl_command"]


def crawl_command(
    seeds: Annotated[Path, typer.Option(help="Text file with one URL per line.")],
    out: Annotated[Path, typer.Option(help="Folder for the WARC files and the crawl state.")],
    max_pages_per_site: Annotated[
        int, typer.Option(help="Pages per site at most, home page included.")
    ] = 20,
    delay: Annotated[
        float, typer.Option(help="Seconds between two requests to one host, at least.")
    ] = 1.0,
    concurrency: Annotated[
        int, typer.Option(help="Requests in flight at once, all hosts together.")
    ] = 16,
    user_agent: Annotated[
        str, typer.Option(help="User-Agent sent, with a contact URL of your office.")
    ] = DEFAULT_USER_AGENT,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private", help="Allow private and loopback addresses (for tests only)."
        ),
    ] = False,
) -> None:
    """Crawl websites politely into WARC files; run it again to resume an interrupted crawl."""
    from destat.web.crawl.crawler import crawl

    console = Console(stderr=True)
    try:
        config = CrawlConfig(
            user_agent=user_agent,
            max_pages_per_site=max_pages_per_site,
            delay=delay,
            concurrency=concurrency,
            allow_private=allow_private,
        )
        with Progress(
            TextColumn("crawling"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("sites · {task.fields[urls]} URLs this run"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("crawl", total=None, urls=0)

            def show(progress: CrawlProgress) -> None:
                bar.update(
                    task,
                    total=progress.sites_total,
                    completed=progress.sites_done,
                    urls=progress.urls_done,
                )

            summary = crawl(seeds, out, config, progress=show)
    except DestatError as exc:
        console.print(f"[red]Error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        console.print("Interrupted. Run the same command again to resume the crawl.")
        raise typer.Exit(130) from None
    _print_summary(summary)


def _print_summary(summary: CrawlSummary) -> None:
    console = Console()
    for problem in summary.invalid_seeds:
        console.print(
            f"[yellow]Seeds line {problem.line} skipped[/yellow] "
            f"({escape(problem.reason)}): {escape(problem.text)}"
        )
    table = Table(title=escape(f"Crawl of {summary.out_dir}"), show_header=False)
    for label, value in (
        ("sites", summary.sites),
        ("pages fetched", summary.pages_fetched),
        ("skipped by robots.txt", summary.skipped_by_robots),
        ("errors", summary.errors),
        ("refused addresses", summary.refused),
        ("pages cut at the size limit", summary.truncated),
        ("invalid seed lines", len(summary.invalid_seeds)),
        ("URLs done in this run", summary.urls_this_run),
    ):
        table.add_row(label, str(value))
    console.print(table)
