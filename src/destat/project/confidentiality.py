"""Disclosure control of a project's figures before anything is published.

Percentages are not additive, so what is protected is the additive table behind each series:
its weighted numerator total in every cell (the estimated number of businesses with the
characteristic for shares of businesses; the estimated value, e.g. of e-commerce sales or of
persons employed using computers, for ratios), in every breakdown of ``[estimation]`` with all
its margins, the tables of one series linked through their shared cells. An attacker who knows
the denominators (register counts and totals, which calibration reproduces) turns a published
percentage into its numerator, so protecting the numerators protects the percentages.

Per table (``[disclosure]``, overridden per indicator):

* primary rules on the *unweighted* respondents of each cell: minimum frequency on their
  number; dominance (n, k) and the p% rule on their values of the numerator, for ratio
  (magnitude) series only (Hundepool et al. 2012, chapter 4);
* secondary suppression over the linked tables, optimal (mixed-integer programme, Fischetti and
  Salazar-González 2000) or heuristic, chosen by table size with ``secondary = "auto"``;
* the audit: for every suppressed cell the interval an attacker derives by linear programming
  from the published cells (Cox 1995); a cell narrower than its protection level stops the run.

Series whose numerators add up (EC1 = EC2 + EC3, ...) are protected as one table, see
:mod:`destat.project.linked_series`.

The status of each cell (SDMX ``CONF_STATUS``: F free, C primary, D secondary) is carried to the
published figure of the same series and codes. See ``docs/project.md`` and
``docs/disclosure.md``.

References: A. Hundepool et al. (2012), *Statistical Disclosure Control*, Wiley, chapter 4;
L. H. Cox (1995), JASA 90, 1453-1462; M. Fischetti and J. J. Salazar-González (2000), JASA 95,
916-928.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from destat.disclosure import (
    Boundary,
    CostFunction,
    Dimension,
    DisclosureAuditError,
    Dominance,
    MinimumFrequency,
    PPercent,
    PrimaryRules,
    ProtectionLevels,
    ProtectionMethod,
    SecondaryMethod,
    TableColumns,
    TableStructureError,
    protect_tables,
)
from destat.errors import ConfigError
from destat.indicators.errors import CodelistError
from destat.indicators.isic import aggregate_classes
from destat.project.config import DisclosureSettings, ProjectConfig, TableDisclosure
from destat.project.linked_series import SeriesGroup, group_series
from destat.project.plan import Figure
from destat.project.tabulate import DIMENSIONS, Tabulation

logger = logging.getLogger(__name__)

# Every number of a figure that would give its value back when the figure is hidden.
HIDDEN_NUMBERS = ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "n")
KEY = ("indicator", "size_class", "activity", "region", "owner_sex")
_COLUMNS = TableColumns(
    value="value",
    contributors="contributors",
    contributions="contributions",
    lower_bound="lower",
    upper_bound="upper",
)


class ReleaseAuditError(DisclosureAuditError):
    """The audit of one series found cells an attacker could estimate too closely."""

    def __init__(self, series: str, error: DisclosureAuditError) -> None:
        super().__init__(error.exposed)
        self.series = series
        self.args = (
            f"Series {series}: {error} Nothing was written: the database and outputs/ are as "
            "before. Check the [disclosure] settings of this series (secondary method, "
            "protection) and run again.",
        )


@dataclass(frozen=True)
class Protection:
    """The figures with their confidentiality status, every protected cell, the audit."""

    results: pd.DataFrame
    cells: pd.DataFrame
    audit: pd.DataFrame

    @property
    def primary(self) -> int:
        """Published figures hidden by a primary rule (``C``)."""
        return int((self.results["conf_status"] == "C").sum())

    @property
    def secondary(self) -> int:
        """Published figures hidden to protect them (``D``)."""
        return int((self.results["conf_status"] == "D").sum())

    def published(self) -> pd.DataFrame:
        """The figures as they may leave the office: the numbers of C and D figures removed."""
        return without_hidden_numbers(self.results)


def without_hidden_numbers(figures: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``figures`` in which every figure not free (``conf_status`` other than F) has
    lost its numbers (estimate, SE, interval, CV, design effect, n); flags and codes stay."""
    hidden = figures["conf_status"] != "F"
    out = figures.copy()
    for column in HIDDEN_NUMBERS:
        numbers = out[column].astype("Int64" if column == "n" else "float64")
        out[column] = numbers.mask(hidden)
    return out


