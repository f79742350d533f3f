"""The share of register enterprises found selling on a marketplace, by size class and industry.

Business sellers are linked to the business register with ``destat.exchange.linkage``: keyed
hashes (HMAC-SHA256) of tax IDs and phones first, then CLK Bloom filters of name and address
above a Dice threshold (Schnell, Bachteler and Reiher 2009; see ``docs/linkage.md``). Only the
encodings are compared, so the same code runs when the marketplace encodes its own file with
the provider kit and sends the encodings.

An enterprise is *found selling* when it is linked to a seller with at least one transaction
in the period. For each size class × industry cell (with margins ``_T``) the table gives the
register count, the number found selling and their share. The count found selling goes
through disclosure control (at least 3 enterprises per cell, secondary suppression, audit);
a hidden count hides its share too. The register counts are the register's own published
figures and stay visible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from destat.disclosure import MinimumFrequency, PrimaryRules, SecondaryMethod
from destat.exchange.linkage import (
    EncodingConfig,
    LinkageSecret,
    LinkResult,
    UnitFields,
    encode_units,
    link,
    linkage_quality,
)
from destat.sources.defaults import DEFAULT_THRESHOLD
from destat.sources.errors import SourceFileError
from destat.sources.tables import CONTRIBUTORS, cells_with_margins, protect

__all__ = [
    "DEFAULT_THRESHOLD",
    "MINIMUM_FOUND",
    "REGISTER_FIELDS",
    "SELLER_FIELDS",
    "MatchQuality",
    "link_sellers",
    "match_quality",
    "register_share",
]

MINIMUM_FOUND = 3
OTHER_INDUSTRY = "_O"
REGISTER_FIELDS = UnitFields("enterprise_id", "tax_id", "phone", "name", "address")
SELLER_FIELDS = UnitFields("seller_id", "tax_id", "phone", "name", "address")


@dataclass(frozen=True)
class MatchQuality:
    """Precision and recall of the links against known true pairs."""

    threshold: float
    exact_precision: float
    exact_recall: float
    fuzzy_precision: float
    fuzzy_recall: float
    precision: float
    recall: float
    linked: int
    true_pairs: int


def _require(frame: pd.DataFrame, fields: UnitFields, what: str) -> None:
    needed = [
        c for c in (fields.unit_id, fields.tax_id, fields.phone, fields.name, fields.address) if c
    ]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise SourceFileError(
            f"The {what} has no column {', '.join(repr(c) for c in missing)}; linkage needs "
            f"{needed}. Rename the columns in the file."
        )


def link_sellers(
    register: pd.DataFrame,
    sellers: pd.DataFrame,
    secret: LinkageSecret,
    *,
    rng: np.random.Generator,
    threshold: float = DEFAULT_THRESHOLD,
    config: EncodingConfig | None = None,
) -> LinkResult:
    """Link the business sellers (``seller_type`` business) to the register enterprises."""
    _require(register, REGISTER_FIELDS, "register")
    _require(sellers, SELLER_FIELDS, "sellers file")
    businesses = sellers[sellers["seller_type"].astype(str).str.lower().isin(["business", "bus"])]
    settings = config or EncodingConfig()
    encoded_register = encode_units(register, REGISTER_FIELDS, secret, settings)
    encoded_sellers = encode_units(businesses, SELLER_FIELDS, secret, settings)
    return link(encoded_register, encoded_sellers, rng=rng, threshold=threshold)


def match_quality(result: LinkResult, truth: pd.DataFrame, sellers: pd.DataFrame) -> MatchQuality:
    """Precision and recall against ``truth`` (``seller_id``, ``enterprise_id``): of the exact
    links among sellers with a tax ID or phone, of the name-and-address links among the true
    pairs left after the exact step, and of all links."""
    true_pairs = truth.rename(columns={"seller_id": "provider_id", "enterprise_id": "register_id"})
    has_identifier = sellers.loc[sellers["tax_id"].notna() | sellers["phone"].notna(), "seller_id"]
    pairs = result.pairs
    exact = linkage_quality(
        pairs[pairs["match_type"] == "exact"],
        true_pairs[true_pairs["provider_id"].isin(has_identifier)],
    )
    fuzzy = pairs[pairs["match_type"] == "fuzzy"]
    left = ~true_pairs["provider_id"].isin(pairs.loc[pairs["match_type"] == "exact", "provider_id"])
    by_name = linkage_quality(fuzzy, true_pairs[left])
    overall = linkage_quality(pairs, true_pairs)
    return MatchQuality(
        threshold=result.stats.threshold,
        exact_precision=exact.precision,
        exact_recall=exact.recall,
        fuzzy_precision=by_name.precision,
        fuzzy_recall=by_name.recall,
        precision=overall.precision,
        recall=overall.recall,
        linked=len(pairs),
        true_pairs=len(true_pairs),
    )


def register_share(
    register: pd.DataFrame, pairs: pd.DataFrame, selling_sellers: pd.Series
) -> pd.DataFrame:
    """Register enterprises, those found selling and their share by ``size_class`` ×
    ``industry`` with margins, under disclosure control and flagged experimental.

    ``pairs`` are the links (``provider_id``, ``register_id``); ``selling_sellers`` the IDs of
    sellers with at least one transaction in the period.
    """
    for column in ("enterprise_id", "size_class", "industry"):
        if column not in register.columns:
            raise SourceFileError(
                f"The register has no column {column!r}; the share is broken down by "
                "size_class and industry of each enterprise_id."
            )
    selling = pairs.loc[pairs["provider_id"].isin(selling_sellers), "register_id"]
    units = pd.DataFrame(
        {
            "size_class": register["size_class"].astype(str),
            "industry": register["industry"].astype("string").fillna(OTHER_INDUSTRY).astype(str),
            "enterprises": 1.0,
            "found": register["enterprise_id"].isin(selling).astype(float),
        }
    )
    table = cells_with_margins(units, ["size_class", "industry"], ["enterprises", "found"], "found")
    # The rule counts the enterprises found selling, not all those in the register.
    table[CONTRIBUTORS] = table["found"].astype(int)
    table["share"] = table["found"] / table["enterprises"]
    rules = PrimaryRules(minimum_frequency=MinimumFrequency(MINIMUM_FOUND))
    (protected,) = protect(
        [table],
        ["size_class", "industry"],
        value="found",
        measures=["found", "share"],
        rules=rules,
        method=SecondaryMethod.OPTIMAL,
    )
    return protected
