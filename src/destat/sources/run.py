"""Running an adapter end to end: read the provider's files, build the protected tables, write
them as CSV and SDMX. The CLI (``destat sources``) calls ``run_marketplace`` and ``run_postal``;
a project (``destat run``) builds the tables with ``marketplace_tables`` and ``postal_tables``
and publishes them with its other outputs."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from destat.exchange.linkage import EncodingConfig, LinkageSecret, LinkStats
from destat.publish.sdmx import SdmxFiles
from destat.sources.errors import SourceFileError
from destat.sources.fields import read_provider_file
from destat.sources.marketplace import (
    MarketplaceTables,
    price_index,
    read_marketplace,
    sellers_selling,
)
from destat.sources.postal import postal_flows, read_postal
from destat.sources.register_share import (
    DEFAULT_THRESHOLD,
    MatchQuality,
    link_sellers,
    match_quality,
    register_share,
)
from destat.sources.sdmx import ProviderDataflow, write_provider_sdmx
from destat.sources.tables import TOTAL

__all__ = [
    "TABLE_FLOWS",
    "MarketplacePaths",
    "MarketplaceResult",
    "MarketplaceRun",
    "PostalRun",
    "RegisterLink",
    "marketplace_tables",
    "postal_tables",
    "run_marketplace",
    "run_postal",
    "write_tables_sdmx",
]

logger = logging.getLogger(__name__)

SELLERS_FLOW = ProviderDataflow(
    "MKT_SELLERS",
    "Sellers selling on an online marketplace (experimental statistics)",
    {"seller_type": "SELLER_TYPE", "sex": "SEX", "region": "REGION", "category": "CATEGORY"},
    {"sellers": "SELLERS", "sales": "SALES"},
    "A",
    "year",
)
PRICES_FLOW = ProviderDataflow(
    "MKT_PRICES",
    "Online price index of matched listings (experimental statistics)",
    {"category": "CATEGORY"},
    {"index": "PRICE_INDEX"},
    "M",
    "month",
)
SHARE_FLOW = ProviderDataflow(
    "MKT_REGISTER",
    "Register enterprises found selling on an online marketplace (experimental statistics)",
    {"size_class": "SIZE_CLASS", "industry": "ACTIVITY"},
    {"enterprises": "ENTERPRISES", "found": "FOUND_SELLING", "share": "SHARE_FOUND"},
    "A",
    "year",
)
POSTAL_FLOW = ProviderDataflow(
    "POSTAL_FLOWS",
    "Cross-border small-parcel flows from postal customs pre-advice (experimental statistics)",
    {
        "origin": "ORIGIN",
        "destination": "DESTINATION",
        "hs_chapter": "HS_CHAPTER",
        "value_band": "VALUE_BAND",
    },
    {"items": "ITEMS", "value_usd": "VALUE_USD", "weight_kg": "WEIGHT_KG"},
    "M",
    "month",
)
TABLE_FLOWS = {
    "marketplace_sellers": SELLERS_FLOW,
    "marketplace_prices": PRICES_FLOW,
    "marketplace_register_share": SHARE_FLOW,
    "postal_flows": POSTAL_FLOW,
}
"""Each table an adapter can produce, and its dataflow."""


@dataclass(frozen=True)
class MarketplacePaths:
    """The four files a marketplace sends."""

    sellers: Path
    listings: Path
    prices: Path
    transactions: Path


@dataclass(frozen=True)
class RegisterLink:
    """What linking the sellers to the business register needs (the register in clear, with
    ``enterprise_id``, ``tax_id``, ``phone``, ``name``, ``address``, ``size_class``,
    ``industry``), and optionally the true pairs to measure the linkage against."""

    register: Path
    secret: LinkageSecret
    threshold: float = DEFAULT_THRESHOLD
    phone_country_prefix: str = ""
    truth: Path | None = None
    seed: int = 0


@dataclass(frozen=True)
class MarketplaceResult:
    """The protected marketplace tables (name → frame) and the linkage figures."""

    frames: dict[str, pd.DataFrame]
    link_stats: LinkStats | None = None
    quality: MatchQuality | None = None


@dataclass(frozen=True)
class MarketplaceRun:
    """The tables written (name → CSV file), their SDMX files and the linkage figures."""

    tables: dict[str, Path]
    sdmx: list[SdmxFiles]
    link_stats: LinkStats | None = None
    quality: MatchQuality | None = None
    frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class PostalRun:
    """The flows table written, its SDMX files and the number of items read."""

    tables: dict[str, Path]
    sdmx: list[SdmxFiles]
    items: int
    frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)


def _year(data: MarketplaceTables, path: Path) -> str:
    years = sorted(data.transactions["month"].str.slice(0, 4).unique())
    if len(years) != 1:
        raise SourceFileError(
            f"{path} holds transactions of {len(years)} years ({', '.join(years) or 'none'}); "
            "the annual tables need one year per run: split the file by year."
        )
    return str(years[0])


def _combined_sellers(by_region: pd.DataFrame, by_category: pd.DataFrame) -> pd.DataFrame:
    """One table over all four breakdowns: the shared cells (both margins) appear once."""
    both = pd.concat(
        [by_region.assign(category=TOTAL), by_category.assign(region=TOTAL)], ignore_index=True
    )
    key = ["seller_type", "sex", "region", "category"]
    both = both[key + [c for c in both.columns if c not in key]]
    return both.drop_duplicates(key).reset_index(drop=True)


def _with_year(frame: pd.DataFrame, year: str) -> pd.DataFrame:
    """An annual table with its year in the first column, so that it says its period."""
    return frame.assign(year=year)[["year", *frame.columns]]


def _write(
    frames: dict[str, pd.DataFrame], out_dir: Path, ref_area: str, agency: str
) -> tuple[dict[str, Path], list[SdmxFiles]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in frames.items():
        paths[name] = out_dir / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    sdmx = write_tables_sdmx(frames, out_dir / "sdmx", ref_area=ref_area, agency=agency)
    logger.info("Wrote %d tables and their SDMX files to %s", len(frames), out_dir)
    return paths, sdmx


def write_tables_sdmx(
    frames: dict[str, pd.DataFrame], out_dir: Path, *, ref_area: str, agency: str
) -> list[SdmxFiles]:
    """The SDMX files of each adapter table in ``frames`` (names of ``TABLE_FLOWS``)."""
    return [
        write_provider_sdmx(frame, TABLE_FLOWS[name], out_dir, ref_area=ref_area, agency=agency)
        for name, frame in frames.items()
    ]


def _register_share(
    data: MarketplaceTables, sellers_path: Path, linkage: RegisterLink
) -> tuple[pd.DataFrame, LinkStats, MatchQuality | None]:
    register = read_provider_file(
        linkage.register,
        ["enterprise_id", "tax_id", "phone", "name", "address", "size_class", "industry"],
    )
    sellers = read_provider_file(
        sellers_path, ["seller_id", "seller_type", "tax_id", "phone", "name", "address"]
    )
    result = link_sellers(
        register,
        sellers,
        linkage.secret,
        rng=np.random.default_rng(linkage.seed),
        threshold=linkage.threshold,
        config=EncodingConfig(phone_country_prefix=linkage.phone_country_prefix),
    )
    selling = data.transactions.merge(data.listings, on="listing_id")["seller_id"].drop_duplicates()
    quality = None
    if linkage.truth is not None:
        truth = read_provider_file(linkage.truth, ["seller_id", "enterprise_id"])
        quality = match_quality(result, truth, sellers)
    return register_share(register, result.pairs, selling), result.stats, quality


def marketplace_tables(
    files: MarketplacePaths, *, linkage: RegisterLink | None = None
) -> MarketplaceResult:
    """Sellers selling online, the online price index and (with ``linkage``) the share of
    register enterprises found selling, protected, without writing anything."""
    data = read_marketplace(files.sellers, files.listings, files.prices, files.transactions)
    year = _year(data, files.transactions)
    by_region, by_category = sellers_selling(data)
    frames = {
        "marketplace_sellers": _with_year(_combined_sellers(by_region, by_category), year),
        "marketplace_prices": price_index(data),
    }
    stats = quality = None
    if linkage is not None:
        share, stats, quality = _register_share(data, files.sellers, linkage)
        frames["marketplace_register_share"] = _with_year(share, year)
    return MarketplaceResult(frames, stats, quality)


def postal_tables(items: Path, rates: Path) -> tuple[dict[str, pd.DataFrame], int]:
    """Monthly postal flows by corridor, HS chapter and value band, protected, and the number
    of items read, without writing anything."""
    data = read_postal(items, rates)
    return {"postal_flows": postal_flows(data)}, len(data.items)


def run_marketplace(
    files: MarketplacePaths,
    out_dir: Path,
    *,
    linkage: RegisterLink | None = None,
    ref_area: str = "DL",
    agency: str = "NSO",
) -> MarketplaceRun:
    """Sellers selling online, the online price index and (with ``linkage``) the share of
    register enterprises found selling, as CSV tables and SDMX files in ``out_dir``."""
    tables = marketplace_tables(files, linkage=linkage)
    paths, sdmx = _write(tables.frames, out_dir, ref_area, agency)
    return MarketplaceRun(paths, sdmx, tables.link_stats, tables.quality, tables.frames)


def run_postal(
    items: Path, rates: Path, out_dir: Path, *, ref_area: str = "DL", agency: str = "NSO"
) -> PostalRun:
    """Monthly postal flows by corridor, HS chapter and value band, as CSV and SDMX."""
    frames, count = postal_tables(items, rates)
    paths, sdmx = _write(frames, out_dir, ref_area, agency)
    return PostalRun(paths, sdmx, count, frames)
