"""What ``destat demo`` prints of its web path: the web figures beside the survey's, the SEs
with and without the web auxiliaries (from the run's database), and where the outputs are."""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table

from destat.demo.web_demo import WebDemoSites
from destat.project.database import read_table
from destat.project.pipeline import RunResult
from destat.web.statistics import WEB_FOLDER

__all__ = ["print_web_demo"]

_SIZES = {"GE10": "all", "10-49": "10-49", "50-249": "50-249", "GE250": "GE250"}


def print_web_demo(sites: WebDemoSites, run: RunResult, console: Console) -> None:
    """Print what the web path served and crawled, and the run's web tables and files."""
    crawl = sites.crawl
    console.print(
        f"Websites: {sites.sites:,} generated sites served on 127.0.0.1; discovery kept "
        f"{sites.kept:,} sites for the units in scope; crawled {crawl.pages_fetched:,} pages "
        f"({crawl.skipped_by_robots} skipped by robots.txt, {crawl.errors} errors)."
    )
    console.print(_beside(read_table(run.database, "web_beside_survey")))
    console.print(_greg(read_table(run.database, "web_greg")))
    console.print(
        f"Web tables: {run.outputs / WEB_FOLDER}/ (web_units, web_indicators, "
        "web_beside_survey, web_greg; .parquet, .csv) and in the database"
    )
    console.print(
        f"Web crawl:  {sites.folder}/ (register.csv, registry.csv, best.csv, seeds.txt, "
        "crawl/ with WARC files; \\[web] in destat.toml points at them)"
    )
    console.print(
        f"Release:    {run.outputs / 'release'}/ (web figures beside B5 and B7, GREG table)"
    )


def _overall(table: pd.DataFrame) -> pd.DataFrame:
    rows = table[table["activity"] == "_T"]
    return rows.assign(__size=rows["size_class"].map(list(_SIZES).index)).sort_values("__size")


def _beside(beside: pd.DataFrame) -> Table:
    table = Table(title="Experimental web indicators (all units in scope) beside the survey")
    for column in ("web series", "survey", "size", "survey est.", "survey SE", "web", "difference"):
        table.add_column(
            column, justify="left" if column in ("web series", "survey", "size") else "right"
        )
    for row in _overall(beside).to_dict("records"):
        table.add_row(
            str(row["web_indicator"]),
            str(row["survey_indicator"]),
            _SIZES.get(str(row["size_class"]), str(row["size_class"])),
            f"{float(row['survey_estimate']):.1%}",
            f"{float(row['survey_se']):.2%}",
            f"{float(row['web_estimate']):.1%}",
            f"{100 * float(row['difference']):+.1f} pts",
        )
    return table


def _greg(greg: pd.DataFrame) -> Table:
    table = Table(title="GREG: SE calibrated to the register, and to the register + web totals")
    for column in ("indicator", "size", "estimate", "SE register", "estimate", "SE + web", "ratio"):
        table.add_column(column, justify="left" if column in ("indicator", "size") else "right")
    for row in _overall(greg[greg["indicator"].isin(["B5", "B7"])]).to_dict("records"):
        table.add_row(
            str(row["indicator"]),
            _SIZES.get(str(row["size_class"]), str(row["size_class"])),
            f"{float(row['estimate_register']):.1%}",
            f"{float(row['se_register']):.2%}",
            f"{float(row['estimate_web']):.1%}",
            f"{float(row['se_web']):.2%}",
            f"{float(row['se_ratio']):.2f}" if row["se_ratio"] == row["se_ratio"] else "–",
        )
    return table
