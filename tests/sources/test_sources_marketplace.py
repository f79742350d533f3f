"""Marketplace adapter: sellers selling online and the online price index, on files by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from destat.sources.errors import SourceFileError
from destat.sources.marketplace import (
    MarketplaceTables,
    price_index,
    read_marketplace,
    sellers_selling,
)


def _write(folder: Path, **frames: pd.DataFrame) -> dict[str, Path]:
    paths = {}
    for name, frame in frames.items():
        paths[name] = folder / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    return paths


def _files(folder: Path, **changes: pd.DataFrame) -> MarketplaceTables:
    sellers = pd.DataFrame(
        {
            "seller_id": ["s1", "s2", "s3", "s4"],
            "seller_type": ["business", "business", "Individual", "individual"],
            "region": ["1", "1", "2", "2"],
            "sex": ["", "", "F", ""],
        }
    )
    # Category A: a1..a3 and a5 matched month to month; a4 enters in March. Category B: one
    # seller only.
    listings = pd.DataFrame(
        {
            "listing_id": ["a1", "a2", "a3", "a4", "a5", "b1", "b2"],
            "seller_id": ["s1", "s2", "s3", "s1", "s3", "s4", "s4"],
            "category": ["A", "A", "A", "A", "A", "B", "B"],
        }
    )
    prices = pd.DataFrame(
        [
            ("a1", "2025-01", 10.0), ("a2", "2025-01", 20.0), ("a3", "2025-01", 40.0),
            ("a1", "2025-02", 11.0), ("a2", "2025-02", 20.0), ("a3", "2025-02", 44.0),
            ("a5", "2025-02", 8.0),
            ("a1", "2025-03", 12.1), ("a2", "2025-03", 22.0), ("a4", "2025-03", 5.0),
            ("a5", "2025-03", 8.0),
            ("b1", "2025-01", 3.0), ("b2", "2025-01", 6.0), ("b1", "2025-02", 3.3),
            ("b2", "2025-02", 6.6),
        ],
        columns=["listing_id", "month", "price"],
    )  # fmt: skip
    transactions = pd.DataFrame(
        [
            ("t1", "a1", "2025-01", 2, 10.0),
            ("t2", "a2", "2025-02", 1, 20.0),
            ("t3", "a3", "2025-02", 1, 44.0),
            ("t4", "b1", "2025-01", 10, 3.0),
        ],
        columns=["transaction_id", "listing_id", "month", "quantity", "unit_price"],
    )
    frames = {
        "sellers": sellers,
        "listings": listings,
        "prices": prices,
        "transactions": transactions,
    }
    frames.update(changes)
    paths = _write(folder, **frames)
    return read_marketplace(
        paths["sellers"], paths["listings"], paths["prices"], paths["transactions"]
    )


def test_jevons_index_of_matched_listings_chained_by_hand(tmp_path: Path) -> None:
    table = price_index(_files(tmp_path)).set_index(["category", "month"])
    # February link: a1 11/10, a2 20/20, a3 44/40 (a5 has no January price):
    # (1.1 * 1.0 * 1.1)^(1/3) = 1.21^(1/3) = 1.0656022; index 106.56022.
    # March link: a1 12.1/11, a2 22/20, a5 8/8 (a3 has left, a4 has just entered):
    # (1.1 * 1.1 * 1.0)^(1/3) = 1.0656022 again; index 100 * 1.21^(2/3) = 113.55081.
    assert table.loc[("A", "2025-01"), "index"] == 100
    assert table.loc[("A", "2025-02"), "index"] == pytest.approx(106.56022, abs=1e-5)
    assert table.loc[("A", "2025-03"), "index"] == pytest.approx(113.55081, abs=1e-5)
    assert table.loc[("A", "2025-02"), "matched_listings"] == 3
    assert table.loc[("A", "2025-03"), "sellers"] == 3
    assert (table.loc["A", "CONF_STATUS"] == "F").all()
    # Category B has one seller: its links are confidential, and so is every later index.
    assert table.loc[("B", "2025-02"), "CONF_STATUS"] == "C"
    assert pd.isna(table.loc[("B", "2025-02"), "index"])
    assert table["experimental"].all()


def test_sellers_selling_counts_each_seller_once_in_its_main_category(tmp_path: Path) -> None:
    # s1 sells 2 x 10 in A; s2 20 in A; s3 44 in A; s4 30 in B (listing b1): 4 sellers.
    by_region, by_category = sellers_selling(_files(tmp_path))
    total = by_region.query("seller_type == '_T' and sex == '_T' and region == '_T'")
    assert total["sellers"].item() == 4
    assert total["sales"].item() == pytest.approx(20 + 20 + 44 + 30)
    # Every cell but the grand total has fewer than 3 sellers; all are hidden.
    assert (
        by_region.query("region != '_T' or sex != '_T' or seller_type != '_T'")["CONF_STATUS"]
        != "F"
    ).all()
    assert set(by_region["sex"]) == {"_Z", "F", "_U", "_T"}
    assert set(by_category["category"]) == {"A", "B", "_T"}
    assert by_category["experimental"].all()


def test_a_listing_of_an_unknown_seller_is_refused_with_its_row(tmp_path: Path) -> None:
    listings = pd.DataFrame(
        {"listing_id": ["a1", "a2"], "seller_id": ["s1", "s9"], "category": ["A", "A"]}
    )
    prices = pd.DataFrame({"listing_id": ["a1"], "month": ["2025-01"], "price": [1.0]})
    transactions = pd.DataFrame(
        columns=["transaction_id", "listing_id", "month", "quantity", "unit_price"]
    )
    with pytest.raises(SourceFileError, match=r"listings.csv, column 'seller_id', row 2: 's9'"):
        _files(tmp_path, listings=listings, prices=prices, transactions=transactions)


def test_bad_values_are_refused_with_file_row_and_column(tmp_path: Path) -> None:
    sellers = pd.DataFrame(
        {"seller_id": ["s1", "s2", "s3", "s4"], "seller_type": ["business"] * 4,
         "region": ["1"] * 4, "sex": ["", "", "X", ""]}
    )  # fmt: skip
    with pytest.raises(SourceFileError, match=r"sellers.csv, column 'sex', row 3: 'X'"):
        _files(tmp_path, sellers=sellers)
    prices = pd.DataFrame(
        {"listing_id": ["a1", "a1"], "month": ["2025-01", "2025-01"], "price": [1.0, 2.0]}
    )
    with pytest.raises(SourceFileError, match=r"prices.csv, column 'month', rows 1, 2"):
        _files(tmp_path, prices=prices)
    prices = pd.DataFrame({"listing_id": ["a1"], "month": ["2025-13"], "price": [1.0]})
    with pytest.raises(SourceFileError, match=r"'2025-13' is not a month"):
        _files(tmp_path, prices=prices)
    prices = pd.DataFrame({"listing_id": ["a1"], "month": ["2025-01"], "price": ["1,5"]})
    with pytest.raises(SourceFileError, match=r"column 'price', row 1: '1,5' is not a number"):
        _files(tmp_path, prices=prices)


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    sellers = pd.DataFrame({"seller_id": ["s1"], "seller_type": ["business"], "region": ["1"]})
    with pytest.raises(SourceFileError, match=r"sellers.csv has no column 'sex'"):
        _files(tmp_path, sellers=sellers)
