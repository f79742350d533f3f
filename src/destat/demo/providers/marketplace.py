"""A generated online marketplace of the demo country: sellers, listings, prices, transactions.

Sellers are of three kinds. Register enterprises sell with a probability logistic in their size
and industry (retail and wholesale most often); they write their own name, tax ID, phone and
address the way sellers do (typos, abbreviations, other legal-form spellings, missing fields),
so that linking them back to the register is a real test. Unregistered businesses look alike but
are not in the register. Individuals declare their sex, or not.

Each listing has a category and a monthly price. Prices are sticky: each month a listing keeps
its price with probability 0.7, otherwise its log price moves by a category drift divided by 0.3
plus noise, so the expected month-to-month log change is exactly the category drift. The true
index of a category is therefore 100·exp(drift·(month − 1)) (``MarketplaceData.true_index``).
Orders per listing and month are Poisson with a listing-specific popularity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.classification import REGIONS
from destat.demo.names import addresses, business_names, phone_numbers, tax_ids
from destat.exchange.linkage.synthetic import seller_name, typo

__all__ = ["CATEGORIES", "MarketplaceData", "make_marketplace"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class _Category:
    code: str
    name: str
    median_price: float  # national currency
    monthly_drift: float  # expected month-to-month change of the log price


CATEGORIES: tuple[_Category, ...] = (
    _Category("ELEC", "Electronics", 320.0, 0.002),
    _Category("FASH", "Clothing and footwear", 45.0, 0.006),
    _Category("HOME", "Home and garden", 80.0, 0.004),
    _Category("FOOD", "Food and beverages", 15.0, 0.009),
    _Category("BEAU", "Health and beauty", 25.0, 0.005),
    _Category("TOYS", "Toys and hobbies", 35.0, 0.003),
    _Category("AUTO", "Vehicle parts", 120.0, 0.007),
    _Category("BOOK", "Books and media", 20.0, 0.001),
)
_CODES = tuple(c.code for c in CATEGORIES)

# Which categories an enterprise of a section lists in (weights over _CODES), and its
# shift of the log-odds of selling on the marketplace.
_SECTION_CATEGORIES: dict[str, tuple[tuple[float, ...], float]] = {
    "C": ((1, 3, 3, 3, 2, 1, 1, 0.5), 0.3),
    "G": ((3, 3, 2, 2, 2, 2, 2, 1), 1.6),
    "I": ((0, 0, 0, 1, 0, 0, 0, 0), 0.2),
    "J": ((3, 0, 0, 0, 0, 0, 0, 3), 0.6),
    "S": ((1, 0, 0, 0, 3, 0, 0, 0), 0.2),
}
_OTHER_SECTION: tuple[tuple[float, ...], float] = ((1, 1, 1, 1, 1, 1, 1, 1), -0.8)
_STICKY = 0.7
_UNREGISTERED_SHARE = 0.2  # businesses among sellers that are not in the register
_INDIVIDUALS_PER_BUSINESS = 1.5


@dataclass(frozen=True)
class MarketplaceData:
    """The marketplace's files and the truth behind them."""

    sellers: pd.DataFrame
    listings: pd.DataFrame
    prices: pd.DataFrame
    transactions: pd.DataFrame
    truth: pd.DataFrame  # seller_id, enterprise_id of the register sellers
    true_index: pd.DataFrame  # category, month, index (first month = 100)


def _sigmoid(x: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + np.exp(-x))


def _written_tax_id(tax_id: str, rng: np.random.Generator) -> str | None:
    form = int(rng.integers(5))
    if form == 0:
        return None
    if form == 1:
        return tax_id.replace("-", "")
    if form == 2:
        return f"{tax_id[:2]}.{tax_id[2:5]}.{tax_id[5:]}"
    return tax_id


def _written_phone(phone: str, rng: np.random.Generator) -> str | None:
    _, area, exchange, line = phone.split(" ")
    form = int(rng.integers(5))
    if form == 0:
        return None
    if form == 1:
        return f"0{area} {exchange} {line}"
    if form == 2:
        return f"{area}{exchange}{line}"
    if form == 3:
        return f"00999 {area} {exchange}-{line}"
    return phone


