"""Regions, strata and enumeration areas (EAs) of the demo country's household sampling frame.

The country has the ten regions of the business demo. Each region is split into an urban and a
rural part, which gives 20 strata (region × urban/rural). Each stratum is cut into enumeration
areas of 50 to 300 households, as a census cartography would: urban EAs are larger on average
(about 200 households) than rural ones (about 150).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.classification import REGIONS
from destat.errors import ConfigError

__all__ = [
    "AREAS",
    "EA_SIZE_RANGE",
    "REGION_PROFILES",
    "RegionProfile",
    "build_enumeration_areas",
]

IntArray = npt.NDArray[np.int64]

AREAS: tuple[str, str] = ("urban", "rural")
EA_SIZE_RANGE: tuple[int, int] = (50, 300)
# Beta shapes of an EA's size within EA_SIZE_RANGE, urban then rural.
_EA_SIZE_SHAPES = ((3.0, 2.0), (2.0, 3.0))


@dataclass(frozen=True)
class RegionProfile:
    """A region's share of households, urban share and effect on connectivity (a logit shift)."""

    code: int
    name: str
    household_share: float
    urban_share: float
    connectivity: float


REGION_PROFILES: tuple[RegionProfile, ...] = tuple(
    RegionProfile(region.code, region.name, share, urban, effect)
    for region, share, urban, effect in zip(
        REGIONS,
        (0.27, 0.13, 0.12, 0.09, 0.08, 0.08, 0.07, 0.06, 0.06, 0.04),
        (0.95, 0.62, 0.55, 0.38, 0.30, 0.28, 0.33, 0.25, 0.22, 0.35),
        (0.40, 0.15, 0.15, -0.10, -0.20, -0.25, -0.15, -0.30, -0.40, -0.10),
        strict=True,
    )
)


def _stratum_targets(n_households: int) -> pd.DataFrame:
    """Households wanted in each stratum, in stratum order (region, then urban before rural)."""
    rows = []
    for region in REGION_PROFILES:
        for area, share in zip(AREAS, (region.urban_share, 1 - region.urban_share), strict=True):
            rows.append(
                {
                    "stratum": f"R{region.code:02d}-{area[0].upper()}",
                    "region": region.code,
                    "area": area,
                    "target": n_households * region.household_share * share,
                }
            )
    return pd.DataFrame(rows)


def _cut_into_areas(target: float, urban: bool, rng: np.random.Generator) -> IntArray:
    """EA sizes that add up to about ``target`` households (the last EA may overshoot)."""
    low, high = EA_SIZE_RANGE
    a, b = _EA_SIZE_SHAPES[0 if urban else 1]
    sizes = low + np.round((high - low) * rng.beta(a, b, int(target // low) + 2)).astype(np.int64)
    count = int(np.searchsorted(np.cumsum(sizes), target)) + 1
    return sizes[: max(count, 1)]


def build_enumeration_areas(n_households: int, rng: np.random.Generator) -> pd.DataFrame:
    """One row per EA: ``ea`` (id), ``stratum``, ``region``, ``area`` and ``households``.

    EAs are numbered from 1 in stratum order; the country has about ``n_households``
    households. A ConfigError says so when the country is too small for two EAs per stratum.
    """
    targets = _stratum_targets(n_households)
    smallest = float(targets["target"].min())
    if smallest < 2 * EA_SIZE_RANGE[1]:
        needed = int(np.ceil(n_households * 2 * EA_SIZE_RANGE[1] / smallest))
        raise ConfigError(
            f"A country of {n_households} households is too small: its smallest stratum would "
            f"have {smallest:.0f} households, fewer than two enumeration areas. "
            f"Use at least {needed} households."
        )
    pieces = []
    for stratum, region, area, target in zip(
        targets["stratum"], targets["region"], targets["area"], targets["target"], strict=True
    ):
        sizes = _cut_into_areas(float(target), area == "urban", rng)
        pieces.append(
            pd.DataFrame({"stratum": stratum, "region": region, "area": area, "households": sizes})
        )
    areas = pd.concat(pieces, ignore_index=True)
    areas.insert(0, "ea", np.arange(1, len(areas) + 1, dtype=np.int64))
    return areas
