"""The default rules, built from the model questionnaire; severities can be changed per rule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from destat.errors import ConfigError
from destat.survey.questionnaire import RULES, Kind, Variable
from destat.survey.validation.logic import (
    COMPLEMENTARY_SHARES,
    FRAME_VARIABLES,
    IMPLICATIONS,
    NUMERIC_KINDS,
    VARIABLES,
    Bound,
    bounds,
)
from destat.survey.validation.logic_checks import implication_check, skip_pattern_check
from destat.survey.validation.rules import Rule, Severity, parse_severity
from destat.survey.validation.unit_checks import (
    identifier_given_check,
    in_register_check,
    isic_class_check,
    unique_id_check,
)
from destat.survey.validation.value_checks import (
    allowed_codes_check,
    at_most_check,
    non_negative_check,
    numeric_check,
    percent_check,
    sum_at_most_check,
)

__all__ = ["default_rules"]

_ID = "enterprise_id"
_ISIC = "isic"
_ERROR, _WARNING = Severity.ERROR, Severity.WARNING


_BOUND_RULES: dict[str, tuple[str, Severity]] = {
    "persons_at_most_employed": (
        "Persons using computers or the Internet do not exceed persons employed.",
        _ERROR,
    ),
    "sales_at_most_turnover": ("E-commerce sales do not exceed turnover.", _WARNING),
    "b2c_at_most_web_sales": (
        "The share of sales to consumers is at most the share of web sales (EDI is B2B).",
        _WARNING,
    ),
}


def _bound_rules(variables: Sequence[Variable]) -> list[Rule]:
    grouped: dict[str, list[Bound]] = {}
    for limit in bounds(variables):
        grouped.setdefault(limit.rule_id, []).append(limit)
    rules = []
    for rule_id, limits in grouped.items():
        description, severity = _BOUND_RULES.get(
            rule_id, (f"Answers do not exceed {limits[0].bound}.", _ERROR)
        )
        rules.append(Rule(rule_id, description, severity, at_most_check(limits)))
    return rules


def _rules(variables: Sequence[Variable], frame_variables: Sequence[Variable]) -> list[Rule]:
    everything = (*frame_variables, *variables)
    numeric = [var.name for var in everything if var.kind in NUMERIC_KINDS]
    coded = [var for var in everything if var.allowed]
    percents = [var.name for var in variables if var.kind is Kind.PERCENT]
    names = {var.name for var in variables}
    implications = [i for i in IMPLICATIONS if {i.question, i.requires} <= names]
    return [
        Rule("identifier_given", "Every questionnaire has an enterprise identifier.", _ERROR,
             identifier_given_check(_ID)),
        Rule("unique_enterprise_id", "An enterprise appears once in the survey file.", _ERROR,
             unique_id_check(_ID)),
        Rule("in_register", "Every respondent is an enterprise of the business register.",
             _ERROR, in_register_check(_ID)),
        Rule("known_isic_class", "The activity code is an ISIC Rev.4 class.", _ERROR,
             isic_class_check(_ISIC)),
        Rule("numeric", "A numeric question holds a number.", _ERROR, numeric_check(numeric)),
        Rule("allowed_code", "A coded question holds one of its codes.", _ERROR,
             allowed_codes_check(coded)),
        Rule("non_negative", "Counts, values and percentages are not negative.", _ERROR,
             non_negative_check(numeric)),
        Rule("percent_at_most_100", "A percentage is at most 100.", _ERROR,
             percent_check(percents)),
        *_bound_rules(variables),
        *[
            Rule("channel_shares_at_most_100",
                 "Web and EDI shares of e-commerce sales add up to at most 100.", _ERROR,
                 sum_at_most_check(pair, 100.0))
            for pair in COMPLEMENTARY_SHARES
            if set(pair) <= names
        ],
        *[
            Rule(i.rule_id, RULES.get(i.rule_id, f"{i.question} needs {i.requires}."), _ERROR,
                 implication_check(i))
            for i in implications
        ],
        Rule("skipped_question_answered",
             "A question skipped by its filter question is left blank.", _WARNING,
             skip_pattern_check(variables, exclude=implications)),
    ]  # fmt: skip


def default_rules(
    severities: Mapping[str, Severity | str] | None = None,
    variables: Sequence[Variable] = VARIABLES,
    frame_variables: Sequence[Variable] = FRAME_VARIABLES,
) -> tuple[Rule, ...]:
    """The rules for the model questionnaire, with ``severities`` overriding the defaults.

    ``severities`` maps rule ids to ``"error"`` or ``"warning"``; an unknown id is a ConfigError.
    """
    rules = _rules(variables, frame_variables)
    changes = dict(severities or {})
    unknown = sorted(set(changes) - {rule.id for rule in rules})
    if unknown:
        raise ConfigError(
            f"Severities were given for unknown rules {unknown}; the rules are "
            f"{', '.join(rule.id for rule in rules)}."
        )
    return tuple(
        rule.with_severity(parse_severity(changes[rule.id], rule.id))
        if rule.id in changes
        else rule
        for rule in rules
    )
