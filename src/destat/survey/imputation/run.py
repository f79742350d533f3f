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

from destat.errors import ConfigError, DestatError, describe_rows
from destat.survey.imputation.deductive import (
    complete_share,
    fill_filters_from_answers,
    skip_unasked,
    zero_under_zero_bound,
)
from destat.survey.imputation.flags import EditLog, imputation_rates
from destat.survey.imputation.hotdeck import CellLevels, Limits, cell_levels, hot_deck
from destat.survey.imputation.result import ImputationResult
from destat.survey.questionnaire import Kind, Variable
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


def _relations(table: pd.DataFrame, present: Sequence[Variable]) -> dict[str, Limits]:
    """For each question, the answer bounding it and the answers it bounds."""
    upper = {b.name: b.bound for b in bounds(present) if b.bound in table.columns}
    lower: dict[str, tuple[str, ...]] = {}
    for name, bound in upper.items():
        lower[bound] = (*lower.get(bound, ()), name)
    return {var.name: Limits(upper.get(var.name), lower.get(var.name, ())) for var in present}


def _complete(
    table: pd.DataFrame,
    var: Variable,
    reported: BoolArray,
    partner: str | None,
    limits: Limits,
    levels: CellLevels,
    rng: np.random.Generator,
    log: EditLog,
) -> tuple[int, list[str]]:
    """Complete one question whose filter is complete; return where it applies and notes."""
    skip_unasked(table, var, log)
    asked = _asked(table, var)
    if partner is not None:
        complete_share(table, var.name, partner, _SHARE_TOTAL, asked, log)
    if limits.bound is not None:
        zero_under_zero_bound(table, var.name, limits.bound, asked, log)
    notes = hot_deck(table, var, asked & reported, asked, limits, levels, rng, log)
    return int(asked.sum()), notes


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
    partners = {
        a: b
        for pair in COMPLEMENTARY_SHARES
        if set(pair) <= set(reported)
        for a, b in (pair, pair[::-1])
    }
    relations = _relations(table, present)
    levels = cell_levels(table, cells)
    log = EditLog()
    fill_filters_from_answers(table, present, log)
    applicable: dict[str, int] = {}
    notes: list[str] = []
    for var in present:  # questionnaire order: filters before the questions they filter
        partner = partners.get(var.name)
        applicable[var.name], found = _complete(
            table, var, reported[var.name], partner, relations[var.name], levels, rng, log
        )
        notes += found
    still_missing = {
        var.name: int((_asked(table, var) & table[var.name].isna().to_numpy()).sum())
        for var in present
    }
    for note in notes:
        logger.info(note)
    edits = log.table()
    rates = imputation_rates(edits, applicable, still_missing, len(table), levels.names[0])
    return ImputationResult(table, edits, rates, tuple(notes), tuple(var.name for var in present))