def _written_address(address: str, rng: np.random.Generator) -> str | None:
    if rng.random() < 0.1:
        return None
    street, _, region = address.partition(", ")
    for long, short in (
        ("Avenida", "Av."),
        ("Calle", "C."),
        ("Pasaje", "Pje."),
        ("Carrera", "Cra."),
    ):
        if street.startswith(long) and rng.random() < 0.5:
            street = short + street.removeprefix(long)
    if rng.random() < 0.25:
        street = typo(street, rng)
    return street if rng.random() < 0.5 else f"{street}, {region}"


def _register_sellers(register: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    profile = [_SECTION_CATEGORIES.get(s, _OTHER_SECTION) for s in register["section"]]
    shift = np.array([p[1] for p in profile])
    persons = register["persons_employed"].to_numpy(dtype=np.float64)
    sells = rng.random(len(register)) < _sigmoid(-3.4 + 0.45 * np.log1p(persons) + shift)
    chosen = register.loc[sells]
    return pd.DataFrame(
        {
            "enterprise_id": chosen["enterprise_id"].to_numpy(),
            "seller_type": "business",
            "name": [seller_name(n, rng) for n in chosen["name"]],
            "tax_id": [_written_tax_id(t, rng) for t in chosen["tax_id"]],
            "phone": [_written_phone(p, rng) for p in chosen["phone"]],
            "address": [_written_address(a, rng) for a in chosen["address"]],
            "region": chosen["region"].astype(str).to_numpy(),
            "sex": None,
            "section": chosen["section"].to_numpy(),
            "persons": chosen["persons_employed"].to_numpy(),
        }
    )


def _regions(n: int, rng: np.random.Generator) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.str_]]:
    shares = np.array([r.share for r in REGIONS])
    index = rng.choice(len(REGIONS), size=n, p=shares / shares.sum())
    codes = np.array([str(r.code) for r in REGIONS])[index]
    return codes, np.array([r.name for r in REGIONS])[index]


def _other_sellers(
    businesses: int, individuals: int, taken: set[str], rng: np.random.Generator
) -> pd.DataFrame:
    """Unregistered businesses (tax IDs, when given, not in the register) and individuals."""
    n = businesses + individuals
    region, region_name = _regions(n, rng)
    sections = rng.choice(["C", "G", "G", "S", "I"], size=businesses)
    names, _ = business_names(sections, np.full(businesses, "SOLE"), rng)
    sex = rng.choice(["F", "M"], size=individuals, p=[0.55, 0.45]).astype(object)
    sex[rng.random(individuals) < 0.2] = None  # sex not declared
    return pd.DataFrame(
        {
            "enterprise_id": None,
            "seller_type": ["business"] * businesses + ["individual"] * individuals,
            "name": list(names) + [f"Vendedor {i}" for i in range(individuals)],
            "tax_id": [
                t if rng.random() < 0.3 and t not in taken else None
                for t in tax_ids(businesses, rng)
            ]
            + [None] * individuals,
            "phone": phone_numbers(np.full(n, "1"), rng),
            "address": addresses(region_name, rng),
            "region": region,
            "sex": [None] * businesses + list(sex),
            "section": list(sections) + ["_Z"] * individuals,
            "persons": np.r_[rng.integers(1, 5, businesses), np.ones(individuals, dtype=int)],
        }
    )


def _listings(sellers: pd.DataFrame, months: int, rng: np.random.Generator) -> pd.DataFrame:
    rate = np.where(
        sellers["seller_type"] == "business", 2.0 + 2.0 * np.log1p(sellers["persons"]), 1.5
    )
    per_seller = 1 + rng.poisson(rate)
    owner = np.repeat(np.arange(len(sellers)), per_seller)
    weights = [_SECTION_CATEGORIES.get(s, _OTHER_SECTION)[0] for s in sellers["section"]]
    main = np.array([rng.choice(len(_CODES), p=np.divide(w, sum(w))) for w in weights])
    own_category = rng.random(len(owner)) < 0.8
    category = np.where(own_category, main[owner], rng.integers(len(_CODES), size=len(owner)))
    start = np.where(rng.random(len(owner)) < 0.6, 1, rng.integers(1, months + 1, len(owner)))
    end = np.minimum(start + rng.geometric(1 / 8, len(owner)), months)
    return pd.DataFrame(
        {
            "listing_id": [f"L{i:07d}" for i in range(1, len(owner) + 1)],
            "seller_id": sellers["seller_id"].to_numpy()[owner],
            "category": np.array(_CODES)[category],
            "first_month": start,
            "last_month": end,
        }
    )


