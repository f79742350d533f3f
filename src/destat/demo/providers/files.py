"""Writing the generated provider files of the demo country, as the holders would send them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from destat.demo.providers.marketplace import make_marketplace
from destat.demo.providers.postal import make_postal_items
from destat.demo.register import build_register

__all__ = ["ProviderFiles", "write_provider_files"]

_REGISTER_COLUMNS = [
    "enterprise_id", "tax_id", "name", "phone", "address", "size_class", "industry", "region",
]  # fmt: skip


@dataclass(frozen=True)
class ProviderFiles:
    """Paths of the generated files: the holders' files, the register and the truth."""

    register: Path
    sellers: Path
    listings: Path
    prices: Path
    transactions: Path
    marketplace_truth: Path
    price_truth: Path
    postal_items: Path
    exchange_rates: Path
    postal_truth: Path


def write_provider_files(
    out_dir: Path | str,
    *,
    seed: int = 2025,
    enterprises: int = 20_000,
    postal_items: int = 40_000,
    register: pd.DataFrame | None = None,
) -> ProviderFiles:
    """Generate the marketplace of ``register`` (the demo country's, with the columns of
    ``destat.demo.register.build_register``; without it a new register of ``enterprises``) and
    ``postal_items`` postal items, and write them as CSV files in ``out_dir`` with the truth."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    if register is None:
        register = build_register(enterprises, rng)
    market = make_marketplace(register, rng)
    postal = make_postal_items(rng, n_items=postal_items)
    files = ProviderFiles(*(folder / f"{name}.csv" for name in ProviderFiles.__dataclass_fields__))
    register[_REGISTER_COLUMNS].to_csv(files.register, index=False)
    market.sellers.to_csv(files.sellers, index=False)
    market.listings.to_csv(files.listings, index=False)
    market.prices.to_csv(files.prices, index=False)
    market.transactions.to_csv(files.transactions, index=False)
    market.truth.to_csv(files.marketplace_truth, index=False)
    market.true_index.to_csv(files.price_truth, index=False)
    postal.items.to_csv(files.postal_items, index=False)
    postal.rates.to_csv(files.exchange_rates, index=False)
    postal.truth.to_csv(files.postal_truth, index=False)
    return files
