"""Checks of single cells: numbers where numbers belong, allowed codes, ranges."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from destat.survey.questionnaire import Variable
from destat.survey.validation.data import SurveyData
from destat.survey.validation.logic import Bound
from destat.survey.validation.rules import Check, combine_findings, findings, no_findings

__all__ = [
    "allowed_codes_check",
    "at_most_check",
    "non_negative_check",
    "numeric_check",
    "percent_check",
    "sum_at_most_check",
]


def numeric_check(names: Sequence[str]) -> Check:
    """Entries of the numeric columns ``names`` that are not numbers."""

    def check(data: SurveyData) -> pd.DataFrame:
        return combine_findings(
            [
                findings(
                    data,
                    ~data.blank(name) & data.number(name).isna().to_numpy(),
                    name,
                    '{column} holds "{value}", which is not a number.',
                    "Enter the number in digits (a point for decimals, no thousands separator), "
                    "or leave the cell blank when the answer is not known.",
                )
                for name in names
                if data.has(name)
            ]
        )

    return check


def allowed_codes_check(variables: Sequence[Variable]) -> Check:
    """Entries of coded columns (yes/no, categories, regions) that are not allowed codes."""

    def check(data: SurveyData) -> pd.DataFrame:
        parts = []
        for var in variables:
            if not data.has(var.name):
                continue
            allowed = ", ".join(str(code) for code in var.allowed)
            if all(isinstance(code, int) for code in var.allowed):
                known = data.number(var.name).isin([float(c) for c in var.allowed]).to_numpy()
            else:
                known = data.text(var.name).isin([str(c) for c in var.allowed]).to_numpy()
            parts.append(
                findings(
                    data,
                    ~data.blank(var.name) & ~known,
                    var.name,
                    '{column} is "{value}", which is not one of its codes.',
                    "Correct the code: after mapping to the model questionnaire the allowed "
                    "values are {allowed}; leave the cell blank for no answer.",
                    allowed=allowed,
                )
            )
        return combine_findings(parts)

    return check


def non_negative_check(names: Sequence[str]) -> Check:
    """Counts, values and percentages below zero."""

    def check(data: SurveyData) -> pd.DataFrame:
        return combine_findings(
            [
                findings(
                    data,
                    data.number(name).to_numpy() < 0,
                    name,
                    "{column} is {value}, below zero.",
                    "Enter the figure without a minus sign if that is what was meant; counts, "
                    "values and percentages cannot be negative.",
                )
                for name in names
                if data.has(name)
            ]
        )

    return check


def percent_check(names: Sequence[str]) -> Check:
    """Percentages above 100."""

    def check(data: SurveyData) -> pd.DataFrame:
        return combine_findings(
            [
                findings(
                    data,
                    data.number(name).to_numpy() > 100,
                    name,
                    "{column} is {value}, a percentage above 100.",
                    "Enter a percentage from 0 to 100, not an amount in currency.",
                )
                for name in names
                if data.has(name)
            ]
        )

    return check


def at_most_check(limits: Sequence[Bound]) -> Check:
    """Answers larger than the answer that bounds them (persons using computers > employed).

    A negative or missing bound is not compared: its own rule reports it.
    """

    def check(data: SurveyData) -> pd.DataFrame:
        parts = []
        for limit in limits:
            if not (data.has(limit.name) and data.has(limit.bound)):
                continue
            bound = data.number(limit.bound)
            mask = (data.number(limit.name) > bound) & (bound >= 0)
            parts.append(
                findings(
                    data,
                    mask.to_numpy(),
                    limit.name,
                    "{column} is {value}, more than {label:" + limit.bound + "} = {bound}.",
                    "Check both figures: {column} cannot exceed {label:" + limit.bound + "}.",
                    bound=bound,
                )
            )
        return combine_findings(parts)

    return check


def sum_at_most_check(names: Sequence[str], limit: float) -> Check:
    """Rows where answers that share one total add up to more than ``limit``.

    The problem is reported in the first column; the message names all of them.
    """
    first = names[0]

    def check(data: SurveyData) -> pd.DataFrame:
        if not all(data.has(name) for name in names):
            return no_findings()
        total = pd.concat([data.number(name) for name in names], axis=1).sum(axis=1)
        mask = np.asarray(total > limit)
        terms = " + ".join("{label:" + name + "}" for name in names)
        return findings(
            data,
            mask,
            first,
            terms + " = {total}, more than {limit}.",
            "Correct the shares so that " + terms + " is at most {limit}.",
            total=total,
            limit=f"{limit:g}",
        )

    return check
