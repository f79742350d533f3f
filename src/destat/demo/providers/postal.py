"""Generated postal items of the demo country, in the form of customs pre-advice (ITMATT) records.

The Universal Postal Union's ITMATT message carries, for each item, its S10 identifier, origin
and destination, and the customs declaration (CN 22/CN 23): content by HS code, declared value
and currency, and weight. This module draws such records for the demo country (``DL``) and its
partners: small parcels mostly inbound from a few large e-commerce origins, each with the HS
subheadings typical of cross-border online purchases, values and weights lognormal around a
median per subheading, more items in November and December, and the monthly exchange rates a
user needs to express every value in one currency.

S10 identifiers follow UPU standard S10: two letters, an 8-digit serial number, a check digit
(weights 8, 6, 4, 2, 3, 5, 9, 7; 11 minus the sum modulo 11, 10 → 0, 11 → 5) and the ISO code
of the origin country.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["HOME", "PostalData", "make_postal_items", "s10_check_digit"]

HOME = "DL"
_S10_WEIGHTS = np.array([8, 6, 4, 2, 3, 5, 9, 7])


@dataclass(frozen=True)
class _Goods:
    hs_code: str
    median_usd: float
    median_kg: float


_INBOUND_GOODS = (
    _Goods("610910", 12, 0.2),  # T-shirts of cotton
    _Goods("620462", 25, 0.5),  # women's trousers of cotton
    _Goods("640399", 40, 0.9),  # footwear with leather uppers
    _Goods("420222", 30, 0.6),  # handbags
    _Goods("851713", 180, 0.4),  # smartphones
    _Goods("851830", 25, 0.2),  # headphones
    _Goods("847130", 450, 2.2),  # portable computers
    _Goods("847330", 35, 0.3),  # parts of computers
    _Goods("950300", 15, 0.4),  # toys
    _Goods("330499", 18, 0.2),  # beauty preparations
    _Goods("711719", 8, 0.05),  # imitation jewellery
    _Goods("490199", 15, 0.5),  # printed books
    _Goods("900410", 10, 0.1),  # sunglasses
    _Goods("392690", 6, 0.15),  # other articles of plastics
)
_OUTBOUND_GOODS = (
    _Goods("090111", 30, 1.0),  # coffee, not roasted
    _Goods("610910", 20, 0.3),
    _Goods("711319", 120, 0.1),  # jewellery of precious metal
    _Goods("420222", 45, 0.6),
    _Goods("330499", 22, 0.2),
)
# partner: (currency, share of inbound items, share of outbound items)
_PARTNERS = {
    "CN": ("CNY", 0.48, 0.05),
    "US": ("USD", 0.20, 0.35),
    "ES": ("EUR", 0.07, 0.20),
    "DE": ("EUR", 0.04, 0.10),
    "BR": ("BRL", 0.08, 0.10),
    "MX": ("MXN", 0.06, 0.10),
    "GB": ("GBP", 0.04, 0.05),
    "HK": ("USD", 0.03, 0.05),
}
_USD_PER_UNIT = {"USD": 1.0, "EUR": 1.08, "CNY": 0.14, "BRL": 0.19, "MXN": 0.055, "GBP": 1.27}
_SEASON = np.array([1.0, 0.85, 0.95, 0.95, 1.0, 0.95, 1.0, 1.0, 1.0, 1.1, 1.5, 1.3])
_INBOUND_SHARE = 0.85


@dataclass(frozen=True)
class PostalData:
    """The operator's item records, the exchange rates, and the true item counts."""

    items: pd.DataFrame
    rates: pd.DataFrame  # month, currency, usd_per_unit
    truth: pd.DataFrame  # month, origin, destination, items


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an 8-digit serial number."""
    rest = 11 - int(np.dot([int(d) for d in serial], _S10_WEIGHTS)) % 11
    return {10: 0, 11: 5}.get(rest, rest)


def _rates(year: int, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for currency, start in _USD_PER_UNIT.items():
        walk = np.ones(12) if currency == "USD" else np.exp(np.cumsum(rng.normal(0, 0.015, 12)))
        for month in range(12):
            rows.append(
                {
                    "month": f"{year}-{month + 1:02d}",
                    "currency": currency,
                    "usd_per_unit": round(start * float(walk[month]), 6),
                }
            )
    return pd.DataFrame(rows)


def _corridor_counts(n_items: int, rng: np.random.Generator) -> list[tuple[int, str, str, int]]:
    """(month, origin, destination, items) of every corridor and month."""
    partners = list(_PARTNERS)
    rows = []
    months = rng.multinomial(n_items, _SEASON / _SEASON.sum())
    for month, in_month in enumerate(months, start=1):
        inbound = rng.binomial(in_month, _INBOUND_SHARE)
        shares_in = np.array([_PARTNERS[p][1] for p in partners])
        shares_out = np.array([_PARTNERS[p][2] for p in partners])
        for partner, count in zip(partners, rng.multinomial(inbound, shares_in), strict=True):
            rows.append((month, partner, HOME, int(count)))
        for partner, count in zip(
            partners, rng.multinomial(in_month - inbound, shares_out), strict=True
        ):
            rows.append((month, HOME, partner, int(count)))
    return rows


def _items_of_corridor(
    month: int, origin: str, destination: str, count: int, year: int, rng: np.random.Generator
) -> pd.DataFrame:
    goods = _INBOUND_GOODS if destination == HOME else _OUTBOUND_GOODS
    picked = [goods[i] for i in rng.integers(len(goods), size=count)]
    currency = _PARTNERS[origin][0] if destination == HOME else "USD"
    usd = np.array([g.median_usd for g in picked]) * rng.lognormal(0, 0.7, count)
    days = rng.integers(1, 29, count)
    return pd.DataFrame(
        {
            "posting_date": [f"{year}-{month:02d}-{d:02d}" for d in days],
            "origin": origin,
            "destination": destination,
            "hs_code": [g.hs_code for g in picked],
            "declared_value": np.round(usd / _USD_PER_UNIT[currency], 2),
            "currency": currency,
            "weight_kg": np.round(
                np.array([g.median_kg for g in picked]) * rng.lognormal(0, 0.5, count), 3
            ),
        }
    )


def make_postal_items(
    rng: np.random.Generator, *, n_items: int = 40_000, year: int = 2025
) -> PostalData:
    """Draw ``n_items`` postal items of ``year`` to and from the demo country, with their truth."""
    counts = _corridor_counts(n_items, rng)
    items = pd.concat(
        [
            _items_of_corridor(month, origin, destination, count, year, rng)
            for month, origin, destination, count in counts
            if count
        ],
        ignore_index=True,
    )
    items = items.iloc[rng.permutation(len(items))].reset_index(drop=True)
    serials = [f"{s:08d}" for s in rng.choice(10**8, size=len(items), replace=False)]
    prefixes = rng.choice(["LX", "RB", "CP", "UA"], size=len(items))
    items.insert(
        0,
        "item_id",
        [
            f"{p}{s}{s10_check_digit(s)}{o}"
            for p, s, o in zip(prefixes, serials, items["origin"], strict=True)
        ],
    )
    truth = pd.DataFrame(counts, columns=["month", "origin", "destination", "items"])
    truth["month"] = [f"{year}-{m:02d}" for m in truth["month"]]
    return PostalData(items, _rates(year, rng), truth)
