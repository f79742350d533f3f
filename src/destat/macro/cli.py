"""``destat macro ...``: indicators from SBS, trade and balance-of-payments files, and the B2C
E-commerce Index."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from destat.macro.b2c.cli import b2c_command
from destat.macro.ict_goods import HS_EDITION, goods_list_file, ict_goods_shares
from destat.macro.ict_sector import ict_sector_indicators
from destat.macro.partners import all_partners
from destat.macro.sdmx_input import OBS_VALUE, read_data
from destat.macro.services import digitally_delivered_exports, services_shares
from destat.macro.tiers import tier_shares
from destat.survey.validation.report import write_csv

__all__ = ["macro_app"]

macro_app = typer.Typer(
    help="Indicators from macro sources: ICT sector, ICT goods trade, ICT-related services, "
    "the B2C E-commerce Index.",
    no_args_is_help=True,
)
macro_app.command("b2c")(b2c_command)

FileArgument = Annotated[
    Path, typer.Argument(help="SDMX-CSV (1.0/2.0), SDMX-ML 2.1 or plain CSV file.")
]
ByOption = Annotated[
    list[str] | None,
    typer.Option(
        "--by", help="Column to break down by (repeat it); default: the usual ones found."
    ),
]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="Also write the table as CSV.")]


def _by(table: pd.DataFrame, given: Sequence[str] | None, usual: Sequence[str]) -> list[str]:
    return list(given) if given else [name for name in usual if name in table.columns]


def _value_column(table: pd.DataFrame, given: str) -> str:
    """``value`` in plain CSV; ``OBS_VALUE`` in SDMX files when no other column is named."""
    return OBS_VALUE if given not in table.columns and OBS_VALUE in table.columns else given


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:,.2f}"
    return str(value)


def _show(result: pd.DataFrame, title: str, out: Path | None) -> None:
    table = Table(title=title)
    for column in result.columns:
        table.add_column(
            str(column), justify="right" if result[column].dtype.kind == "f" else "left"
        )
    for row in result.itertuples(index=False, name=None):
        table.add_row(*(_cell(value) for value in row))
    console = Console() if Console().is_terminal else Console(width=160)
    console.print(table)
    if out is not None:
        write_csv(result, out)
        console.print(f"Wrote {len(result)} rows to {out}")


@macro_app.command("ict-sector")
def ict_sector_command(
    sbs_file: FileArgument,
    by: ByOption = None,
    isic: Annotated[str, typer.Option(help="Column of 4-digit ISIC Rev.4 classes.")] = "isic",
    business_sector: Annotated[
        str, typer.Option(help="BUS (sections B-N, R, S) or BUS_X_K (without finance).")
    ] = "BUS",
    tiers: Annotated[
        bool, typer.Option("--tiers", help="Also the digital sector and narrow-scope shares.")
    ] = False,
    out: OutOption = None,
) -> None:
    """ICT1 and ICT2: ICT-sector shares of business-sector employment and value added."""
    sbs = read_data(sbs_file)
    groups = _by(sbs, by, ("ref_area", "year", "TIME_PERIOD"))
    result = ict_sector_indicators(sbs, by=groups, isic=isic, business_sector=business_sector)
    _show(result, "ICT sector (OECD 2007) in the business sector, %", out)
    if tiers:
        layers = tier_shares(sbs, by=groups, isic=isic, business_sector=business_sector)
        _show(layers, "Digital economy tiers (Bukht and Heeks 2017), %", None)


@macro_app.command("trade")
def trade_command(
    trade_file: FileArgument,
    by: ByOption = None,
    hs: Annotated[str, typer.Option(help="Column of 6-digit HS codes.")] = "hs",
    value: Annotated[str, typer.Option(help="Column of trade values.")] = "value",
    hs_edition: Annotated[str, typer.Option(help="HS edition of the data.")] = HS_EDITION,
    concordance: Annotated[
        Path | None, typer.Option(help=f"CSV with columns from, to: data edition -> {HS_EDITION}.")
    ] = None,
    goods_list: Annotated[
        Path | None, typer.Option(help="Official ICT goods list (CSV: hs6, category).")
    ] = None,
    partner: Annotated[
        str, typer.Option(help="Column of partner countries, added up unless in --by.")
    ] = "partner",
    out: OutOption = None,
) -> None:
    """Share of ICT goods in merchandise imports and exports, by reporter, partner, year, flow."""
    trade = read_data(trade_file)
    goods = goods_list_file(goods_list) if goods_list is not None else None
    groups = _by(trade, by, ("reporter", "partner", "year", "flow"))
    value = _value_column(trade, value)
    if partner in trade.columns and partner not in groups:
        trade = all_partners(trade, by=groups, hs=hs, value=value, partner=partner)
    result = ict_goods_shares(
        trade,
        by=groups,
        hs=hs,
        value=value,
        edition=hs_edition,
        concordance=read_data(concordance) if concordance else None,
        goods=goods,
    )
    _show(result, "ICT goods in merchandise trade, %", out)


@macro_app.command("services")
def services_command(
    bop_file: FileArgument,
    by: ByOption = None,
    item: Annotated[str, typer.Option(help="Column of EBOPS 2010 item codes.")] = "ebops",
    value: Annotated[str, typer.Option(help="Column of values.")] = "value",
    delivery_shares: Annotated[
        Path | None,
        typer.Option(help="Survey shares of exports delivered over ICT networks, by EBOPS item."),
    ] = None,
    out: OutOption = None,
) -> None:
    """ICT services and digitally deliverable services as shares of total services trade."""
    bop = read_data(bop_file)
    value = _value_column(bop, value)
    if delivery_shares is None:
        groups = _by(bop, by, ("ref_area", "year", "flow"))
        result = services_shares(bop, by=groups, item=item, value=value)
        _show(result, "ICT and digitally deliverable services in services trade, %", out)
        return
    groups = _by(bop, by, ("ref_area", "year"))
    shares = read_data(delivery_shares)
    result = digitally_delivered_exports(bop, shares, by=groups, item=item, value=value)
    _show(result, "Services exports delivered over ICT networks", out)
