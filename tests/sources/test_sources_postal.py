"""Postal adapter: flows by corridor, HS chapter and value band, and the checks of its inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from destat.demo.providers import make_postal_items
from destat.sources.errors import SourceFileError
from destat.sources.postal import postal_flows, read_postal

RATES = pd.DataFrame(
    {
        "month": ["2025-01", "2025-01", "2025-02"],
        "currency": ["USD", "CNY", "USD"],
        "usd_per_unit": [1.0, 0.14, 1.0],
    }
)


def _item(number: int, hs: str, value: float, currency: str = "USD", **other: str) -> dict:
    return {
        "item_id": f"LX{number:08d}0CN",
        "posting_date": "2025-01-15",
        "origin": "CN",
        "destination": "DL",
        "hs_code": hs,
        "declared_value": value,
        "currency": currency,
        "weight_kg": 0.5,
        **other,
    }


def _read(folder: Path, items: list[dict], rates: pd.DataFrame = RATES):  # type: ignore[no-untyped-def]
    pd.DataFrame(items).to_csv(folder / "items.csv", index=False)
    rates.to_csv(folder / "rates.csv", index=False)
    return read_postal(folder / "items.csv", folder / "rates.csv")


def test_flows_by_hand(tmp_path: Path) -> None:
    items = [
        # Chapter 61, four T-shirts: 100 CNY = 14.00 USD, 10 USD, 21.99 USD, and 22 USD, which
        # is on the band limit and so in the band from 22.
        _item(1, "610910", 100.0, "CNY"),
        _item(2, "6109.10", 10.0),
        _item(3, "610910", 21.99),
        _item(4, "61 09 10", 22.0),
        # Chapter 85: five phones of 200 USD.
        *[_item(10 + i, "85171300", 200.0) for i in range(5)],
        # One item in February, its own month and corridor block.
        _item(20, "950300", 5.0, posting_date="2025-02-03"),
    ]
    flows = postal_flows(_read(tmp_path, items))
    jan = flows[flows["month"] == "2025-01"].set_index(["hs_chapter", "value_band"])
    # The one item from 22 USD is alone in its cell and in its band total: both confidential.
    assert jan.loc[("61", "V22-150"), "CONF_STATUS"] == "C"
    assert jan.loc[("_T", "V22-150"), "CONF_STATUS"] == "C"
    assert pd.isna(jan.loc[("61", "V22-150"), "items"])
    # The chapter-61 total is published, so its other band (3 items) must be hidden.
    assert jan.loc[("61", "V0-22"), "CONF_STATUS"] == "D"
    assert pd.isna(jan.loc[("61", "V0-22"), "value_usd"])
    assert jan.loc[("61", "_T"), "items"] == 4
    assert jan.loc[("61", "_T"), "value_usd"] == pytest.approx(14.0 + 10.0 + 21.99 + 22.0)
    assert jan.loc[("_T", "_T"), "items"] == 9
    assert jan.loc[("_T", "_T"), "value_usd"] == pytest.approx(14 + 10 + 21.99 + 22 + 1000)
    assert jan.loc[("_T", "_T"), "weight_kg"] == pytest.approx(4.5)
    assert jan.loc[("85", "V150-1000"), "items"] == 5
    feb = flows[flows["month"] == "2025-02"]
    assert (feb["CONF_STATUS"] == "C").all()  # a single item: every cell of its block is hidden
    assert flows["experimental"].all()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hs_code": "770110"}, r"column 'hs_code', row 2: '770110' is not an HS code"),
        ({"hs_code": "6109"}, r"column 'hs_code', row 2: '6109' is not an HS code"),
        ({"currency": "EUR"}, r"column 'currency', row 2: no exchange rate for EUR in 2025-01"),
        ({"destination": "CN"}, r"column 'destination', row 2: the destination is the origin"),
        ({"weight_kg": "-1"}, r"column 'weight_kg', row 2: '-1' is not a number above zero"),
        ({"posting_date": "15/01/2025"}, r"column 'posting_date', row 2: '15/01/2025' is not"),
        ({"origin": "CHN"}, r"column 'origin', row 2: 'CHN' is not a valid code"),
        ({"item_id": "LX000000010CN"}, r"column 'item_id', rows 1, 2: 'LX000000010CN' appears"),
    ],
)
def test_bad_items_are_refused_with_file_row_and_column(
    tmp_path: Path, change: dict, message: str
) -> None:
    items = [_item(1, "610910", 5.0), _item(2, "610910", 5.0) | change]
    with pytest.raises(SourceFileError, match=rf"items.csv, {message}"):
        _read(tmp_path, items)


def test_missing_columns_and_repeated_rates_are_refused(tmp_path: Path) -> None:
    items = [_item(1, "610910", 5.0)]
    with pytest.raises(SourceFileError, match=r"has no column 'usd_per_unit'"):
        _read(tmp_path, items, RATES.drop(columns="usd_per_unit"))
    with pytest.raises(SourceFileError, match=r"rates.csv, column 'currency', rows 1, 4"):
        _read(tmp_path, items, pd.concat([RATES, RATES.head(1)]))


def test_generated_items_give_the_true_counts_by_corridor_and_month(tmp_path: Path) -> None:
    data = make_postal_items(np.random.default_rng(5), n_items=3000)
    data.items.to_csv(tmp_path / "items.csv", index=False)
    data.rates.to_csv(tmp_path / "rates.csv", index=False)
    items = read_postal(tmp_path / "items.csv", tmp_path / "rates.csv").items
    counts = items.groupby(["month", "origin", "destination"]).size().rename("found")
    truth = data.truth.set_index(["month", "origin", "destination"])["items"]
    compared = pd.concat([truth, counts], axis=1).fillna(0)
    assert (compared["items"] == compared["found"]).all()
    assert compared["items"].sum() == 3000
