"""Generated files of private data holders (a marketplace, a postal operator) for the demo country.

See ``docs/marketplace-postal.md``.
"""

from __future__ import annotations

from destat.demo.providers.files import ProviderFiles, write_provider_files
from destat.demo.providers.marketplace import CATEGORIES, MarketplaceData, make_marketplace
from destat.demo.providers.postal import HOME, PostalData, make_postal_items, s10_check_digit

__all__ = [
    "CATEGORIES",
    "HOME",
    "MarketplaceData",
    "PostalData",
    "ProviderFiles",
    "make_marketplace",
    "make_postal_items",
    "s10_check_digit",
    "write_provider_files",
]