def protect_figures(tabulation: Tabulation, config: ProjectConfig) -> Protection:
    """Protect every series of ``tabulation`` and flag its figures; see the module docstring.

    Raises :class:`ReleaseAuditError` if an audited series has an exposed cell.
    """
    data, weights = tabulation.data, tabulation.weights
    if data is None or weights is None:
        raise ConfigError("Disclosure control needs the estimation data and weights.")
    groups = group_series(tabulation.figures)
    _check_overrides(config.disclosure, groups)
    breakdowns = [tuple(DIMENSIONS[v][0] for v in b) for b in config.estimation.breakdowns]
    used = [d for d in DIMENSIONS.values() if any(d[0] in b for b in breakdowns)]
    tabulated = _Tabulated(
        data=data,
        weights=weights,
        codes={name: _codes(data, variable) for variable, (name, _) in DIMENSIONS.items()},
        breakdowns=breakdowns,
        used=used or [DIMENSIONS["size_class"]],
    )
    cells, audits = [], []
    for group in groups:
        for flagged, audit in _protect_linked(group, tabulated, config.disclosure):
            cells.append(flagged)
            audits.append(audit)
    all_cells = pd.concat(cells, ignore_index=True)
    protection = Protection(
        _carry_status(tabulation.results, all_cells),
        all_cells,
        pd.concat(audits, ignore_index=True),
    )
    logger.info(
        "disclosure control: %d primary and %d secondary figures hidden",
        protection.primary,
        protection.secondary,
    )
    return protection


@dataclass(frozen=True)
class _Tabulated:
    """What the cell tables are built from: the data, final weights, breakdown codes."""

    data: pd.DataFrame
    weights: np.ndarray
    codes: dict[str, pd.Series | None]
    breakdowns: list[tuple[str, ...]]
    used: list[tuple[str, str]]


def _codes(data: pd.DataFrame, variable: str) -> pd.Series | None:
    """The respondents' codes in one breakdown, written as the results table writes them."""
    if variable not in data:
        return None
    values = data[variable]
    return (
        values.astype(object)
        .where(values.notna(), None)
        .map(lambda v: None if v is None else str(v))
    )


def _check_overrides(settings: DisclosureSettings, groups: Sequence[SeriesGroup]) -> None:
    figures = [f for g in groups for f in g.members]
    known = {f.code for f in figures} | {f.code.partition("_")[0] for f in figures}
    unknown = sorted(set(settings.indicators) - known)
    if unknown:
        raise ConfigError(
            f"[disclosure.indicators] names {unknown}, which are not series of the [estimation] "
            f"indicators; use one of {', '.join(sorted(known))}."
        )
    for group in groups:
        first = settings.for_series(group.members[0].code)
        for other in group.members[1:]:
            own = {other.code, other.code.partition("_")[0]} & set(settings.indicators)
            if own and settings.for_series(other.code) != first:
                raise ConfigError(
                    f"[disclosure.indicators] gives {other.code} settings of its own, but it is "
                    f"protected in one table with {group.members[0].code} (their numerators "
                    f"add up) under the settings of {group.members[0].code}; set them there."
                )


