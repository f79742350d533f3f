"""Checks of the questionnaire's logic: answers that need a yes elsewhere, and skip patterns.

A question whose filter was answered no (or was itself skipped) should be blank. An answer that
agrees with the skip (an explicit no, or zero, where the skip implies no or zero) carries the same
information and is not reported; anything else is.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.survey.questionnaire import Variable
from destat.survey.validation.data import SurveyData
from destat.survey.validation.logic import Implication
from destat.survey.validation.rules import Check, combine_findings, findings, no_findings

__all__ = ["implication_check", "skip_pattern_check"]


def implication_check(implication: Implication) -> Check:
    """A yes to ``implication.question`` where ``implication.requires`` is no, or blank because
    it was skipped."""
    question, requires = implication.question, implication.requires

    def check(data: SurveyData) -> pd.DataFrame:
        if not (data.has(question) and data.has(requires)):
            return no_findings()
        yes = data.number(question).to_numpy() == 1
        requirement = data.number(requires).to_numpy()
        requirement_no = (requirement == 0) | (np.isnan(requirement) & data.skipped(requires))
        return findings(
            data,
            yes & requirement_no,
            question,
            '{column} ("{question_label}") is yes, but {label:'
            + requires
            + '} ("{requires_label}") is no.',
            "Check both answers: if {label:"
            + requires
            + "} is right, {column} should be no; otherwise {label:"
            + requires
            + "} should be yes.",
            question_label=data.variables[question].label if question in data.variables else "",
            requires_label=data.variables[requires].label if requires in data.variables else "",
        )

    return check


def _contradicts_skip(data: SurveyData, var: Variable) -> npt.NDArray[np.bool_]:
    given = ~data.blank(var.name)
    if var.if_not_asked is None:
        return given
    differs: npt.NDArray[np.bool_] = data.number(var.name).to_numpy() != var.if_not_asked
    return given & differs


def skip_pattern_check(variables: Sequence[Variable], exclude: Sequence[Implication] = ()) -> Check:
    """Answers to questions that the filter says should have been skipped.

    Pairs of question and filter in ``exclude`` have a rule of their own and are left to it.
    """
    excluded = {(item.question, item.requires) for item in exclude}
    filtered = [
        var
        for var in variables
        if var.asked_if is not None and (var.name, var.asked_if) not in excluded
    ]

    def check(data: SurveyData) -> pd.DataFrame:
        parts = []
        for var in filtered:
            if not data.has(var.name) or var.asked_if is None:
                continue
            parts.append(
                findings(
                    data,
                    data.skipped(var.name) & _contradicts_skip(data, var),
                    var.name,
                    "{column} is answered ({value}) although {label:"
                    + var.asked_if
                    + "} is no or not asked, so the question should have been skipped.",
                    "If {label:"
                    + var.asked_if
                    + "} is right, blank {column}"
                    + ("" if var.if_not_asked is None else f" (or enter {var.if_not_asked})")
                    + "; if {column} is right, {label:"
                    + var.asked_if
                    + "} should be yes.",
                )
            )
        return combine_findings(parts)

    return check
