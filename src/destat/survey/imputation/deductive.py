"""Deductive editing: values that the questionnaire's logic determines, changed with certainty.

Edit rules in the sense of Fellegi and Holt (1976, "A systematic approach to automatic edit and
imputation", JASA 71:17-35): where the logic leaves a single possible value, that value is put in
without drawing on other units. The rules used here:

* a question skipped because its filter question was answered no takes its implied value (no or
  zero), or is blanked when it has no meaning then (e.g. the share of web sales of an enterprise
  that sells nothing online); an answer given although the filter says no is replaced the same
  way, since the filter question is the better answered of the two;
* a filter question left unanswered is yes when a question it filters was answered (an enterprise
  reporting Internet use used computers);
* two shares that make up 100 (web and EDI sales) complete each other;
* an answer bounded by another (B2C share ≤ web share) is zero when the bound is zero.

Each function changes the working table in place and records every change in the edit log.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.survey.imputation.flags import EditLog, EditMethod, change_values
from destat.survey.questionnaire import Variable

__all__ = [
    "answered",
    "as_numbers",
    "complete_share",
    "fill_filters_from_answers",
    "skip_unasked",
    "zero_under_zero_bound",
]

BoolArray = npt.NDArray[np.bool_]


def _set(
    table: pd.DataFrame,
    mask: BoolArray,
    name: str,
    values: object,
    method: EditMethod,
    log: EditLog,
) -> None:
    positions = np.flatnonzero(mask)
    new = np.asarray(values, dtype=object)
    new = np.broadcast_to(new, positions.shape) if new.ndim == 0 else new[positions]
    change_values(table, positions, name, new, method, log)


def as_numbers(table: pd.DataFrame, name: str) -> npt.NDArray[np.float64]:
    """Column ``name`` as float64, NaN where blank (frame columns may still be text)."""
    return np.asarray(pd.to_numeric(table[name], errors="coerce"), dtype=np.float64)


def answered(table: pd.DataFrame, var: Variable) -> BoolArray:
    """True where ``var`` holds an answer showing it was asked (not blank, not its skip value)."""
    given = np.asarray(table[var.name].notna().to_numpy())
    if var.if_not_asked is None:
        return given
    differs: BoolArray = table[var.name].to_numpy(dtype=object) != var.if_not_asked
    return given & differs


def fill_filters_from_answers(
    table: pd.DataFrame, variables: Sequence[Variable], log: EditLog
) -> None:
    """Set a blank filter question to yes where a question it filters was answered.

    Questions are visited from the last to the first, so that an answer deep in the
    questionnaire fills every filter above it (orders received → Internet → computers).
    """
    present = {var.name for var in variables}
    for var in reversed(variables):
        if var.asked_if is None or var.asked_if not in present:
            continue
        blank_filter = np.asarray(table[var.asked_if].isna().to_numpy())
        _set(
            table,
            blank_filter & answered(table, var),
            var.asked_if,
            1.0,
            EditMethod.DEDUCTIVE_FILTER,
            log,
        )


def skip_unasked(table: pd.DataFrame, var: Variable, log: EditLog) -> None:
    """Where the filter of ``var`` is no, give ``var`` its implied value (or blank it)."""
    if var.asked_if is None:
        return
    filter_no = np.asarray(table[var.asked_if].to_numpy(dtype=np.float64) == 0)
    current = table[var.name]
    value: object
    if var.if_not_asked is None:
        wrong = np.asarray(current.notna().to_numpy())
        value = None if current.dtype == object else np.nan
    else:
        differs: BoolArray = current.to_numpy(dtype=object) != var.if_not_asked
        wrong = np.asarray(current.isna().to_numpy()) | differs
        value = float(var.if_not_asked)
    _set(table, filter_no & wrong, var.name, value, EditMethod.DEDUCTIVE_SKIP, log)


def complete_share(
    table: pd.DataFrame, name: str, partner: str, total: float, asked: BoolArray, log: EditLog
) -> None:
    """Where ``name`` is asked but blank and ``partner`` is known, it is ``total - partner``."""
    fill = asked & np.asarray(table[name].isna().to_numpy() & table[partner].notna().to_numpy())
    complement = total - table[partner].to_numpy(dtype=np.float64)
    _set(table, fill, name, complement, EditMethod.DEDUCTIVE_COMPLEMENT, log)


def zero_under_zero_bound(
    table: pd.DataFrame, name: str, bound: str, asked: BoolArray, log: EditLog
) -> None:
    """Where ``name`` is asked but blank and its upper bound ``bound`` is zero, it is zero."""
    fill = asked & np.asarray(table[name].isna().to_numpy() & (as_numbers(table, bound) == 0))
    _set(table, fill, name, 0.0, EditMethod.DEDUCTIVE_BOUND, log)
