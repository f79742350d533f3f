"""From per-group moments to per-domain covariance matrices of the basis sums.

For each variance group g with ``n`` sampled units, unit sums ``z_u`` of a basis and factor
``c_g`` (fpc, ``n/(n-1)`` and the sampling fractions of earlier stages), the group adds
``c_g (Σ z_u z_u' - (Σ z_u)(Σ z_u)'/n)`` to the covariance (no centring for a lonely unit under
``adjust``). Units without members of a domain add zeros, which is how domains keep every PSU of
the design (Lumley 2010, section 2.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from destat.survey.moments import (
    GID,
    MomentRequest,
    d_name,
    dd_name,
    df_name,
    f_name,
    ff_name,
)
from destat.survey.stages import Stage


@dataclass(frozen=True)
class Covariance:
    """Per domain (rows of ``domains``): the needed entries of the covariance of the basis sums.

    ``domains`` holds the domain keys, the stage-1 columns (basis sums ``d*``, plain sums ``p*``,
    counts ``c*``) and the covariance entries ``qdd*`` and ``qdf*``. ``free`` is the covariance
    of the free basis (the same for every domain).
    """

    domains: pd.DataFrame
    free: np.ndarray


def combine(
    stages: Sequence[Stage],
    domain_tables: Sequence[pd.DataFrame],
    free_tables: Sequence[pd.DataFrame | None],
    request: MomentRequest,
) -> Covariance:
    """Sum every stage's centred, weighted moments into per-domain covariance entries."""
    keys = [GID, *request.by_columns]
    width = len(request.free_basis)
    first = domain_tables[0]
    sums = [d_name(i) for i in range(len(request.domain_basis))]
    totals = [c for c in first.columns if c == "units" or _is_total(c)]
    domains = first.groupby(keys, dropna=False, sort=False)[totals].sum().reset_index()
    free = np.zeros((width, width))
    for stage, moments, free_moments in zip(stages, domain_tables, free_tables, strict=True):
        merged = moments.merge(_group_weights(stage), on=list(stage.group_keys), how="inner")
        merged["__factor"] *= _average_scale(merged, stage, keys, whole=bool(width))
        if free_moments is not None:
            merged = merged.merge(
                free_moments[[*stage.group_keys, *[f_name(j) for j in range(width)]]],
                on=list(stage.group_keys),
                how="left",
            )
        columns: dict[str, pd.Series] = {key: merged[key] for key in keys}
        for a, b in request.domain_pairs:
            columns[f"q{dd_name(a, b)}"] = _centred(merged, dd_name(a, b), sums[a], sums[b])
        for a in range(len(sums)):
            for j in range(width):
                columns[f"q{df_name(a, j)}"] = _centred(merged, df_name(a, j), sums[a], f_name(j))
        contributions = pd.DataFrame(columns)
        per_domain = contributions.groupby(keys, dropna=False, sort=False).sum().reset_index()
        domains = _add(domains, per_domain, keys)
        if free_moments is not None and width:
            free += _free_covariance(stage, free_moments, width)
    return Covariance(domains=domains, free=free)


def _is_total(column: str) -> bool:
    """Stage-1 columns that are plain sums over the domain: d*, s*_*, p*, c*."""
    head, rest = column[0], column[1:]
    if head == "s":
        return all(part.isdigit() for part in rest.split("_"))
    return head in "dpc" and rest.isdigit()


def _group_weights(stage: Stage) -> pd.DataFrame:
    groups = stage.groups
    return pd.DataFrame(
        {
            **{key: groups[key] for key in stage.group_keys},
            "__n": groups["n"].astype(float),
            "__factor": groups["factor"].astype(float),
            "__center": groups["center"].astype(float),
            "__dropped": groups["dropped"].astype(bool),
        }
    )


def _average_scale(merged: pd.DataFrame, stage: Stage, keys: list[str], whole: bool) -> np.ndarray:
    """Scale for ``lonely_psu="average"``: groups / groups kept, per parent unit (and domain).

    R survey estimates a domain on the subset of its rows, so only the groups with members of
    the domain count; a calibrated design keeps every row (with zero weight), so all count.
    """
    if not merged["__dropped"].any() and not stage.groups["dropped"].any():
        return np.ones(len(merged))
    parent = list(stage.group_keys[:-1])
    if whole:
        groups = stage.groups
        kept = ~groups["dropped"]
        if parent:
            ratio = groups.groupby(parent)["dropped"].transform("size") / kept.groupby(
                [groups[k] for k in parent]
            ).transform("sum")
        else:
            ratio = pd.Series(len(groups) / max(int(kept.sum()), 1), index=groups.index)
        table = groups[list(stage.group_keys)].assign(__ratio=ratio.to_numpy())
        return merged[list(stage.group_keys)].merge(table, how="left")["__ratio"].to_numpy()
    by = [merged[k] for k in [*parent, *keys]]
    present = merged.groupby(by, dropna=False)["__dropped"].transform("size")
    kept = (~merged["__dropped"]).groupby(by, dropna=False).transform("sum")
    return np.where(kept > 0, present / kept.clip(lower=1), 0.0)


def _centred(merged: pd.DataFrame, product: str, left: str, right: str) -> pd.Series:
    centring = merged["__center"] * merged[left] * merged[right] / merged["__n"]
    return merged["__factor"] * (merged[product] - centring)


def _add(domains: pd.DataFrame, per_domain: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    q_columns = [c for c in per_domain.columns if c.startswith("q")]
    if not set(q_columns) & set(domains.columns):
        return domains.merge(per_domain, on=keys, how="left").fillna({c: 0.0 for c in q_columns})
    merged = domains.merge(per_domain, on=keys, how="left", suffixes=("", "__new"))
    for column in q_columns:
        merged[column] = merged[column] + merged[f"{column}__new"].fillna(0.0)
    return merged.drop(columns=[f"{c}__new" for c in q_columns])


def _free_covariance(stage: Stage, moments: pd.DataFrame, width: int) -> np.ndarray:
    merged = moments.merge(_group_weights(stage), on=list(stage.group_keys), how="inner")
    merged["__factor"] *= _average_scale(merged, stage, [], whole=True)
    result = np.zeros((width, width))
    for j in range(width):
        for k in range(j, width):
            value = float(_centred(merged, ff_name(j, k), f_name(j), f_name(k)).sum())
            result[j, k] = result[k, j] = value
    return result
