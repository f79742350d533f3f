"""The project's provider sources (``[sources]`` in destat.toml): marketplace and postal tables,
built by the adapters of :mod:`destat.sources` (disclosure control of Hundepool et al. 2012,
Jevons price index of the ILO et al. 2020 CPI Manual; see docs/marketplace-postal.md) and
published beside the survey's figures as experimental statistics.

The tables are built before anything is written, so a bad provider file stops the run with the
file, row and column and leaves the project database and outputs as they were. Each table then
goes into the project database with the rest, into the outputs folder in every format, and into
``outputs/sdmx/`` as a dataflow of its own with the ``EXPERIMENTAL`` attribute.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from destat.exchange.linkage import LinkageSecret, LinkStats
from destat.exchange.linkage.keyed import MIN_SECRET_BYTES
from destat.project.config import ProjectConfig
from destat.project.outputs import write_tables
from destat.project.sources_settings import LinkageSettings
from destat.sources.errors import SourceFileError
from destat.sources.register_share import MatchQuality
from destat.sources.run import (
    TABLE_FLOWS,
    MarketplacePaths,
    RegisterLink,
    marketplace_tables,
    postal_tables,
    write_tables_sdmx,
)

__all__ = ["SourcesRun", "source_tables", "write_source_outputs"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourcesRun:
    """The experimental tables (name → frame), the linkage figures and the postal items read."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    link_stats: LinkStats | None = None
    quality: MatchQuality | None = None
    postal_items: int | None = None


def source_tables(folder: Path, config: ProjectConfig) -> SourcesRun:
    """Build the tables of every source in ``[sources]``; nothing without it."""
    settings = config.sources
    if settings is None:
        return SourcesRun()
    frames: dict[str, pd.DataFrame] = {}
    stats = quality = None
    items = None
    if settings.marketplace is not None:
        market = settings.marketplace
        files = MarketplacePaths(
            *(
                _path(folder, getattr(market, name), "marketplace", name)
                for name in ("sellers", "listings", "prices", "transactions")
            )
        )
        linkage = _register_link(folder, market.linkage) if market.linkage else None
        result = marketplace_tables(files, linkage=linkage)
        frames.update(result.frames)
        stats, quality = result.link_stats, result.quality
    if settings.postal is not None:
        postal = settings.postal
        flows, items = postal_tables(
            _path(folder, postal.items, "postal", "items"),
            _path(folder, postal.rates, "postal", "rates"),
        )
        frames.update(flows)
    logger.info("Built %d experimental tables from provider files", len(frames))
    return SourcesRun(frames, stats, quality, items)


def write_source_outputs(
    folder: Path, tables: dict[str, pd.DataFrame], config: ProjectConfig
) -> None:
    """The provider tables among ``tables``, in every format of ``[outputs]`` and (if SDMX is
    on) as SDMX files in ``folder/sdmx``."""
    frames = {name: frame for name, frame in tables.items() if name in TABLE_FLOWS}
    write_tables(folder, frames, config.outputs.formats)
    if config.outputs.sdmx and frames:
        project = config.project
        write_tables_sdmx(frames, folder / "sdmx", ref_area=project.ref_area, agency=project.agency)


def _register_link(folder: Path, settings: LinkageSettings) -> RegisterLink:
    section = "marketplace.linkage"
    truth = _path(folder, settings.truth, section, "truth") if settings.truth else None
    return RegisterLink(
        _path(folder, settings.register_file, section, "register"),
        _secret(settings),
        threshold=settings.threshold,
        phone_country_prefix=settings.phone_prefix,
        truth=truth,
        seed=settings.seed,
    )


def _secret(settings: LinkageSettings) -> LinkageSecret:
    """The secret from the environment variable ``secret_env``; else a fresh one for this run."""
    if settings.secret_env is None:
        return LinkageSecret.generate()
    value = os.environ.get(settings.secret_env)
    secret = (value or "").encode("utf-8")
    if len(secret) < MIN_SECRET_BYTES:
        raise SourceFileError(
            f"The environment variable {settings.secret_env} (secret_env in "
            f"[sources.marketplace.linkage] of destat.toml) holds {len(secret)} bytes: set it to "
            f"the linkage secret ({MIN_SECRET_BYTES} or more characters, e.g. from `openssl rand "
            "-hex 32`) before the run, or remove secret_env to draw a fresh secret for each run."
        )
    return LinkageSecret(secret)


def _path(folder: Path, relative: Path, section: str, name: str) -> Path:
    path = folder / relative
    if not path.is_file():
        raise SourceFileError(
            f"Provider file not found: {path}. Check {name} in [sources.{section}] of "
            "destat.toml (paths are relative to the project folder)."
        )
    return path
