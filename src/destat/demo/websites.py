"""Websites for the demo country, consistent with its truth, and the files to discover them.

Every enterprise that the register says has a website (the truth behind B5: in the demo an
enterprise with a website and Internet access has web presence) gets a generated site: a shop
(cart, add-to-cart buttons, prices, payment logos, schema.org offers) for most enterprises that
receive orders over the Internet (B7 = yes; the rest take orders by e-mail or on marketplaces)
and a few others, a brochure site otherwise, some of them with a price list but no cart. Sites
link to social media more often when the enterprise sells online; 2% of the sites shut
crawlers out in their robots.txt. Pages are in the demo
country's Spanish or, for a share of sites, in English, French, Portuguese, Russian, Arabic or
Chinese.

Discovery reads what an office would have: a register extract whose website field is filled for
only part of the enterprises with a site (registers are incomplete), their e-mail addresses,
and a domain-registry extract holding most of their domains with the holder's tax id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from destat.demo.national_format import REGISTER_NAMES

__all__ = ["LANGUAGES", "SiteSpec", "discovery_inputs", "site_specs"]

# Language of a site and its share among the demo country's sites.
LANGUAGES = {"es": 0.6, "en": 0.12, "pt": 0.08, "fr": 0.06, "ru": 0.05, "ar": 0.05, "zh": 0.04}
SOCIAL_NETWORKS = ("facebook", "instagram", "linkedin", "youtube", "tiktok")
_SHOP_IF_ORDERS = 0.85
_SHOP_OTHERWISE = 0.03
_SOCIAL_IF_SHOP = 0.8
_SOCIAL_OTHERWISE = 0.45
_PRICE_LIST_SHARE = 0.3  # brochure sites that show prices but take no orders (hard negatives)
_BLOCKS_CRAWLERS = 0.02
_REGISTER_WEBSITE_SHARE = 0.5
_REGISTRY_SHARE = 0.9


@dataclass(frozen=True)
class SiteSpec:
    """What one generated site shows."""

    host: str
    enterprise_id: str
    name: str
    language: str
    shop: bool
    price_list: bool
    social: tuple[str, ...]
    tax_id: str
    phone: str
    email: str
    blocks_crawlers: bool = False  # its robots.txt shuts out crawlers


def _register(register_file: Path) -> pd.DataFrame:
    """The demo register under model names, read as text."""
    national = pd.read_parquet(register_file).astype("string").fillna("")
    return national.rename(columns={v: k for k, v in REGISTER_NAMES.items()})


def site_specs(
    register_file: Path, truth_file: Path, rng: np.random.Generator
) -> tuple[SiteSpec, ...]:
    """A site for every enterprise of the register with a website, drawn with ``rng``."""
    register = _register(register_file)
    truth = pd.read_parquet(truth_file, columns=["enterprise_id", "receives_orders_internet"])
    orders = register["enterprise_id"].map(
        truth.set_index("enterprise_id")["receives_orders_internet"].fillna(0)
    )
    with_site = register[register["website"] != ""].assign(orders=orders)
    n = len(with_site)
    shop = rng.random(n) < np.where(with_site["orders"] == 1, _SHOP_IF_ORDERS, _SHOP_OTHERWISE)
    social_share = np.where(shop, _SOCIAL_IF_SHOP, _SOCIAL_OTHERWISE)
    social = rng.random(n) < social_share
    networks = rng.integers(1, 4, n)
    price_list = ~shop & (rng.random(n) < _PRICE_LIST_SHARE)
    languages = rng.choice(list(LANGUAGES), size=n, p=list(LANGUAGES.values()))
    blocks = rng.random(n) < _BLOCKS_CRAWLERS
    specs = []
    for i, row in enumerate(with_site.itertuples(index=False)):
        specs.append(
            SiteSpec(
                host=_host(str(row.website)),
                enterprise_id=str(row.enterprise_id),
                name=str(row.name),
                language=str(languages[i]),
                shop=bool(shop[i]),
                price_list=bool(price_list[i]),
                social=SOCIAL_NETWORKS[: networks[i]] if social[i] else (),
                tax_id=str(row.tax_id),
                phone=str(row.phone),
                email=str(row.email),
                blocks_crawlers=bool(blocks[i]),
            )
        )
    return tuple(specs)


def _host(website: str) -> str:
    return website.split("://", 1)[-1].split("/", 1)[0].lower()


def discovery_inputs(
    register_file: Path, rng: np.random.Generator, scope: set[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The register extract (enterprise_id, name, tax_id, website, email, phone) and the
    domain-registry extract (domain, registrant_name, registrant_tax_id) for discovery, for the
    enterprises in ``scope`` (all when None)."""
    register = _register(register_file)
    if scope is not None:
        register = register[register["enterprise_id"].isin(scope)]
    columns = ["enterprise_id", "name", "tax_id", "website", "email", "phone"]
    extract = register[columns].reset_index(drop=True)
    listed = rng.random(len(extract)) < _REGISTER_WEBSITE_SHARE
    extract["website"] = extract["website"].where(listed, "")
    sites = register[register["website"] != ""]
    held = rng.random(len(sites)) < _REGISTRY_SHARE
    registry = pd.DataFrame(
        {
            "domain": sites["website"].map(_host).str.removeprefix("www."),
            "registrant_name": sites["name"].str.upper(),
            "registrant_tax_id": sites["tax_id"],
        }
    )[held].reset_index(drop=True)
    return extract, registry
