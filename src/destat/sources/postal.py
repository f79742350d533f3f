"""Postal customs pre-advice (ITMATT-like) records to cross-border small-parcel flows.

Inputs: an items file with one row per postal item, columns ``item_id``, ``posting_date``
(``YYYY-MM-DD``, or ``YYYY-MM``), ``origin`` and ``destination`` (ISO 3166 alpha-2),
``hs_code`` (6 to 10 digits of the Harmonized System; dots and spaces are ignored),
``declared_value``, ``currency`` (ISO 4217) and ``weight_kg``; and an exchange-rate file with
``month``, ``currency`` and ``usd_per_unit``. These are the fields of the customs declaration
(CN 22/CN 23) that the UPU's ITMATT message carries (UPU, *Messaging standard M33: ITMATT*).

Every declared value is converted to US dollars at the rate of its month, so items from
different origins add up. Items are counted by month, corridor (origin → destination),
HS chapter (the first two digits) and value band (US dollars: below 22, 22 to below 150, 150 to
below 1,000, 1,000 or more; 22 and 150 are the thresholds of many low-value import regimes, e.g.
the EU's former VAT exemption below EUR 22 and customs-duty relief up to EUR 150, Council
Regulation (EC) No 1186/2009, article 23), with the number of items, their value and weight.

Each month × corridor is a chapter × value-band table with its margins (``_T``), protected by
disclosure control: at least 3 items per cell (the threshold rule, Hundepool et al. 2012,
chapter 4; a magnitude rule adds little since the value band already bounds each item's value),
then secondary suppression and the audit. Totals over
months or corridors are not published, so the blocks are independent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from destat.disclosure import MinimumFrequency, PrimaryRules
from destat.sources.errors import column_error
from destat.sources.fields import codes, months, numbers, read_provider_file, unique
from destat.sources.tables import cells_with_margins, protect

__all__ = ["ITEM_COLUMNS", "VALUE_BANDS", "PostalItems", "postal_flows", "read_postal"]

ITEM_COLUMNS = (
    "item_id",
    "posting_date",
    "origin",
    "destination",
    "hs_code",
    "declared_value",
    "currency",
    "weight_kg",
)
VALUE_BANDS: tuple[tuple[str, float], ...] = (
    ("V0-22", 22.0),
    ("V22-150", 150.0),
    ("V150-1000", 1000.0),
    ("VGE1000", np.inf),
)
_RESERVED_CHAPTERS = {"77", "98", "99"}  # 77 is reserved; 98 and 99 are for national use
MINIMUM_ITEMS = 3


@dataclass(frozen=True)
class PostalItems:
    """Checked items with month, HS chapter, value in US dollars and value band."""

    items: pd.DataFrame


def _hs_chapters(frame: pd.DataFrame, path: Path | str) -> pd.Series:
    digits = codes(frame, "hs_code", r"[0-9][0-9 .]*", "610910").str.replace(
        r"[ .]", "", regex=True
    )
    chapters = digits.str.slice(0, 2)
    bad = np.flatnonzero(
        (~digits.str.len().between(6, 10) | chapters.isin(_RESERVED_CHAPTERS) | (chapters == "00"))
        .to_numpy()
    )  # fmt: skip
    if bad.size:
        raise column_error(
            path,
            "hs_code",
            bad,
            f"{frame['hs_code'].iloc[bad[0]]!r} is not an HS code of chapters 01 to 97",
            "Write the 6-digit HS subheading (national 8 or 10 digits are accepted).",
        )
    return chapters


def _usd_rates(frame: pd.DataFrame, rates_path: Path | str) -> pd.Series:
    raw = read_provider_file(rates_path, ["month", "currency", "usd_per_unit"])
    rates = pd.DataFrame(
        {
            "month": months(raw, "month"),
            "currency": codes(raw, "currency", r"[A-Z]{3}", "EUR"),
            "usd_per_unit": numbers(raw, "usd_per_unit", positive=True),
        }
    )
    twice = np.flatnonzero(rates.duplicated(["month", "currency"], keep=False).to_numpy())
    if twice.size:
        raise column_error(
            rates_path, "currency", twice, "a currency has two rates in the same month",
            "Give one rate per currency and month (the monthly average).",
        )  # fmt: skip
    keys = pd.MultiIndex.from_frame(frame[["month", "currency"]])
    found = rates.set_index(["month", "currency"])["usd_per_unit"].reindex(keys)
    missing = np.flatnonzero(found.isna().to_numpy())
    if missing.size:
        first = frame.iloc[missing[0]]
        raise column_error(
            frame.attrs.get("path", "the items file"),
            "currency",
            missing,
            f"no exchange rate for {first['currency']} in {first['month']} in {rates_path}",
            "Add the rate of that currency and month to the exchange-rate file.",
        )
    return pd.Series(found.to_numpy(), index=frame.index)


def read_postal(items_path: Path | str, rates_path: Path | str) -> PostalItems:
    """Read and check the items and the exchange rates (see the module docstring)."""
    raw = read_provider_file(items_path, ITEM_COLUMNS)
    country = r"[A-Z]{2}"
    items = pd.DataFrame(
        {
            "item_id": unique(raw, "item_id"),
            "month": months(raw, "posting_date"),
            "origin": codes(raw, "origin", country, "CN"),
            "destination": codes(raw, "destination", country, "DL"),
            "hs_chapter": _hs_chapters(raw, items_path),
            "declared_value": numbers(raw, "declared_value"),
            "currency": codes(raw, "currency", r"[A-Z]{3}", "USD"),
            "weight_kg": numbers(raw, "weight_kg", positive=True),
        }
    )
    domestic = np.flatnonzero((items["origin"] == items["destination"]).to_numpy())
    if domestic.size:
        raise column_error(
            items_path, "destination", domestic, "the destination is the origin country",
            "Cross-border flows need items between two countries; remove domestic items.",
        )  # fmt: skip
    items.attrs["path"] = str(items_path)
    items["value_usd"] = items["declared_value"] * _usd_rates(items, rates_path)
    upper = np.array([limit for _, limit in VALUE_BANDS])
    band = np.searchsorted(upper, items["value_usd"].to_numpy(), side="right")
    items["value_band"] = np.array([code for code, _ in VALUE_BANDS])[band]
    return PostalItems(items)


def postal_flows(data: PostalItems) -> pd.DataFrame:
    """Items, value (US dollars) and weight (kg) by month, origin, destination, HS chapter and
    value band, each month × corridor with chapter and band margins, under disclosure control."""
    rules = PrimaryRules(minimum_frequency=MinimumFrequency(MINIMUM_ITEMS))
    items = data.items.assign(items=1.0)
    blocks = []
    corridor = ["month", "origin", "destination"]
    for _, block in items.groupby(corridor, sort=True):
        cells = cells_with_margins(
            block, ["hs_chapter", "value_band"], ["items", "value_usd", "weight_kg"], "value_usd"
        )
        (protected,) = protect(
            [cells],
            ["hs_chapter", "value_band"],
            value="value_usd",
            measures=["items", "value_usd", "weight_kg"],
            rules=rules,
        )
        for column in corridor:
            protected[column] = block[column].iloc[0]
        blocks.append(protected)
    flows = pd.concat(blocks, ignore_index=True)
    first = ["month", "origin", "destination", "hs_chapter", "value_band"]
    return flows[first + [c for c in flows.columns if c not in first]]
