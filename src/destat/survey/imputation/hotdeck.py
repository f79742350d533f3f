"""Random hot-deck imputation within cells, with fallback to coarser cells.

Each recipient (a unit that should have answered but did not) takes the value of a donor drawn at
random, with equal probability, among the units of its cell that answered (Andridge and Little
2010, "A review of hot deck imputation for survey non-response", International Statistical Review
78:40-64). Cells are size class × industry; when a cell has no donor, the recipient is matched on
size class only, then on the whole file, and the edit says which level was used. For an answer
bounded by another (persons using computers ≤ persons employed), the donor's ratio to its own
bound is carried over and multiplied by the recipient's bound, so the imputed value respects the
bound (a ratio hot-deck). A recipient whose own answers set a floor on the value (a reported
B2C share of 60% needs a web share of at least 60%) draws only among the donors whose value
meets it, so that the completed record passes the edits, as in Fellegi and Holt (1976).

The random numbers come from the ``numpy.random.Generator`` the caller passes, so a seeded
generator gives the same imputations every time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.survey.imputation.deductive import as_numbers
from destat.survey.imputation.flags import EditLog, EditMethod, change_values
from destat.survey.questionnaire import Kind, Variable

__all__ = ["CellLevels", "Limits", "cell_levels", "draw_donors", "draw_donors_at_least", "hot_deck"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Donated = Callable[[IntArray, int], FloatArray]
Give = Callable[[IntArray, IntArray], npt.NDArray[np.generic]]


@dataclass(frozen=True)
class CellLevels:
    """Cell keys per level, finest first: ``keys[i][row]`` is the row's cell at level ``i``."""

    names: tuple[str, ...]
    keys: tuple[IntArray, ...]


def cell_levels(table: pd.DataFrame, cells: Sequence[str]) -> CellLevels:
    """Levels ``cells``, then ``cells`` without its last column, ..., then a single cell.

    A missing cell value is a cell of its own.
    """
    names: list[str] = []
    keys: list[IntArray] = []
    for width in range(len(cells), -1, -1):
        columns = list(cells[:width])
        if columns:
            key = np.asarray(
                table.groupby(columns, dropna=False, sort=True).ngroup().to_numpy(), dtype=np.int64
            )
        else:
            key = np.zeros(len(table), dtype=np.int64)
        names.append(" × ".join(columns) if columns else "all")
        keys.append(key)
    return CellLevels(tuple(names), tuple(keys))


def draw_donors(
    levels: CellLevels,
    donors: IntArray,
    recipients: IntArray,
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray]:
    """A random donor for each recipient from its finest cell that has one.

    Returns the donor's position (-1 when there is no donor at all) and the level used (index
    into ``levels.names``, -1 without donor), both aligned with ``recipients``.
    """
    chosen = np.full(len(recipients), -1, dtype=np.int64)
    level_used = np.full(len(recipients), -1, dtype=np.int64)
    pending = np.arange(len(recipients))
    if len(donors) == 0:
        return chosen, level_used
    for index, keys in enumerate(levels.keys):
        if len(pending) == 0:
            break
        donor_keys = keys[donors]
        order = np.argsort(donor_keys, kind="stable")
        sorted_keys = donor_keys[order]
        wanted = keys[recipients[pending]]
        first = np.searchsorted(sorted_keys, wanted, side="left")
        count = np.searchsorted(sorted_keys, wanted, side="right") - first
        found = count > 0
        uniform = rng.random(int(found.sum()))
        pick = first[found] + np.floor(uniform * count[found]).astype(np.int64)
        chosen[pending[found]] = donors[order[pick]]
        level_used[pending[found]] = index
        pending = pending[~found]
    return chosen, level_used


def draw_donors_at_least(
    levels: CellLevels,
    donors: IntArray,
    recipients: IntArray,
    floors: FloatArray,
    donated: Donated,
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray]:
    """Like :func:`draw_donors`, among donors whose value for the recipient is at least its floor.

    ``donated(donors, recipient)`` gives the values those donors would give that recipient.
    Recipients are taken one by one: a floor comes from another answer of the same unit, which
    is rare, so these are few.
    """
    chosen = np.full(len(recipients), -1, dtype=np.int64)
    level_used = np.full(len(recipients), -1, dtype=np.int64)
    for i, (recipient, floor) in enumerate(zip(recipients, floors, strict=True)):
        eligible = donors[donated(donors, int(recipient)) >= floor]
        for index, keys in enumerate(levels.keys):
            pool = eligible[keys[eligible] == keys[recipient]]
            if len(pool):
                chosen[i] = pool[int(rng.integers(len(pool)))]
                level_used[i] = index
                break
    return chosen, level_used


