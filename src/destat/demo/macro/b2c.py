"""Components of the UNCTAD B2C E-commerce Index for Demo Land and its twelve neighbours.

Account ownership is published for the Findex survey years 2014, 2017 and 2021 only; Internet
use, secure servers and postal reliability yearly. The last neighbour has no postal reliability
score, so the index leaves it out. The true 2019 index follows the 2020 edition's rules
(TN/UNCTAD/ICT4D/17 and 2018's Box 1): account for 2019 by compound growth between the 2017 and
2021 surveys, servers scored ``100 · (ln x − ln min) / (ln max − ln min)`` over the economies
with all four components, the index their average; the regional figure is the unweighted mean.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from destat.demo.macro.economy import DEMO_ECONOMY, NEIGHBOURS, REGIONS, MacroTables

__all__ = ["REFERENCE_YEAR", "b2c_tables", "groups_table"]

REFERENCE_YEAR = 2019
_FINDEX = (2014, 2017, 2021)
_YEARLY = range(2016, 2020)
_SOURCES = {
    "account": "World Bank, Global Findex",
    "internet": "ITU",
    "servers": "Netcraft, via World Bank WDI",
    "postal_reliability": "UPU",
}


def _economy_rows(country: str, rng: np.random.Generator, postal: bool) -> list[tuple[object, ...]]:
    # Demo Land sits in the middle of its neighbours' ranges.
    middle = country == DEMO_ECONOMY
    account = float(rng.uniform(45, 60) if middle else rng.uniform(25, 80))
    growth = float(rng.uniform(1.0, 1.25))
    surveys = (account / growth, account, min(account * growth, 99.0))
    rows: list[tuple[object, ...]] = [
        (country, year, "account", round(value, 1))
        for year, value in zip(_FINDEX, surveys, strict=True)
    ]
    internet = float(rng.uniform(55, 70) if middle else rng.uniform(30, 92))
    servers = float(rng.lognormal(math.log(400.0), 0.3 if middle else 1.6))
    reliability = float(rng.uniform(50, 65) if middle else rng.uniform(15, 95))
    for back, year in enumerate(reversed(_YEARLY)):
        rows.append((country, year, "internet", round(max(internet - 3.5 * back, 1.0), 1)))
        rows.append((country, year, "servers", round(servers * 0.85**back, 2)))
        if postal:
            rows.append((country, year, "postal_reliability", round(reliability, 1)))
    return rows


def b2c_tables(rng: np.random.Generator) -> MacroTables:
    """The components as a tidy table (country, year, component, value, source) and the true
    2019 index, rank and regional average of Demo Land."""
    economies = (DEMO_ECONOMY, *NEIGHBOURS)
    rows = [
        row
        for country in economies
        for row in _economy_rows(country, rng, postal=country != NEIGHBOURS[-1])
    ]
    table = pd.DataFrame(rows, columns=["country", "year", "component", "value"])
    table["source"] = table["component"].map(_SOURCES)
    return MacroTables(table, _true_index(table))


def _true_index(table: pd.DataFrame) -> dict[str, float]:
    value = table.set_index(["country", "component", "year"])["value"]
    indexed = [c for c in table["country"].unique() if (c, "postal_reliability", 2019) in value]
    servers = {c: math.log(value[(c, "servers", REFERENCE_YEAR)]) for c in indexed}
    low, high = min(servers.values()), max(servers.values())
    index = {}
    for country in indexed:
        start, end = value[(country, "account", 2017)], value[(country, "account", 2021)]
        account = start * (end / start) ** ((REFERENCE_YEAR - 2017) / (2021 - 2017))
        parts = (
            account,
            value[(country, "internet", REFERENCE_YEAR)],
            100.0 * (servers[country] - low) / (high - low),
            value[(country, "postal_reliability", REFERENCE_YEAR)],
        )
        index[country] = sum(parts) / 4
    region = [c for c in REGIONS["South"] if c in index]
    return {
        "B2C_INDEX": index[DEMO_ECONOMY],
        "B2C_RANK": float(1 + sum(v > index[DEMO_ECONOMY] for v in index.values())),
        "B2C_REGION_SOUTH": sum(index[c] for c in region) / len(region),
        "B2C_INDEXED": float(len(index)),
    }


def groups_table() -> pd.DataFrame:
    """Regions of the economies (columns country, grouping, group)."""
    rows = [(c, "region", name) for name, members in REGIONS.items() for c in members]
    return pd.DataFrame(rows, columns=["country", "grouping", "group"])
