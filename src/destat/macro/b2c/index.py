"""The UNCTAD B2C E-commerce Index: components, secure-server scores, index, ranks, aggregates.

Method (UNCTAD B2C E-commerce Index 2018, TN/UNCTAD/ICT4D/12, Box 1; Information Economy Report
2015): the index of an economy is the average of four equally weighted components on a 0-100
scale -- payment (account ownership, % ages 15+; credit-card ownership before 2017), Internet use
(% of individuals), secure Internet servers per million people turned into a 0-100 score, and
delivery (UPU Postal Reliability Index; home delivery in 2015). Only economies with all four
components are indexed. Secure servers are scored over the economies indexed that year:

- ``linear-max`` (IER 2015, "normalized to 100 by rescaling"): ``100 · x / max(x)``;
- ``log-min-max``: ``100 · (ln x − ln min) / (ln max − ln min)`` with min and max taken over the
  economies with servers; an economy with none scores 0.

Each edition also recomputes the previous year with its own data and rules (the 2018 edition
re-estimated 2016); both years are kept, stamped with the edition. Ranks are 1 for the highest
index, computed on unrounded values, ties sharing the better rank. Aggregates of a group of
economies (region, income group) are unweighted averages of its indexed members; the notes'
weighting of their regional tables could not be read (see docs/b2c-index.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from destat.macro.b2c.editions import Edition, ServerScaling
from destat.macro.b2c.estimate import fill_component

__all__ = ["ROLES", "B2CResult", "compute_index", "group_aggregates", "scale_servers"]

ROLES = ("payment", "internet", "servers", "delivery")


@dataclass(frozen=True)
class B2CResult:
    """The index of one edition: economies, economies left out, and group aggregates."""

    edition: Edition
    economies: pd.DataFrame
    excluded: pd.DataFrame
    aggregates: pd.DataFrame


def scale_servers(per_million: pd.Series, scaling: ServerScaling) -> pd.Series:
    """Secure servers per million people as a 0-100 score across the economies given."""
    values = per_million.astype(float)
    if scaling is ServerScaling.LINEAR_MAX:
        top = values.max()
        return values * 0.0 if top == 0 else 100.0 * values / top
    positive = values[values > 0]
    if positive.empty:
        return values * 0.0
    low, high = math.log(positive.min()), math.log(positive.max())
    if high == low:
        return (values > 0) * 100.0
    logs = values.where(values > 0, positive.min()).map(math.log)
    return 100.0 * (logs - low) / (high - low)


def compute_index(
    tidy: pd.DataFrame, edition: Edition, groups: pd.DataFrame | None = None
) -> B2CResult:
    """The index for the edition's reference year and, revised, for the year before."""
    years = (edition.reference_year, edition.reference_year - 1)
    parts = [_index_for_year(tidy, edition, year) for year in years]
    economies = pd.concat([p[0] for p in parts], ignore_index=True)
    excluded = pd.concat([p[1] for p in parts], ignore_index=True)
    aggregates = group_aggregates(economies, groups) if groups is not None else _no_aggregates()
    return B2CResult(edition, economies, excluded, aggregates)


def _component(edition: Edition, role: str) -> str:
    return {"payment": edition.payment, "delivery": edition.delivery}.get(role, role)


def _index_for_year(
    tidy: pd.DataFrame, edition: Edition, year: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    filled = {role: fill_component(tidy, _component(edition, role), year) for role in ROLES}
    countries = sorted(set().union(*(set(f["country"]) for f in filled.values())))
    table = pd.DataFrame({"country": pd.Series(countries, dtype=object)})
    for role, frame in filled.items():
        renamed = frame.rename(columns={c: f"{role}_{c}" for c in frame if c != "country"})
        table = table.merge(renamed, on="country", how="left")
    complete = table[[f"{role}_value" for role in ROLES]].notna().all(axis=1)
    excluded = _excluded(table[~complete], edition, year)
    table = table[complete].reset_index(drop=True)
    for role in ROLES:
        table[f"{role}_data_year"] = table[f"{role}_data_year"].astype("int64")
    table = table.rename(columns={"servers_value": "servers_per_million"})
    table["servers_value"] = scale_servers(table["servers_per_million"], edition.server_scaling)
    table["index"] = table[[f"{role}_value" for role in ROLES]].mean(axis=1)
    table["rank"] = table["index"].rank(ascending=False, method="min").astype("int64")
    table.insert(0, "reference_year", year)
    table.insert(0, "edition", edition.year)
    table["payment_series"] = edition.payment
    table["delivery_series"] = edition.delivery
    table["server_scaling"] = str(edition.server_scaling)
    return table.sort_values(["rank", "country"]).reset_index(drop=True)[_columns()], excluded


def _columns() -> list[str]:
    per_role = [f"{role}_{part}" for role in ROLES for part in ("value", "data_year", "method")]
    return [
        "edition", "reference_year", "country", *per_role, "servers_per_million", "index", "rank",
        "payment_series", "delivery_series", "server_scaling",
    ]  # fmt: skip


def _excluded(incomplete: pd.DataFrame, edition: Edition, year: int) -> pd.DataFrame:
    missing = incomplete[[f"{role}_value" for role in ROLES]].isna()
    names = [
        ", ".join(_component(edition, role) for role in ROLES if row[f"{role}_value"])
        for _, row in missing.iterrows()
    ]
    return pd.DataFrame(
        {
            "edition": edition.year,
            "reference_year": year,
            "country": incomplete["country"].tolist(),
            "missing": names,
        }
    )


def group_aggregates(economies: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Unweighted averages of the components and index over the indexed members of each group.

    ``groups`` has columns ``country``, ``grouping`` (e.g. region, income) and ``group``.
    """
    members = economies.merge(groups[["country", "grouping", "group"]], on="country")
    keys = ["edition", "reference_year", "grouping", "group"]
    measures = [f"{role}_value" for role in ROLES] + ["index"]
    means = members.groupby(keys, sort=True)[measures].mean()
    means.insert(0, "economies", members.groupby(keys, sort=True)["country"].size())
    return means.reset_index()


def _no_aggregates() -> pd.DataFrame:
    columns = ["edition", "reference_year", "grouping", "group", "economies"]
    return pd.DataFrame(columns=columns + [f"{role}_value" for role in ROLES] + ["index"])