@dataclass(frozen=True)
class Limits:
    """The answers that bound a question: ``bound`` above it (a column name, or None) and the
    questions it bounds in turn (``floors``: their answers are floors for it)."""

    bound: str | None = None
    floors: tuple[str, ...] = ()


def _transfer(table: pd.DataFrame, var: Variable, bound: str | None) -> tuple[BoolArray, Give]:
    """Which units can donate ``var``, and what a donor gives a recipient (pairwise)."""
    if bound is None:
        values = table[var.name].to_numpy(dtype=object)
        return np.ones(len(table), dtype=bool), lambda donors, recipients: values[donors]
    limit = as_numbers(table, bound)
    value = table[var.name].to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = value / limit

    def give(donors: IntArray, recipients: IntArray) -> FloatArray:
        scaled = ratio[donors] * limit[recipients]
        return np.round(scaled) if var.kind is Kind.COUNT else scaled

    return (limit > 0) & (value >= 0) & (value <= limit), give


def _floors(table: pd.DataFrame, names: Sequence[str], recipients: IntArray) -> FloatArray:
    floors = np.full(len(recipients), np.nan)
    for name in names:
        floors = np.fmax(floors, as_numbers(table, name)[recipients])
    return floors


def _fallback_notes(name: str, level: IntArray, levels: CellLevels) -> list[str]:
    notes = []
    for index in range(1, len(levels.names)):
        used = int((level == index).sum())
        if used and levels.names[index] != "all":
            notes.append(
                f"{name}: {used} recipient(s) had no donor in their {levels.names[0]} cell; "
                f"their donors came from the same {levels.names[index]} cell."
            )
        elif used:
            notes.append(
                f"{name}: {used} recipient(s) had no donor in a finer cell; their donors came "
                "from the whole file."
            )
    return notes


def hot_deck(
    table: pd.DataFrame,
    var: Variable,
    donors: BoolArray,
    recipients: BoolArray,
    limits: Limits,
    levels: CellLevels,
    rng: np.random.Generator,
    log: EditLog,
) -> list[str]:
    """Impute ``var`` where ``recipients`` is true and it is blank, from the ``donors`` that
    answered it; record the edits and return notes on fallbacks and values left missing."""
    blank = np.asarray(table[var.name].isna().to_numpy())
    wanting = np.flatnonzero(recipients & blank)
    if len(wanting) == 0:
        return []
    usable, give = _transfer(table, var, limits.bound)
    pool = np.flatnonzero(donors & ~blank & usable)
    notes: list[str] = []
    if limits.bound is not None:
        unbounded = np.isnan(as_numbers(table, limits.bound)[wanting])
        if unbounded.any():
            notes.append(
                f"{var.name}: {int(unbounded.sum())} value(s) stay missing because "
                f"{limits.bound} is missing, so no value within it can be imputed."
            )
            wanting = wanting[~unbounded]
    floors = _floors(table, limits.floors, wanting)
    floored = ~np.isnan(floors)
    chosen = np.full(len(wanting), -1, dtype=np.int64)
    level = np.full(len(wanting), -1, dtype=np.int64)
    chosen[~floored], level[~floored] = draw_donors(levels, pool, wanting[~floored], rng)
    if floored.any():
        chosen[floored], level[floored] = draw_donors_at_least(
            levels,
            pool,
            wanting[floored],
            floors[floored],
            lambda candidates, r: np.asarray(
                give(candidates, np.full(len(candidates), r)), dtype=np.float64
            ),
            rng,
        )
    found = chosen >= 0
    if (~found & ~floored).any():
        notes.append(
            f"{var.name}: no unit reported it, so {int((~found & ~floored).sum())} value(s) "
            "stay missing."
        )
    if (~found & floored).any():
        notes.append(
            f"{var.name}: {int((~found & floored).sum())} value(s) stay missing: no donor's "
            f"value is at least the unit's own {', '.join(limits.floors)}."
        )
    wanting, chosen, level = wanting[found], chosen[found], level[found]
    cells = [levels.names[i] for i in level]
    change_values(
        table, wanting, var.name, give(chosen, wanting), EditMethod.HOT_DECK, log, chosen, cells
    )
    return notes + _fallback_notes(var.name, level, levels)