def _protect_linked(
    group: SeriesGroup, tabulated: _Tabulated, settings: DisclosureSettings
) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """The group as one table; apart, with a warning, if its sums do not hold in the data
    (then no subtraction gives a cell back exactly either)."""
    tables = [t for f in group.series for t in _series_tables(f, tabulated, f is group.known)]
    if len(group.series) > 1:
        try:
            return [_protect_tables(group, tables, tabulated, settings)]
        except TableStructureError as error:
            logger.warning(
                "%s do not add up in the data (%s); they are protected one by one.",
                ", ".join(f.code for f in group.series),
                error,
            )
            alone = [SeriesGroup((f,)) for f in group.members]
            return [p for g in alone for p in _protect_linked(g, tabulated, settings)]
    return [_protect_tables(group, tables, tabulated, settings)]


def _series_tables(figure: Figure, tabulated: _Tabulated, known: bool) -> list[pd.DataFrame]:
    """One tidy table per breakdown, with all its margins: per cell the weighted numerator
    total, the number of respondents and their unweighted values of the numerator. A known
    series has no respondents (no rule applies) and its cells are fixed for the attacker."""
    data = tabulated.data
    numerator = pd.to_numeric(data[figure.column], errors="coerce")
    domain = numerator.notna()
    if figure.denominator is not None:
        domain &= pd.to_numeric(data[figure.denominator], errors="coerce").notna()
    frame = pd.DataFrame(
        {
            "value": (numerator * tabulated.weights)[domain],
            "contribution": numerator[domain].abs(),
        }
    )
    for name, _ in tabulated.used:
        column = tabulated.codes[name]
        if column is not None:
            frame[name] = column[domain]
    tables = []
    for breakdown in tabulated.breakdowns:
        margins = [
            _cells(frame, list(part), tabulated.used)
            for size in range(len(breakdown) + 1)
            for part in combinations(breakdown, size)
        ]
        table = pd.concat(margins, ignore_index=True).assign(indicator=figure.code)
        table["lower"] = table["value"] if known else 0.0
        table["upper"] = table["value"] if known else np.inf
        if known:
            table["contributors"] = 0
            table["contributions"] = [[] for _ in range(len(table))]
        tables.append(table)
    return tables


