"""The project's macro sources: ICT sector and tiers from SBS, ICT goods in merchandise trade,
ICT and digitally deliverable services, exports delivered over ICT networks, and the UNCTAD B2C
E-commerce Index, each from the file ``[macro]`` names (methods and sources: docs/macro.md,
docs/b2c-index.md and the modules of :mod:`destat.macro`).

Files are read as published (SDMX-CSV, SDMX-ML 2.1 or CSV, see
:mod:`destat.macro.sdmx_input`). Column names are matched without regard to case and SDMX's
``TIME_PERIOD`` and ``OBS_VALUE`` stand for ``year`` and ``value``, so one setting fits both a
national CSV file and an international body's SDMX file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from destat.errors import InputFileError
from destat.macro.b2c import compute_index, edition_rules, read_groups, read_inputs
from destat.macro.ict_goods import ict_goods_shares
from destat.macro.ict_sector import ict_sector_indicators
from destat.macro.partners import all_partners, rows_of, world_rows
from destat.macro.sdmx_input import read_data
from destat.macro.services import digitally_delivered_exports, services_shares
from destat.macro.tiers import tier_shares
from destat.project.config import ProjectConfig
from destat.project.macro_config import MacroSettings
from destat.publish.release.economy import write_economy_release
from destat.publish.sdmx.macro import write_macro_sdmx

__all__ = ["MACRO_TABLES", "macro_sdmx", "macro_tables", "write_macro_release"]

MACRO_TABLES = (
    "macro_ict_sector",
    "macro_tiers",
    "macro_trade",
    "macro_services",
    "macro_services_delivered",
    "macro_b2c",
    "macro_b2c_groups",
    "macro_b2c_excluded",
)
TOTAL = "_T"
_SDMX_NAMES = {"time_period": "year", "obs_value": "value"}


def macro_tables(folder: Path, config: ProjectConfig) -> dict[str, pd.DataFrame]:
    """The tables of every macro source ``[macro]`` names; none without ``[macro]``."""
    settings: MacroSettings | None = config.macro
    if settings is None:
        return {}
    tables: dict[str, pd.DataFrame] = {}
    if settings.sbs is not None:
        sbs = _read(folder, settings.sbs, "sbs")
        by, isic = _present(sbs, ("ref_area", "year")), settings.isic.lower()
        sector = settings.business_sector
        tables["macro_ict_sector"] = ict_sector_indicators(
            sbs, by=by, isic=isic, business_sector=sector
        )
        tables["macro_tiers"] = tier_shares(sbs, by=by, isic=isic, business_sector=sector)
    if settings.trade is not None:
        tables["macro_trade"] = _trade(_read(folder, settings.trade, "trade"), settings.hs.lower())
    if settings.services is not None:
        tables |= _services(folder, settings.services, settings)
    if settings.b2c:
        tables |= _b2c(folder, settings)
    return tables


def _path(folder: Path, relative: Path, key: str) -> Path:
    path = folder / relative
    if not path.is_file():
        raise InputFileError(
            f"Macro source file not found: {path}. Check {key} in [macro] of destat.toml, or "
            "remove the line to leave that indicator out."
        )
    return path


def _read(folder: Path, relative: Path, key: str) -> pd.DataFrame:
    """The file as a table with lower-case column names, SDMX's time and value renamed."""
    table = read_data(_path(folder, relative, key))
    return _renamed(table, {str(c): _SDMX_NAMES.get(str(c).lower(), str(c).lower()) for c in table})


