"""Collapsing weighting cells that have no respondent into a neighbouring cell.

A stratum whose sampled units all failed to respond cannot carry its population through the
non-response adjustment ``w = N_h / r_h``, and a level of a calibration margin (an industry, a
size class) with no respondent cannot meet its register count: the calibration equations have
no solution. Official statistics do not drop those units: the empty cell is merged with the most
similar cell that has respondents, whose respondents then stand for both (collapsed strata:
L. Kish 1965, *Survey Sampling*, Wiley, section 8.6; weighting classes, response homogeneity
groups, are formed so that each has respondents: C.-E. Särndal and S. Lundström 2005,
*Estimation in Surveys with Nonresponse*, Wiley; section locator not checked against the
text). The neighbour is chosen by a fixed, documented rule, so a rerun collapses the same way:

* a stratum (size class × industry): the nearest industry in ISIC order in the same size class,
  one of the same ISIC section first, the next before the previous; failing that, the same
  industry in the nearest size class (the larger before the smaller);
* a margin level: the nearest level with respondents in the margin's order (ISIC order and the
  same section first for industries, size order for size classes, code order otherwise), the
  next before the previous.

Every collapse is returned as a :class:`Collapse` for the run to report. With
``empty_cells = "stop"`` (``[design] empty_strata``, ``[calibration] empty_cells``) an empty
cell stops the run instead, naming it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from destat.errors import CalibrationError, DesignError
from destat.indicators.codelists import get_codelist

logger = logging.getLogger(__name__)

EmptyCells = Literal["collapse", "stop"]
# Variables whose levels have an official order (SDMX code lists); others go by their codes.
_ORDERED = {"size_class": "SIZE_CLASS", "industry": "ISIC4_AGG"}


@dataclass(frozen=True)
class Collapse:
    """One empty cell merged into a neighbour: in which step, which cell, why, into which,
    and how many population units it holds."""

    step: Literal["non-response", "calibration"]
    variable: str
    cell: str
    into: str
    population: float
    reason: str


def collapses_table(collapses: Iterable[Collapse]) -> pd.DataFrame:
    """The collapses as a table (one row each), for the database and the reports."""
    columns = ["step", "variable", "cell", "into", "population", "reason"]
    rows = [[getattr(c, name) for name in columns] for c in collapses]
    return pd.DataFrame(rows, columns=columns).astype({"population": float})


def _positions(variable: str, codes: Iterable[str]) -> dict[str, int]:
    """Each code's place in the variable's official order; unknown codes after, by code."""
    official = (
        [c.code for c in get_codelist(_ORDERED[variable]).codes] if variable in _ORDERED else []
    )
    known = [c for c in official if c in set(codes)]
    rest = sorted(set(codes) - set(known))
    return {code: place for place, code in enumerate([*known, *rest])}


def _section(variable: str, code: str) -> str:
    """The ISIC section letter of an industry group; other variables have none."""
    return code[:1] if variable == "industry" else ""


def _nearest(variable: str, cell: str, candidates: Iterable[str], place: Mapping[str, int]) -> str:
    """The candidate nearest ``cell`` in order, the same section first, the next first."""

    def distance(other: str) -> tuple[bool, int, bool]:
        gap = place[other] - place[cell]
        return _section(variable, other) != _section(variable, cell), abs(gap), gap < 0

    return min(candidates, key=distance)


def collapse_strata(
    strata: pd.DataFrame, answered: set[Any], empty_strata: EmptyCells
) -> tuple[dict[Any, Any], list[Collapse]]:
    """Which stratum each stratum without respondents is merged into, and the collapses.

    ``strata`` has one row per stratum (index) with ``size_class``, ``industry`` (either may be
    missing: the stratum code stands in) and ``population``; ``answered`` are the strata with
    respondents."""
    empty = [s for s in strata.index if s not in answered]
    if not empty:
        return {}, []
    if empty_strata == "stop" or not answered:
        why = "no stratum has a respondent" if not answered else '[design] empty_strata = "stop"'
        raise DesignError(
            f"Strata without respondents: {', '.join(map(str, empty))} ({why}). Their "
            "population cannot be represented: collect responses there, or set "
            '[design] empty_strata = "collapse" to merge each with a neighbouring stratum.'
        )
    size = strata["size_class"].fillna(pd.Series(strata.index, index=strata.index)).astype(str)
    industry = strata["industry"].fillna(pd.Series(strata.index, index=strata.index)).astype(str)
    size_place = _positions("size_class", size)
    industry_place = _positions("industry", industry)

    def distance(stratum: Any, other: Any) -> tuple[bool, bool, int, bool, int, bool]:
        industry_gap = industry_place[industry[other]] - industry_place[industry[stratum]]
        size_gap = size_place[size[other]] - size_place[size[stratum]]
        section = _section("industry", industry[other]) != _section("industry", industry[stratum])
        return (
            size_gap != 0,
            section,
            abs(industry_gap),
            industry_gap < 0,
            abs(size_gap),
            size_gap < 0,
        )

    merged, collapses = {}, []
    for stratum in empty:
        into = min((s for s in strata.index if s in answered), key=lambda s: distance(stratum, s))
        merged[stratum] = into
        collapses.append(
            Collapse(
                step="non-response",
                variable="stratum",
                cell=str(stratum),
                into=str(into),
                population=float(strata.loc[stratum, "population"]),
                reason="no respondent in the stratum",
            )
        )
    for collapse in collapses:
        logger.warning(
            "stratum %s has no respondent: collapsed into %s", collapse.cell, collapse.into
        )
    return merged, collapses


def collapse_margin(
    variable: str, counts: Mapping[Any, float], found: pd.Series, empty_cells: EmptyCells
) -> tuple[dict[str, str], dict[str, float], list[Collapse]]:
    """Merge the levels of a calibration margin that no respondent has into neighbours.

    ``counts`` are the register's units by level, ``found`` the respondents' levels. Returns
    the respondents' level -> merged level (``N77-N82+S951``), the merged counts and the
    collapses (none, and the counts as given, when every level has respondents)."""
    levels = {str(level): float(count) for level, count in counts.items()}
    present = set(found.dropna().astype(str))
    empty = [level for level, count in levels.items() if level not in present and count > 0]
    if not empty:
        return {level: level for level in present}, levels, []
    candidates = [level for level in levels if level in present]
    if empty_cells == "stop" or not candidates:
        why = (
            "no level has a respondent" if not candidates else '[calibration] empty_cells = "stop"'
        )
        raise CalibrationError(
            f"No respondent has {variable} in {empty}, so their register counts cannot be met "
            f'({why}). Set [calibration] empty_cells = "collapse" to merge each with a '
            "neighbouring level, or drop the margin."
        )
    place = _positions(variable, levels)
    into = {level: _nearest(variable, level, candidates, place) for level in empty}
    members: dict[str, list[str]] = {level: [level] for level in candidates}
    for level, target in into.items():
        members[target].append(level)
    names = {
        target: "+".join(sorted(group, key=place.__getitem__)) for target, group in members.items()
    }
    merged_counts = {names[t]: sum(levels[m] for m in group) for t, group in members.items()}
    collapses = [
        Collapse(
            step="calibration",
            variable=variable,
            cell=level,
            into=names[target],
            population=levels[level],
            reason="no respondent in the margin's level",
        )
        for level, target in into.items()
    ]
    for collapse in collapses:
        logger.warning(
            "calibration margin %s: level %s has no respondent, collapsed into %s",
            variable,
            collapse.cell,
            collapse.into,
        )
    return {level: names.get(level, level) for level in present}, merged_counts, collapses
