"""Editing and imputation of item non-response, in questionnaire order.

Deductive edits come first (:mod:`.deductive`). Then each question, filters before the questions
they filter, is completed where it applies and is blank: its skip is re-applied from the (now
complete) filter answer, a share is completed from its partner, a value bounded by zero is zero,
and what is left is imputed by hot deck (:mod:`.hotdeck`). Imputing a filter question before the
questions it filters keeps the answers consistent: a unit imputed as not using the Internet gets
the implied answers to the Internet questions, not donated ones.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.questionnaire import Kind, Variable
from destat.errors import ConfigError, DestatError, describe_rows
from destat.survey.imputation.deductive import (
    as_numbers,
    complete_share,
    fill_filters_from_answers,
    skip_unasked,
    zero_under_zero_bound,
)
from destat.survey.imputation.flags import EditLog, EditMethod, change_values, imputation_rates
from destat.survey.imputation.hotdeck import CellLevels, cell_levels, draw_donors
from destat.survey.imputation.result import ImputationResult
from destat.survey.validation.logic import COMPLEMENTARY_SHARES, VARIABLES, bounds

__all__ = ["ImputationInputError", "impute"]

logger = logging.getLogger(__name__)
BoolArray = npt.NDArray[np.bool_]
_SHARE_TOTAL = 100.0


class ImputationInputError(DestatError):
    """The table cannot be imputed as it is (validate and correct it first)."""


def _present_variables(table: pd.DataFrame, variables: Sequence[Variable]) -> list[Variable]:
    """The questionnaire variables in the table; a filter not in the table filters nothing."""
    present = [var for var in variables if var.name in table.columns]
    names = {var.name for var in present}
    return [var if var.asked_if in names else replace(var, asked_if=None) for var in present]


def _coerce(table: pd.DataFrame, variables: Sequence[Variable]) -> None:
    for var in variables:
        column = table[var.name]
        if var.kind is Kind.CATEGORY:
            text = column.astype("string").str.strip()
            table[var.name] = text.where(text != "").astype(object).where(text.notna(), None)
            continue
        numbers = pd.to_numeric(column.replace("", None), errors="coerce").astype("float64")
        bad = np.flatnonzero(numbers.isna().to_numpy() & column.notna().to_numpy())
        bad = bad[column.iloc[bad].astype(str).str.strip().to_numpy() != ""]
        if len(bad):
            raise ImputationInputError(
                f"Column {var.name!r} holds entries that are not numbers at "
                f"{describe_rows(bad, total=len(bad))}, e.g. {column.iloc[bad[0]]!r}. Validate "
                "the data and correct or blank these entries before imputation."
            )
        table[var.name] = numbers


def _asked(table: pd.DataFrame, var: Variable) -> BoolArray:
    if var.asked_if is None:
        return np.ones(len(table), dtype=bool)
    return np.asarray(table[var.asked_if].to_numpy(dtype=np.float64) == 1)


def _hot_deck(
    table: pd.DataFrame,
    var: Variable,
    asked: BoolArray,
    reported: BoolArray,
    bound: str | None,
    levels: CellLevels,
    rng: np.random.Generator,
    log: EditLog,
) -> list[str]:
    """Impute ``var`` where it is asked and blank; return notes on fallbacks and failures."""
    blank = np.asarray(table[var.name].isna().to_numpy())
    recipients = np.flatnonzero(asked & blank)
    if len(recipients) == 0:
        return []
    notes: list[str] = []
    donor_mask = asked & reported & ~blank
    if bound is not None:
        limit = as_numbers(table, bound)
        value = table[var.name].to_numpy(dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = value / limit
        donor_mask &= (limit > 0) & (value >= 0) & (value <= limit)
        unbounded = np.isnan(limit[recipients])
        if unbounded.any():
            notes.append(
                f"{var.name}: {int(unbounded.sum())} value(s) stay missing because {bound} is "
                "missing, so no value within it can be imputed."
            )
            recipients = recipients[~unbounded]
    chosen, level = draw_donors(levels, np.flatnonzero(donor_mask), recipients, rng)
    found = chosen >= 0
    if not found.all():
        notes.append(
            f"{var.name}: no unit reported it, so {int((~found).sum())} value(s) stay missing."
        )
    recipients, chosen, level = recipients[found], chosen[found], level[found]
    if bound is not None:
        new = ratio[chosen] * limit[recipients]
        new = np.round(new) if var.kind is Kind.COUNT else new
    else:
        new = table[var.name].to_numpy(dtype=object)[chosen]
    cells = [levels.names[i] for i in level]
    change_values(table, recipients, var.name, new, EditMethod.HOT_DECK, log, chosen, cells)
    for index in range(1, len(levels.names)):
        used = int((level == index).sum())
        if used:
            notes.append(
                f"{var.name}: {used} recipient(s) had no donor in their {levels.names[0]} cell; "
                f"their donors came from the same {levels.names[index]} cell."
                if levels.names[index] != "all"
                else f"{var.name}: {used} recipient(s) had no donor in a finer cell; their "
                "donors came from the whole file."
            )
    return notes


def _check_arguments(frame: pd.DataFrame, rng: object, cells: Sequence[str]) -> None:
    if not isinstance(rng, np.random.Generator):
        raise ConfigError(
            f"impute() needs a numpy.random.Generator, e.g. numpy.random.default_rng(2025); "
            f"it was given a {type(rng).__name__}."
        )
    absent = [name for name in cells if name not in frame.columns]
    if absent:
        raise ConfigError(
            f"The imputation cells {absent} are not columns of the table; it has "
            f"{', '.join(map(str, frame.columns))}. Join the sample's size class and industry "
            "first, or pass other cells."
        )


def impute(
    frame: pd.DataFrame,
    rng: np.random.Generator,
    cells: Sequence[str] = ("size_class", "industry"),
    variables: Sequence[Variable] = VARIABLES,
) -> ImputationResult:
    """Edit and impute the questionnaire variables of ``frame`` (model names, validated).

    Deductive edits from the questionnaire's logic, then random hot deck within ``cells`` with
    fallback to coarser cells (``cells`` without its last column, then all). Numeric answers come
    back as float64, categories as text. The table must have the ``cells`` columns.
    """
    _check_arguments(frame, rng, cells)
    table = frame.reset_index(drop=True).copy()
    present = _present_variables(table, variables)
    _coerce(table, present)
    reported = {var.name: np.asarray(table[var.name].notna().to_numpy()) for var in present}
    names = set(reported)
    limits = {b.name: b.bound for b in bounds(present) if b.bound in table.columns}
    partners = {
        a: b for pair in COMPLEMENTARY_SHARES if set(pair) <= names for a, b in (pair, pair[::-1])
    }
    levels = cell_levels(table, cells)
    log = EditLog()
    notes: list[str] = []
    fill_filters_from_answers(table, present, log)
    applicable: dict[str, int] = {}
    for var in present:
        skip_unasked(table, var, log)
        asked = _asked(table, var)
        if var.name in partners:
            complete_share(table, var.name, partners[var.name], _SHARE_TOTAL, asked, log)
        bound = limits.get(var.name)
        if bound is not None:
            zero_under_zero_bound(table, var.name, bound, asked, log)
        notes += _hot_deck(table, var, asked, reported[var.name], bound, levels, rng, log)
        applicable[var.name] = int(asked.sum())
    still_missing = {
        var.name: int((_asked(table, var) & table[var.name].isna().to_numpy()).sum())
        for var in present
    }
    for note in notes:
        logger.info(note)
    edits = log.table()
    rates = imputation_rates(edits, applicable, still_missing, len(table), levels.names[0])
    return ImputationResult(table, edits, rates, tuple(notes), tuple(var.name for var in present))
