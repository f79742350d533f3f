"""``[sources]`` in destat.toml: a marketplace's and a postal operator's files, published with the
survey as experimental statistics (see docs/marketplace-postal.md). Every part is optional.

The linkage secret is never written in the project: ``secret_env`` names the environment
variable that holds it; without it each run draws a fresh secret (both sides of the linkage are
then in the office, so nothing has to be shared).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from destat.sources.defaults import DEFAULT_THRESHOLD

__all__ = ["LinkageSettings", "MarketplaceFiles", "PostalFiles", "SourcesSettings"]

_STRICT = ConfigDict(frozen=True, extra="forbid")


class LinkageSettings(BaseModel):
    """Linking the marketplace's business sellers to the register (in clear, with
    ``enterprise_id``, ``tax_id``, ``phone``, ``name``, ``address``, ``size_class``,
    ``industry``); ``truth`` (true seller–enterprise pairs) only for generated data."""

    model_config = _STRICT
    register_file: Path = Field(alias="register")  # "register" would shadow a BaseModel method
    secret_env: str | None = None
    threshold: Annotated[float, Field(gt=0, le=1)] = DEFAULT_THRESHOLD
    phone_prefix: str = ""
    truth: Path | None = None
    seed: int = 0


class MarketplaceFiles(BaseModel):
    """The four files a marketplace sends, and optionally the linkage to the register."""

    model_config = _STRICT
    sellers: Path
    listings: Path
    prices: Path
    transactions: Path
    linkage: LinkageSettings | None = None


class PostalFiles(BaseModel):
    """A postal operator's item-level pre-advice file and the monthly exchange rates."""

    model_config = _STRICT
    items: Path
    rates: Path


class SourcesSettings(BaseModel):
    """The provider files of the project."""

    model_config = _STRICT
    marketplace: MarketplaceFiles | None = None
    postal: PostalFiles | None = None
