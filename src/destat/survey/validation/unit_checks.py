"""Checks of the units: identifiers given, unique and in the register; a valid activity code."""

from __future__ import annotations

import numpy as np
import pandas as pd

from destat.indicators.codelists import validate_codes
from destat.indicators.isic import isic_codelist
from destat.survey.validation.data import SurveyData
from destat.survey.validation.rules import Check, combine_findings, findings, no_findings

__all__ = ["identifier_given_check", "in_register_check", "isic_class_check", "unique_id_check"]


def identifier_given_check(name: str) -> Check:
    """Rows without an enterprise identifier."""

    def check(data: SurveyData) -> pd.DataFrame:
        if not data.has(name):
            return no_findings()
        return findings(
            data,
            data.blank(name),
            name,
            "{column} is blank: the questionnaire cannot be linked to its enterprise.",
            "Enter the enterprise's identifier from the business register.",
        )

    return check


def unique_id_check(name: str) -> Check:
    """Every repeat of an identifier after its first row (the first entry is not reported)."""

    def check(data: SurveyData) -> pd.DataFrame:
        if not data.has(name):
            return no_findings()
        ids = data.text(name)
        given = ids != ""
        repeated = ids.duplicated(keep="first") & given
        first_row = ids.map(pd.Series(np.arange(len(ids)) + 1, index=ids).groupby(level=0).min())
        return findings(
            data,
            repeated.to_numpy(),
            name,
            "{column} {value} is entered more than once; its first entry is data row {first}.",
            "Delete the repeated questionnaire, or correct the identifier if these are two "
            "different enterprises.",
            first=first_row,
        )

    return check


def in_register_check(name: str) -> Check:
    """Identifiers that are not in the business register (only when register ids are given)."""

    def check(data: SurveyData) -> pd.DataFrame:
        if data.register_ids is None or not data.has(name):
            return no_findings()
        ids = data.text(name)
        mask = (ids != "") & ~ids.isin(data.register_ids)
        return findings(
            data,
            mask.to_numpy(),
            name,
            "{column} {value} is not in the business register.",
            "Correct the identifier, or add the enterprise to the register if it is new "
            "(a unit outside the frame cannot be weighted).",
        )

    return check


def isic_class_check(name: str) -> Check:
    """Activity codes that are not ISIC Rev.4 classes, with the closest class as a suggestion.

    Each distinct code is looked up once, so the check stays fast on large files.
    """
    classes = isic_codelist("class")

    def check(data: SurveyData) -> pd.DataFrame:
        if not data.has(name):
            return no_findings()
        codes = data.text(name)
        distinct = codes.drop_duplicates().tolist()
        invalid = {item.value: item.suggestion for item in validate_codes(distinct, classes)}
        suggestion = codes.map(
            {value: (f"Did you mean {hint}? " if hint else "") for value, hint in invalid.items()}
        )
        blank = codes == ""
        bad = codes.isin(list(invalid)) & ~blank
        return combine_findings(
            [
                findings(
                    data,
                    bad.to_numpy(),
                    name,
                    "{column} = {value} is not an ISIC Rev.4 class.",
                    "{hint}Enter the 4-digit ISIC Rev.4 class of the main activity "
                    "(keep leading zeros, e.g. 0111).",
                    hint=suggestion,
                ),
                findings(
                    data,
                    blank.to_numpy(),
                    name,
                    "{column} is blank: the enterprise has no activity code.",
                    "Enter the 4-digit ISIC Rev.4 class of the main activity, from the register.",
                ),
            ]
        )

    return check
