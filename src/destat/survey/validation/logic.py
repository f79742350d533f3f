"""The questionnaire's logic in one place, shared by validation and by editing and imputation.

The model questionnaire (:mod:`destat.survey.questionnaire`) gives each question its kind, allowed
values, filter question and upper bound. This module adds the relations between questions that
the rules and the deductive edits use: which filtered questions have a rule of their own, which
percentages add up to 100, and which values are bounded by another answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from destat.survey.questionnaire import FRAME_VARIABLES, VARIABLES, Kind, Variable

__all__ = [
    "COMPLEMENTARY_SHARES",
    "FRAME_VARIABLES",
    "IMPLICATIONS",
    "NUMERIC_KINDS",
    "VARIABLES",
    "Bound",
    "Implication",
    "bounds",
]

NUMERIC_KINDS = frozenset({Kind.COUNT, Kind.VALUE, Kind.PERCENT})


@dataclass(frozen=True)
class Implication:
    """A yes to ``question`` needs a yes to ``requires``; the rule ``rule_id`` checks it."""

    question: str
    requires: str
    rule_id: str


@dataclass(frozen=True)
class Bound:
    """``name`` cannot exceed ``bound``; the rule ``rule_id`` checks it."""

    name: str
    bound: str
    rule_id: str


IMPLICATIONS: tuple[Implication, ...] = (
    Implication("uses_internet", "uses_computer", "internet_needs_computer"),
    Implication("receives_orders_internet", "uses_internet", "orders_need_internet"),
)

# Shares of e-commerce sales by channel: web (websites and apps) and EDI make up all of it.
COMPLEMENTARY_SHARES: tuple[tuple[str, str], ...] = (("web_sales_share", "edi_sales_share"),)

_BOUND_RULES = {
    "persons_employed": "persons_at_most_employed",
    "turnover": "sales_at_most_turnover",
}
# Sales to consumers go through websites and apps only: EDI sales are business-to-business.
_EXTRA_BOUNDS = (Bound("b2c_share", "web_sales_share", "b2c_at_most_web_sales"),)


def bounds(variables: Sequence[Variable] = VARIABLES) -> tuple[Bound, ...]:
    """Every upper bound between answers: the questionnaire's ``at_most`` and B2C ≤ web sales."""
    declared = tuple(
        Bound(var.name, var.at_most, _BOUND_RULES.get(var.at_most, f"at_most_{var.at_most}"))
        for var in variables
        if var.at_most is not None
    )
    names = {var.name for var in variables}
    return declared + tuple(b for b in _EXTRA_BOUNDS if {b.name, b.bound} <= names)