def _cells(frame: pd.DataFrame, by: list[str], used: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """The cells of ``frame`` grouped by ``by``, at the totals of the other dimensions."""
    groups = frame.groupby(by, sort=True) if by else frame.groupby(np.zeros(len(frame)))
    cells = pd.DataFrame(
        {
            "value": groups["value"].sum(),
            "contributors": groups["value"].size(),
            "contributions": groups["contribution"].agg(list),
        }
    )
    cells = cells.reset_index() if by else cells.reset_index(drop=True)
    if not by and cells.empty:
        cells = pd.DataFrame({"value": [0.0], "contributors": [0], "contributions": [[]]})
    for name, total in used:
        if name not in by:
            cells[name] = total
    return cells


def _protect_tables(
    group: SeriesGroup,
    tables: list[pd.DataFrame],
    tabulated: _Tabulated,
    settings: DisclosureSettings,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cells of a group's series with ``CONF_STATUS`` and primary reasons, and its audit."""
    first = group.members[0]
    table = settings.for_series(first.code)
    series = Dimension("indicator", total=group.total, children=dict(group.children) or None)
    dimensions = [series, *_dimensions(tabulated.used, tables)]
    names = [d.name for d in dimensions]
    size = len(pd.concat([t[names] for t in tables]).drop_duplicates())
    spanned = len([d for d in dimensions[1:] if any(d.name in b for b in tabulated.breakdowns)])
    method = _method(table, size, spanned + (len(group.series) > 1), settings)
    try:
        result = protect_tables(
            tables,
            dimensions,
            columns=_COLUMNS,
            rules=_rules(table, magnitude=first.denominator is not None),
            protection=ProtectionLevels(
                fraction=table.protection,
                method=ProtectionMethod(table.protection_method),
                minimum=table.protection_minimum,
            ),
            method=method,
            cost=CostFunction(table.cost),
            audit=table.audit,
        )
    except DisclosureAuditError as error:
        raise ReleaseAuditError(", ".join(f.code for f in group.members), error) from error
    flagged = [
        frame.assign(rules=[",".join(r) for r in reasons])
        for frame, reasons in zip(result.tables, result.reasons, strict=True)
    ]
    cells = pd.concat(flagged, ignore_index=True).drop_duplicates(subset=names)
    cells = cells.drop(columns=["contributions", "OBS_STATUS", "lower", "upper"])
    cells = cells.rename(columns={"CONF_STATUS": "conf_status"}).assign(method=method.value)
    audit = result.audit.to_frame().rename(columns={"CONF_STATUS": "conf_status"})
    published = [f.code for f in group.members]
    return _first(cells[cells["indicator"].isin(published)]), _first(
        audit[audit["indicator"].isin(published)]
    )


def _first(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the series code as its first column."""
    return frame[["indicator", *(c for c in frame.columns if c != "indicator")]].reset_index(
        drop=True
    )


def _rules(table: TableDisclosure, magnitude: bool) -> PrimaryRules:
    """The primary rules of a table; dominance and p% only where values are magnitudes."""
    boundary = Boundary(table.boundary)
    dominance = table.dominance if magnitude else None
    return PrimaryRules(
        minimum_frequency=MinimumFrequency(table.min_frequency),
        dominance=Dominance(dominance.n, dominance.k, boundary) if dominance else None,
        p_percent=PPercent(table.p_percent, boundary) if magnitude and table.p_percent else None,
    )


def _method(
    table: TableDisclosure, cells: int, spanned: int, settings: DisclosureSettings
) -> SecondaryMethod:
    """``auto``: optimal up to ``optimal_max_cells`` cells in linked tables spanning at most two
    dimensions (the integer programme needs many rounds beyond), the heuristic otherwise."""
    if table.secondary != "auto":
        return SecondaryMethod(table.secondary)
    small = cells <= settings.optimal_max_cells and spanned <= 2
    return SecondaryMethod.OPTIMAL if small else SecondaryMethod.HEURISTIC


def _dimensions(used: Sequence[tuple[str, str]], tables: Sequence[pd.DataFrame]) -> list[Dimension]:
    """The dimensions of a series' tables; activity codes nest by the ISIC aggregates."""
    dimensions = []
    for name, total in used:
        codes = {str(c) for t in tables for c in t[name].unique()} - {total}
        children = activity_tree(codes, total) if name == "activity" else None
        dimensions.append(Dimension(name, total=total, children=children))
    return dimensions


def activity_tree(codes: set[str], total: str) -> dict[str | int, Sequence[str | int]]:
    """Each code's parent is the smallest other code found whose ISIC classes include all of
    its own (``G46`` under ``G45-G47``), else the total; codes outside ``ISIC4_AGG`` are flat."""
    classes = {}
    for code in codes:
        try:
            classes[code] = aggregate_classes(code)
        except CodelistError:
            continue
    tree: dict[str | int, list[str | int]] = {total: []}
    for code in sorted(codes):
        mine = classes.get(code)
        parents = [o for o, theirs in classes.items() if mine is not None and mine < theirs]
        parent = min(parents, key=lambda p: len(classes[p])) if parents else total
        tree.setdefault(parent, []).append(code)
    return {parent: tuple(kids) for parent, kids in tree.items()}


def _carry_status(results: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """Each figure takes the status of the cell of its series and codes."""
    keys = [k for k in KEY if k in cells.columns]
    status = results[keys].merge(
        cells[[*keys, "conf_status"]], on=keys, how="left", validate="many_to_one"
    )["conf_status"]
    # A figure no respondent has a value for has no cell: nothing in it to protect.
    status = status.mask(status.isna() & (results["obs_status"] == "M").to_numpy(), "F")
    if status.isna().any():
        missing = results.loc[status.isna().to_numpy(), list(KEY)].iloc[0].to_dict()
        raise ConfigError(
            f"The figure {missing} has no cell in the disclosure tables; its breakdown is not "
            "one of [estimation] breakdowns."
        )
    return results.assign(conf_status=status.to_numpy())