def _price_paths(listings: pd.DataFrame, months: int, rng: np.random.Generator) -> pd.DataFrame:
    by_code = {c.code: c for c in CATEGORIES}
    median = np.array([by_code[c].median_price for c in listings["category"]])
    drift = np.array([by_code[c].monthly_drift for c in listings["category"]])
    log_price = np.log(median) + rng.normal(0.0, 0.6, len(listings))
    rows = []
    for month in range(1, months + 1):
        if month > 1:
            moves = rng.random(len(listings)) >= _STICKY
            step = drift / (1 - _STICKY) + rng.normal(0.0, 0.03, len(listings))
            log_price = log_price + np.where(moves, step, 0.0)
        active = (listings["first_month"] <= month) & (listings["last_month"] >= month)
        rows.append(
            pd.DataFrame(
                {
                    "listing_id": listings["listing_id"][active],
                    "month": month,
                    "price": np.exp(log_price[active.to_numpy()]),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _transactions(
    prices: pd.DataFrame, listings: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    popularity = dict(
        zip(listings["listing_id"], rng.lognormal(-0.5, 1.0, len(listings)), strict=True)
    )
    orders = rng.poisson(prices["listing_id"].map(popularity).to_numpy())
    rows = prices.loc[np.repeat(prices.index.to_numpy(), orders)].reset_index(drop=True)
    seller = dict(zip(listings["listing_id"], listings["seller_id"], strict=True))
    return pd.DataFrame(
        {
            "transaction_id": [f"T{i:08d}" for i in range(1, len(rows) + 1)],
            "listing_id": rows["listing_id"],
            "seller_id": rows["listing_id"].map(seller),
            "month": rows["month"],
            "quantity": 1 + rng.poisson(0.3, len(rows)),
            "unit_price": rows["price"].round(2),
        }
    )


def make_marketplace(
    register: pd.DataFrame, rng: np.random.Generator, *, year: int = 2025, months: int = 12
) -> MarketplaceData:
    """Generate the marketplace files for ``register`` (the demo register), months 1 to ``months``
    of ``year`` (written ``YYYY-MM``)."""
    from_register = _register_sellers(register, rng)
    unregistered = round(len(from_register) * _UNREGISTERED_SHARE / (1 - _UNREGISTERED_SHARE))
    individuals = round((len(from_register) + unregistered) * _INDIVIDUALS_PER_BUSINESS)
    others = _other_sellers(unregistered, individuals, set(register["tax_id"]), rng)
    sellers = pd.concat([from_register, others], ignore_index=True)
    sellers = sellers.iloc[rng.permutation(len(sellers))].reset_index(drop=True)
    sellers.insert(0, "seller_id", [f"V{i:06d}" for i in range(1, len(sellers) + 1)])
    listings = _listings(sellers, months, rng)
    prices = _price_paths(listings, months, rng)
    transactions = _transactions(prices, listings, rng)
    prices["price"] = prices["price"].round(2)
    for frame in (prices, transactions):
        frame["month"] = [f"{year}-{m:02d}" for m in frame["month"]]
    truth = sellers.loc[sellers["enterprise_id"].notna(), ["seller_id", "enterprise_id"]]
    true_index = pd.DataFrame(
        [
            {
                "category": c.code,
                "month": f"{year}-{m:02d}",
                "index": 100 * np.exp(c.monthly_drift * (m - 1)),
            }
            for c in CATEGORIES
            for m in range(1, months + 1)
        ]
    )
    public = sellers.drop(columns=["enterprise_id", "section", "persons"])
    return MarketplaceData(
        public,
        listings.drop(columns=["first_month", "last_month"]),
        prices,
        transactions,
        truth.reset_index(drop=True),
        true_index,
    )
