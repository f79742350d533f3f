"""Marketplace files to statistics: sellers selling online, and an online price index.

Inputs (CSV, Excel or Parquet, one file each; the columns named here, others ignored):

* sellers: ``seller_id``, ``seller_type`` (``business`` or ``individual``), ``region``, ``sex``
  (``F``/``M`` as declared by individuals, empty when not declared or for businesses);
* listings: ``listing_id``, ``seller_id``, ``category``;
* prices: ``listing_id``, ``month`` (``YYYY-MM``), ``price`` (the listed price that month);
* transactions: ``transaction_id``, ``listing_id``, ``month``, ``quantity``, ``unit_price``.

**Sellers selling online.** A seller sells online in the period when it has at least one
transaction. It is counted once, in the category where its sales are largest (its main
category), so that categories add up to the total. Sex is that declared by individuals (``F``,
``M``, ``_U`` not declared) and ``_Z`` (not applicable) for businesses. Two linked tables, type
× sex × region and type × sex × category, with all margins, give the number of sellers and
their sales, protected by disclosure control (at least 3 sellers per cell, and no seller above
85 % of a cell's sales).

**Online price index.** For each category, a Jevons index of matched listings, chained month to
month: the link from month t−1 to t is the geometric mean of the price relatives p(t)/p(t−1)
of the listings priced in both months, and the index is 100 in the first month times the
product of the links (ILO, IMF, OECD, UNECE, Eurostat and World Bank (2020), *Consumer Price
Index Manual: Concepts and Methods*, chapters 6 and 9 on elementary indices and the Jevons
formula; chapter 10 on web-scraped and transaction data). Listings that enter or leave drop out
of the link in which they lack a price (the matched-model method). A link from fewer than 3
sellers is confidential (``CONF_STATUS=C``) and so is every later index of the chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from destat.disclosure import Dominance, MinimumFrequency, PrimaryRules
from destat.sources.errors import column_error
from destat.sources.fields import (
    codes,
    months,
    numbers,
    read_provider_file,
    required_text,
    unique,
)
from destat.sources.tables import EXPERIMENTAL, cells_with_margins, protect

__all__ = [
    "MINIMUM_SELLERS",
    "MarketplaceTables",
    "price_index",
    "read_marketplace",
    "sellers_selling",
]

MINIMUM_SELLERS = 3
_SELLER_TYPES = {"business": "BUS", "individual": "IND"}
_CODE = r"[A-Z0-9_][A-Z0-9_\-]*"  # no leading "-", "=", "+" or "@": safe in spreadsheets


@dataclass(frozen=True)
class MarketplaceTables:
    """The four marketplace files, checked and typed."""

    sellers: pd.DataFrame
    listings: pd.DataFrame
    prices: pd.DataFrame
    transactions: pd.DataFrame


def _known(
    frame: pd.DataFrame, column: str, values: pd.Series, known: pd.Series, what: str
) -> None:
    unknown = np.flatnonzero(~values.isin(known).to_numpy())
    if unknown.size:
        raise column_error(
            frame.attrs.get("path", "the table"),
            column,
            unknown,
            f"{values.iloc[unknown[0]]!r} is not in the {what} file",
            f"Every {column} must appear in the {what} file; send files of one extraction.",
        )


def _sellers(path: Path | str) -> pd.DataFrame:
    frame = read_provider_file(path, ["seller_id", "seller_type", "region", "sex"])
    kind = frame["seller_type"].map(lambda v: _SELLER_TYPES.get(str(v).strip().lower()))
    bad = np.flatnonzero(kind.isna().to_numpy())
    if bad.size:
        raise column_error(
            path, "seller_type", bad, f"{frame['seller_type'].iloc[bad[0]]!r} is not a type",
            "Write 'business' or 'individual'.",
        )  # fmt: skip
    sex = frame["sex"].map(lambda v: "_U" if pd.isna(v) else str(v).strip().upper() or "_U")
    bad = np.flatnonzero(~sex.isin(["F", "M", "_U"]).to_numpy())
    if bad.size:
        raise column_error(
            path, "sex", bad, f"{frame['sex'].iloc[bad[0]]!r} is not a sex code",
            "Write F or M as the seller declared it, or leave it empty.",
        )  # fmt: skip
    return pd.DataFrame(
        {
            "seller_id": unique(frame, "seller_id"),
            "seller_type": kind,
            "region": codes(frame, "region", _CODE, "3"),
            "sex": sex.where(kind == "IND", "_Z"),
        }
    )


def read_marketplace(
    sellers: Path | str, listings: Path | str, prices: Path | str, transactions: Path | str
) -> MarketplaceTables:
    """Read and check the four marketplace files (see the module docstring for their columns)."""
    seller_table = _sellers(sellers)
    raw = read_provider_file(listings, ["listing_id", "seller_id", "category"])
    listing_table = pd.DataFrame(
        {
            "listing_id": unique(raw, "listing_id"),
            "seller_id": required_text(raw, "seller_id"),
            "category": codes(raw, "category", _CODE, "ELEC"),
        }
    )
    _known(raw, "seller_id", listing_table["seller_id"], seller_table["seller_id"], "sellers")
    raw = read_provider_file(prices, ["listing_id", "month", "price"])
    price_table = pd.DataFrame(
        {
            "listing_id": required_text(raw, "listing_id"),
            "month": months(raw, "month"),
            "price": numbers(raw, "price", positive=True),
        }
    )
    _known(raw, "listing_id", price_table["listing_id"], listing_table["listing_id"], "listings")
    twice = np.flatnonzero(price_table.duplicated(["listing_id", "month"], keep=False).to_numpy())
    if twice.size:
        raise column_error(
            prices, "month", twice, "a listing has two prices in the same month",
            "Send one price per listing and month (e.g. the most frequent one).",
        )  # fmt: skip
    raw = read_provider_file(
        transactions, ["transaction_id", "listing_id", "month", "quantity", "unit_price"]
    )
    transaction_table = pd.DataFrame(
        {
            "transaction_id": unique(raw, "transaction_id"),
            "listing_id": required_text(raw, "listing_id"),
            "month": months(raw, "month"),
            "quantity": numbers(raw, "quantity", positive=True),
            "unit_price": numbers(raw, "unit_price"),
        }
    )
    _known(
        raw, "listing_id", transaction_table["listing_id"], listing_table["listing_id"], "listings"
    )
    return MarketplaceTables(seller_table, listing_table, price_table, transaction_table)


def _seller_sales(data: MarketplaceTables) -> pd.DataFrame:
    """One row per seller with a transaction: type, sex, region, main category, sales."""
    sales = data.transactions.merge(data.listings, on="listing_id")
    sales["sales"] = sales["quantity"] * sales["unit_price"]
    by_category = sales.groupby(["seller_id", "category"])["sales"].sum().reset_index()
    by_category = by_category.sort_values(
        ["seller_id", "sales", "category"], ascending=[True, False, True]
    )
    main = by_category.drop_duplicates("seller_id")[["seller_id", "category"]]
    totals = sales.groupby("seller_id")["sales"].sum().reset_index()
    per_seller: pd.DataFrame = totals.merge(main, on="seller_id").merge(
        data.sellers, on="seller_id"
    )
    return per_seller


def sellers_selling(data: MarketplaceTables) -> list[pd.DataFrame]:
    """Sellers with sales in the period and their sales, by type × sex × region and by type ×
    sex × main category, with margins, disclosure flags and the experimental flag."""
    units = _seller_sales(data)
    units["sellers"] = 1.0
    tables = [
        cells_with_margins(units, ["seller_type", "sex", breakdown], ["sellers", "sales"], "sales")
        for breakdown in ("region", "category")
    ]
    rules = PrimaryRules(
        minimum_frequency=MinimumFrequency(MINIMUM_SELLERS), dominance=Dominance(n=1, k=85)
    )
    return protect(
        tables,
        ["seller_type", "sex", "region", "category"],
        value="sales",
        measures=["sellers", "sales"],
        rules=rules,
    )


def price_index(data: MarketplaceTables) -> pd.DataFrame:
    """The chained Jevons index of matched listings per category and month (first month 100),
    with the number of matched listings and sellers of each link."""
    prices = data.prices.merge(data.listings, on="listing_id")
    # Months are parsed once each, not once per price: a few dozen instead of millions.
    periods = pd.PeriodIndex(sorted(prices["month"].unique()), freq="M")
    all_months = list(pd.period_range(periods.min(), periods.max(), freq="M").strftime("%Y-%m"))
    following = dict(zip(periods.strftime("%Y-%m"), (periods + 1).strftime("%Y-%m"), strict=True))
    previous = prices.assign(month=prices["month"].map(following))
    matched = prices.merge(
        previous, on=["listing_id", "month", "category", "seller_id"],
        suffixes=("", "_before"),
    )  # fmt: skip
    matched["log_relative"] = np.log(matched["price"] / matched["price_before"])
    grouped = matched.groupby(["category", "month"]).agg(
        log_link=("log_relative", "mean"),
        listings=("listing_id", "size"),
        sellers=("seller_id", "nunique"),
    )
    links = {
        (str(category), str(month)): (float(log_link), int(listings), int(sellers))
        for (category, month), log_link, listings, sellers in grouped.itertuples()
    }
    rows = []
    for category in sorted(prices["category"].unique()):
        level, confidential = 100.0, False
        for position, month in enumerate(all_months):
            listings = sellers = 0
            if position > 0:
                log_link, listings, sellers = links.get((category, month), (np.nan, 0, 0))
                level *= float(np.exp(log_link))
                confidential = confidential or 0 < sellers < MINIMUM_SELLERS
            rows.append((category, month, level, listings, sellers, confidential))
    table = pd.DataFrame(
        rows, columns=["category", "month", "index", "matched_listings", "sellers", "hidden"]
    )
    table["CONF_STATUS"] = np.where(table["hidden"], "C", "F")
    table["OBS_STATUS"] = np.where(table["index"].isna(), "M", "A")
    table["index"] = table["index"].astype("Float64").mask(table["hidden"])
    table[EXPERIMENTAL] = True
    return table.drop(columns="hidden")
