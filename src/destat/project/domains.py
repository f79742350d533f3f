"""Domains in which a figure cannot be estimated: published as missing, not fatal.

A share among the businesses of a sub-population (e.g. web sales to consumers among businesses
selling on the web) is undefined in a domain where no respondent belongs to it: no respondent
has a value (a mean over nobody), or the respondents' denominator is 0 (a ratio 0/0). R
``survey::svyby`` returns NaN there (a domain estimator needs domain members in the sample;
Särndal, Swensson and Wretman 1992, section 10.3). Such a figure is published without a
number, flagged ``OBS_STATUS`` ``M`` (missing value, SDMX cross-domain code list
CL_OBS_STATUS) and counted; every other figure is estimated as before.

How: the estimation leaves out domains whose breakdown code is missing. For each breakdown with
undefined domains, the figure is estimated on a copy of its breakdown columns in which the rows
of those domains have no code. Those rows still count in their strata and in every other
breakdown, and no other domain of the breakdown contained them, so no other number changes; the
undefined domains are then added back as missing figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from destat.project.plan import Figure

__all__ = ["EmptyDomains", "empty_domains", "missing_rows"]


@dataclass(frozen=True)
class EmptyDomains:
    """The undefined domains of one figure (breakdown codes, missing where a total) and the
    breakdowns to estimate it with, their columns with the codes of those domains removed."""

    figure: Figure
    domains: pd.DataFrame
    breakdowns: list[list[str]]
    copies: dict[str, str]  # copied column -> breakdown variable

    @property
    def everywhere(self) -> bool:
        """True when the figure is undefined for the whole population too."""
        return bool(self.domains.isna().all(axis=1).any())

    def restore(self, estimates: pd.DataFrame) -> pd.DataFrame:
        """``estimates`` with the copied breakdown columns merged back under their names."""
        out = estimates.copy()
        for copy, variable in self.copies.items():
            out[variable] = out[variable].combine_first(out[copy]) if variable in out else out[copy]
            out = out.drop(columns=copy)
        return out


def _defined(data: pd.DataFrame, figure: Figure) -> pd.Series:
    """Rows that make the figure defined in their domains: a value, and for a ratio a
    non-zero denominator."""
    defined = pd.to_numeric(data[figure.column], errors="coerce").notna()
    if figure.denominator is not None:
        denominator = pd.to_numeric(data[figure.denominator], errors="coerce")
        defined &= denominator.notna() & (denominator != 0)
    return defined


def empty_domains(
    data: pd.DataFrame,
    figure: Figure,
    breakdowns: Sequence[Sequence[str]],
    sample: pd.DataFrame | None = None,
) -> EmptyDomains | None:
    """The undefined domains of ``figure`` in ``breakdowns`` (None if there are none): those of
    ``data`` (or of ``sample``, units without respondents included) in which no respondent
    makes it defined. Adds to ``data`` the copied breakdown columns
    ``<variable>__<figure column>__<breakdown number>`` it is to be estimated with, if needed."""
    defined = _defined(data, figure)
    variables = list(dict.fromkeys(v for b in breakdowns for v in b))
    found, estimate_by, copied = [], [], {}
    for number, breakdown in enumerate(breakdowns):
        by = list(breakdown)
        if not by:
            if not defined.any():
                found.append(pd.DataFrame({v: [None] for v in variables}))
            estimate_by.append(by)
            continue
        frames = [data[by]] + (
            [sample[by]] if sample is not None and set(by) <= set(sample) else []
        )
        known = pd.concat(frames, ignore_index=True).dropna().drop_duplicates()
        answered = data.loc[defined, by].dropna().drop_duplicates()
        empty = known.merge(answered, how="left", indicator=True)
        empty = empty.loc[empty["_merge"] == "left_only", by]
        if empty.empty:
            estimate_by.append(by)
            continue
        found.append(empty)
        inside = data[by].merge(empty, how="left", indicator=True)["_merge"] == "both"
        if not inside.any():  # domains of sampled units only: the estimation never sees them
            estimate_by.append(by)
            continue
        copies = [f"{v}__{figure.column}__{number}" for v in by]
        for variable, copy in zip(by, copies, strict=True):
            data[copy] = data[variable].where(~inside.to_numpy())
            copied[copy] = variable
        estimate_by.append(copies)
    if not found:
        return None
    domains = pd.concat(found, ignore_index=True).reindex(columns=variables)
    return EmptyDomains(figure, domains, estimate_by, copied)


def missing_rows(empty: EmptyDomains, statistics: Sequence[str]) -> pd.DataFrame:
    """One estimates row per undefined domain: its codes (missing where a total), no numbers
    and ``n`` = 0."""
    rows = empty.domains.copy()
    rows["variable"] = empty.figure.column
    for column in statistics:
        rows[column] = 0 if column == "n" else float("nan")
    return rows
