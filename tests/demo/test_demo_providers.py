"""Generated marketplace and postal data: identifiers, truth, and the price index against it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from destat.demo.providers import (
    CATEGORIES,
    HOME,
    make_marketplace,
    make_postal_items,
    s10_check_digit,
    write_provider_files,
)
from destat.demo.register import build_register
from destat.sources.marketplace import MarketplaceTables, price_index


def test_s10_check_digit_of_the_upu_example() -> None:
    # UPU standard S10 example: RR 47312482 9 GB. Weights 8 6 4 2 3 5 9 7:
    # 32 + 42 + 12 + 2 + 6 + 20 + 72 + 14 = 200; 200 mod 11 = 2; 11 - 2 = 9.
    assert s10_check_digit("47312482") == 9
    assert s10_check_digit("00000000") == 5  # sum 0: 11 - 0 = 11, written 5


def test_postal_items_have_valid_identifiers_and_rates() -> None:
    data = make_postal_items(np.random.default_rng(1), n_items=2000)
    assert len(data.items) == 2000
    assert data.items["item_id"].is_unique
    for item in data.items["item_id"].head(50):
        assert int(item[10]) == s10_check_digit(item[2:10])
    assert ((data.items["origin"] == HOME) ^ (data.items["destination"] == HOME)).all()
    assert (data.items["destination"] == HOME).mean() == pytest.approx(0.85, abs=0.03)
    rates = set(zip(data.rates["month"], data.rates["currency"], strict=True))
    months = data.items["posting_date"].str.slice(0, 7)
    assert set(zip(months, data.items["currency"], strict=True)) <= rates
    assert data.truth["items"].sum() == 2000


@pytest.mark.slow
def test_chained_jevons_index_recovers_the_true_price_change() -> None:
    rng = np.random.default_rng(7)
    market = make_marketplace(build_register(20_000, rng), rng)
    tables = MarketplaceTables(market.sellers, market.listings, market.prices, market.transactions)
    index = price_index(tables).merge(market.true_index, on=["category", "month"])
    december = index[index["month"] == "2025-12"]
    assert len(december) == len(CATEGORIES)
    # Month-to-month log changes have standard deviation about 0.06 over ~1,000 matched
    # listings per link: each link is within ~0.2 % and the chained December index within 1 %.
    relative = december["index_x"].astype(float) / december["index_y"] - 1
    assert (relative.abs() < 0.01).all()
    food = december.set_index("category").loc["FOOD"]
    assert food["index_y"] == pytest.approx(100 * np.exp(0.009 * 11))


def test_provider_files_use_the_register_they_are_given(tmp_path: Path) -> None:
    register = build_register(1500, np.random.default_rng(4))
    files = write_provider_files(tmp_path, register=register, postal_items=300)
    truth = pd.read_csv(files.marketplace_truth)
    assert len(truth) > 50
    assert truth["enterprise_id"].isin(register["enterprise_id"]).all()
    written = pd.read_csv(files.register, dtype=str)
    assert list(written["enterprise_id"]) == list(register["enterprise_id"])
    assert len(pd.read_csv(files.postal_items)) == 300
