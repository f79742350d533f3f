"""Validation rules as data: an identifier, a description, a severity and a vectorised check.

A check takes the :class:`~destat.survey.validation.data.SurveyData` and returns a table of
findings, one row per problem (``position`` is the 0-based row, or missing for a problem of the
whole file). :func:`findings` builds that table from a boolean mask and message templates, so a
new rule is a few lines::

    def check(data: SurveyData) -> pd.DataFrame:
        mask = data.number("turnover") > 1e9
        return findings(data, mask, "turnover", "{column} is {value}, above a billion.",
                        "Check the unit: turnover is in thousands.")

    rules = (*default_rules(), Rule("huge_turnover", "Turnover is plausible.", Severity.WARNING,
                                    check))
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.errors import ConfigError
from destat.survey.validation.data import SurveyData, display_text

__all__ = [
    "FINDING_COLUMNS",
    "Check",
    "Rule",
    "Severity",
    "combine_findings",
    "findings",
    "no_findings",
]

FINDING_COLUMNS = ("position", "column", "value", "message", "fix")

Check = Callable[[SurveyData], pd.DataFrame]
Field = pd.Series | str | float | int


class Severity(StrEnum):
    """An error stops the run; a warning is reported and the run goes on."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """A validation rule: ``check`` returns the findings table for the data it is given."""

    id: str
    description: str
    severity: Severity
    check: Check

    def with_severity(self, severity: Severity | str) -> Rule:
        """The same rule with another severity (``"error"`` or ``"warning"``)."""
        return replace(self, severity=parse_severity(severity, self.id))


def parse_severity(severity: Severity | str, rule_id: str) -> Severity:
    """``severity`` as a :class:`Severity`, or a ConfigError that lists the choices."""
    try:
        return Severity(severity)
    except ValueError:
        raise ConfigError(
            f"Rule {rule_id!r} was given severity {severity!r}; expected 'error' or 'warning'."
        ) from None


_EMPTY = pd.DataFrame({name: pd.Series(dtype=object) for name in FINDING_COLUMNS})


def no_findings() -> pd.DataFrame:
    """An empty findings table."""
    return _EMPTY.copy(deep=False)


def combine_findings(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """One findings table from several (empty ones are dropped)."""
    kept = [part for part in parts if len(part)]
    return pd.concat(kept, ignore_index=True) if kept else no_findings()


def _render(
    template: str,
    data: SurveyData,
    column: str,
    rows: npt.NDArray[np.intp],
    fields: dict[str, Field],
) -> pd.Series:
    """Fill ``template`` row by row, vectorised: ``{column}`` is the user's column name,
    ``{value}`` the cell, ``{label:x}`` the user's name of column ``x`` and any other field a
    value of ``fields`` (a scalar, or a Series aligned with the table)."""
    out = pd.Series([""] * len(rows), dtype=object)
    for literal, name, spec, _ in string.Formatter().parse(template):
        out = out + literal
        if name is None:
            continue
        if name == "column":
            out = out + data.label(column)
        elif name == "value":
            out = out + data.text_at(column, rows)
        elif name == "label":
            out = out + data.label(spec or "")
        else:
            field = fields[name]
            if isinstance(field, pd.Series):
                out = out + display_text(field.iloc[rows]).to_numpy(dtype=object)
            else:
                out = out + str(field)
    return out


def findings(
    data: SurveyData,
    mask: npt.ArrayLike,
    column: str,
    message: str,
    fix: str,
    **fields: Field,
) -> pd.DataFrame:
    """Findings for the rows where ``mask`` is true, in column ``column`` (a model name).

    ``message`` and ``fix`` are templates: ``{column}`` is the user's name of the column,
    ``{value}`` the cell as the user sees it, ``{label:name}`` the user's name of another column,
    and other fields come from ``fields``.
    """
    rows = np.flatnonzero(np.asarray(mask, dtype=bool))
    if len(rows) == 0:
        return no_findings()
    return pd.DataFrame(
        {
            "position": rows,
            "column": column,
            "value": data.text_at(column, rows),
            "message": _render(message, data, column, rows, fields).to_numpy(),
            "fix": _render(fix, data, column, rows, fields).to_numpy(),
        }
    )