def _renamed(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """``table`` with columns renamed, keeping its source file and lines for messages."""
    renamed = table.rename(columns=names)
    renamed.attrs = dict(table.attrs)
    return renamed


def _present(table: pd.DataFrame, names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in table.columns]


def _trade(trade: pd.DataFrame, hs: str) -> pd.DataFrame:
    """Shares with all partners together (``partner`` = ``_T``) and, if given, by partner.

    All partners together are the file's world rows when it has them (``WLD``, ``W00``, ``0``
    or ``_T``); otherwise the partners' rows added up by subheading, their ``TOTAL`` rows too.
    """
    by = _present(trade, ("reporter", "ref_area", "year", "flow"))
    first = [*by[:-1], "partner", by[-1]] if by else ["partner"]
    if "partner" not in trade.columns:
        overall = ict_goods_shares(trade, by=by, hs=hs).assign(partner=TOTAL)
        return overall[[*first, *(c for c in overall.columns if c not in first)]]
    partners = rows_of(trade, ~world_rows(trade, "partner"))
    parts = []
    if len(partners):
        parts.append(ict_goods_shares(partners, by=[*by, "partner"], hs=hs))
    together = all_partners(trade, by=by, hs=hs, value="value", partner="partner")
    parts.insert(0, ict_goods_shares(together, by=by, hs=hs).assign(partner=TOTAL))
    table = pd.concat(parts, ignore_index=True)
    return table[[*first, *(c for c in table.columns if c not in first)]]


def _services(folder: Path, services: Path, settings: MacroSettings) -> dict[str, pd.DataFrame]:
    bop = _read(folder, services, "services")
    item = settings.ebops.lower()
    tables = {
        "macro_services": services_shares(
            bop, by=_present(bop, ("ref_area", "year", "flow")), item=item
        )
    }
    if settings.delivery_shares is not None:
        shares = _read(folder, settings.delivery_shares, "delivery_shares")
        if item not in shares.columns:  # a survey file names the item column plainly
            shares = _renamed(shares, {"ebops": item})
        exports = _exports(bop)
        by = _present(exports, ("ref_area", "year"))
        tables["macro_services_delivered"] = digitally_delivered_exports(
            exports, shares, by=by, item=item
        )
    return tables


def _exports(bop: pd.DataFrame) -> pd.DataFrame:
    """The credit rows (flow ``X``) of a table with a flow column, else the whole table."""
    if "flow" not in bop.columns:
        return bop
    return rows_of(bop, (bop["flow"] == "X").to_numpy())


def _b2c(folder: Path, settings: MacroSettings) -> dict[str, pd.DataFrame]:
    tidy = read_inputs([_path(folder, path, "b2c") for path in settings.b2c])
    groups = (
        read_groups(_path(folder, settings.b2c_groups, "b2c_groups"))
        if settings.b2c_groups is not None
        else None
    )
    result = compute_index(tidy, edition_rules(settings.b2c_edition), groups)
    aggregates = result.aggregates
    if groups is not None:
        aggregates = _with_members(aggregates, result.economies, groups)
    return {
        "macro_b2c": result.economies,
        "macro_b2c_groups": aggregates,
        "macro_b2c_excluded": result.excluded,
    }


def _with_members(
    aggregates: pd.DataFrame, economies: pd.DataFrame, groups: pd.DataFrame
) -> pd.DataFrame:
    """The aggregates with ``members``: the codes of the indexed economies averaged."""
    keys = ["edition", "reference_year", "grouping", "group"]
    indexed = economies[["edition", "reference_year", "country"]].merge(groups, on="country")
    members = indexed.groupby(keys)["country"].agg(lambda codes: " ".join(sorted(codes)))
    return aggregates.merge(members.rename("members").reset_index(), on=keys, how="left")


def write_macro_release(
    tables: Mapping[str, pd.DataFrame], out_dir: Path, lang: str, config: ProjectConfig
) -> Path | None:
    """Write ``economy-<lang>.html`` when the run has macro tables."""
    present = {name: tables[name] for name in MACRO_TABLES if name in tables}
    if not present:
        return None
    return write_economy_release(
        present,
        out_dir,
        lang,
        country=config.project.country or config.project.ref_area,
        economy=config.macro.economy if config.macro else None,
        period=config.project.reference_period,
    )


def macro_sdmx(tables: Mapping[str, pd.DataFrame], folder: Path, config: ProjectConfig) -> None:
    """Write the macro tables of the run as the SDMX dataflows ICT_SECTOR, ICT_GOODS_TRADE
    and ICT_SERVICES_TRADE in ``folder`` (those with tables; docs/sdmx.md)."""
    write_macro_sdmx(
        tables,
        folder,
        ref_area=config.project.ref_area,
        period=config.project.reference_period,
        agency=config.project.agency,
    )
