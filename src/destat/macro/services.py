"""ICT services and digitally deliverable services from EBOPS 2010 balance-of-payments data.

Shares route: the value of a group of EBOPS 2010 items as a percentage of total services (item
``S``) for each reporter, year and flow. Groups (``macro/data/services_definitions.toml``): ICT
services = telecommunications, computer and information services (SI), as UNCTADstat publishes
them; digitally deliverable services = SF, SG, SH, SI, SJ, SK1 (UNCTAD, Technical Notes on ICT
for Development No. 3, 2015).

Survey route: an enterprise survey asks exporters which share of each service export they
delivered over ICT networks (UNCTAD, Technical Notes on ICT for Development No. 11, 2018, on the
pilots by the Central Bank of Costa Rica, India and Thailand); digitally delivered exports are
Σ_i share_i × exports_i over EBOPS items i, and their share in total services exports follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from destat.indicators.errors import CatalogueError
from destat.macro.datafiles import read_csv_rows, read_toml
from destat.macro.errors import MacroInputError
from destat.macro.tables import numeric, require_columns, source_of, text, where

__all__ = [
    "TOTAL_SERVICES",
    "ServiceGroup",
    "digitally_delivered_exports",
    "ebops_items",
    "service_groups",
    "services_shares",
]

TOTAL_SERVICES = "S"


@dataclass(frozen=True)
class ServiceGroup:
    """A named group of EBOPS 2010 items with its source."""

    code: str
    label: str
    items: tuple[str, ...]
    source: str


@lru_cache(maxsize=1)
def ebops_items() -> dict[str, str | None]:
    """EBOPS 2010 item code -> parent code (``None`` for total services)."""
    return {row["code"]: row["parent"] or None for row in read_csv_rows("ebops2010.csv")}


def _ancestors(code: str) -> set[str]:
    parents: set[str] = set()
    parent = ebops_items().get(code)
    while parent:
        parents.add(parent)
        parent = ebops_items().get(parent)
    return parents


def _nested(items: Sequence[str]) -> list[str]:
    return sorted(code for code in items if _ancestors(code) & set(items))


@lru_cache(maxsize=1)
def service_groups() -> dict[str, ServiceGroup]:
    """The ICT and digitally deliverable services groups of the definitions file."""
    groups = {}
    for code, entry in read_toml("services_definitions.toml")["groups"].items():
        items = tuple(str(item) for item in entry["items"])
        unknown = [item for item in items if item not in ebops_items()]
        if unknown or _nested(items):
            raise CatalogueError(
                f"services_definitions.toml, group {code}: items {unknown or _nested(items)} are "
                "unknown EBOPS 2010 codes or lie inside another item of the group."
            )
        groups[code] = ServiceGroup(code, str(entry["label"]), items, str(entry["source"]))
    return groups


def _items(table: pd.DataFrame, column: str) -> pd.Series:
    codes = text(table, column).str.replace(".", "", regex=False).str.upper()
    bad = [position for position, code in enumerate(codes) if code not in ebops_items()]
    if bad:
        raise MacroInputError(
            f"{where(table, bad)}, column {column}: {codes.iloc[bad[0]]!r} is not an EBOPS 2010 "
            "item code of the SDMX BOP code list (S, SA ... SN, e.g. SI2 or SK1)."
        )
    return codes


def _frame(table: pd.DataFrame, by: Sequence[str], item: str, value: str) -> pd.DataFrame:
    require_columns(table, [*by, item, value], "services indicators")
    frame = pd.DataFrame({name: text(table, name) for name in by})
    frame["item"] = _items(table, item).to_numpy()
    frame["value"] = numeric(table, value).to_numpy()
    repeated = frame.duplicated([*by, "item"], keep=False)
    if repeated.any():
        raise MacroInputError(
            f"{where(table, list(np.flatnonzero(repeated)))}: the same EBOPS item appears more "
            "than once in a group; add up duplicate rows first."
        )
    return frame.assign(_all="_T")


def _by_group(frame: pd.DataFrame, by: Sequence[str]) -> list[tuple[dict[str, str], pd.Series]]:
    """The ``by`` labels and the values by item of each group."""
    groups = []
    for key, rows in frame.groupby(list(by) or ["_all"], sort=True):
        labels = key if isinstance(key, tuple) else (key,)
        named = {name: str(label) for name, label in zip(by, labels, strict=False)}
        groups.append((named, rows.set_index("item")["value"]))
    return groups


def services_shares(
    bop: pd.DataFrame,
    *,
    by: Sequence[str] = ("ref_area", "year", "flow"),
    item: str = "ebops",
    value: str = "value",
    groups: Sequence[str] = ("ICT_SERVICES", "DIGITALLY_DELIVERABLE"),
) -> pd.DataFrame:
    """Each services group as a percentage of total services, by ``by``; a group with items
    missing from the data gets no share and lists the missing items."""
    frame = _frame(bop, by, item, value)
    chosen = [service_groups()[code] for code in groups]
    rows = []
    for labels, values in _by_group(frame, by):
        if TOTAL_SERVICES not in values:
            raise MacroInputError(
                f"{source_of(bop)}: no total services row (item S) for {labels}; the shares "
                "need it as their denominator."
            )
        total = float(values[TOTAL_SERVICES])
        for group in chosen:
            missing = [code for code in group.items if code not in values]
            numerator = float(sum(values[code] for code in group.items if code in values))
            share = np.nan if missing or total == 0 else 100.0 * numerator / total
            rows.append(
                labels
                | {"part": group.code, "numerator": numerator, "denominator": total}
                | {"value_pct": share, "missing_items": " ".join(missing)}
            )
    return pd.DataFrame(rows)


def _shares(table: pd.DataFrame, by: Sequence[str], item: str, share: str) -> pd.DataFrame:
    frame = _frame(table.rename(columns={share: "_share"}), by, item, "_share")
    too_big = [position for position, v in enumerate(frame["value"]) if v > 1]
    if too_big:
        raise MacroInputError(
            f"{where(table, too_big)}, column {share}: shares must lie between 0 and 1; found "
            f"{frame['value'].iloc[too_big[0]]} (write 35 % as 0.35)."
        )
    nested = _nested(list(frame["item"].unique()))
    if nested:
        raise MacroInputError(
            f"{source_of(table)}: items {', '.join(nested)} lie inside other items of the shares "
            "table; give shares for items that do not overlap."
        )
    return frame.rename(columns={"value": "share"})


def digitally_delivered_exports(
    exports: pd.DataFrame,
    shares: pd.DataFrame,
    *,
    by: Sequence[str] = ("ref_area", "year"),
    item: str = "ebops",
    value: str = "value",
    share: str = "share_ict_delivered",
) -> pd.DataFrame:
    """Exports delivered over ICT networks by EBOPS item (value × surveyed share, the share
    given as a fraction and shown in percent), and in total with their share of total services
    exports (row ``S``)."""
    frame = _frame(exports, by, item, value).drop(columns="_all")
    keys = [name for name in by if name in shares.columns]
    surveyed = _shares(shares, keys, item, share).drop(columns="_all")
    groups = frame[list(by)].drop_duplicates()
    expected = groups.merge(surveyed, on=keys) if keys else groups.merge(surveyed, how="cross")
    merged = expected.merge(frame, on=[*by, "item"], how="left", validate="one_to_one")
    absent = merged["value"].isna()
    if absent.any():
        first = merged.loc[absent].iloc[0]
        raise MacroInputError(
            f"{source_of(exports)} has no exports of item {first['item']} for "
            f"{first[list(by)].to_dict()}, which the shares table covers; add the row."
        )
    merged["delivered"] = merged["share"] * merged["value"]
    totals = frame[frame["item"] == TOTAL_SERVICES].set_index(list(by))["value"]
    summary = merged.groupby(list(by))["delivered"].sum().to_frame()
    summary["value"] = totals.reindex(summary.index)
    if summary["value"].isna().any():
        raise MacroInputError(
            f"{source_of(exports)}: no total services exports (item S) for some groups; the "
            "share of digitally delivered exports needs it."
        )
    summary["share"] = summary["delivered"] / summary["value"]
    summary = summary.reset_index().assign(item=TOTAL_SERVICES)
    result = pd.concat([merged, summary], ignore_index=True)
    result["share_pct"] = 100.0 * result["share"]
    return result[[*by, "item", "value", "share_pct", "delivered"]]
