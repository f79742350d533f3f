"""Validation of survey microdata: rules as data, a problems table, CSV and HTML reports.

Typical use, after mapping the national names and codes to the model questionnaire's::

    result = validate(frame, register_ids=register["enterprise_id"],
                      column_names=mapping.column_names, file_name="survey.csv")
    result.to_html("validation.html")
    result.raise_for_errors()   # errors stop the run; warnings do not

See ``docs/validation.md`` for the rules and how to add one.
"""

from __future__ import annotations

from destat.survey.validation.data import SurveyData
from destat.survey.validation.defaults import default_rules
from destat.survey.validation.mapping import VariableMapping, read_mapping, to_model
from destat.survey.validation.result import ValidationFailedError, ValidationResult
from destat.survey.validation.rules import Rule, Severity, findings
from destat.survey.validation.run import validate

__all__ = [
    "Rule",
    "Severity",
    "SurveyData",
    "ValidationFailedError",
    "ValidationResult",
    "VariableMapping",
    "default_rules",
    "findings",
    "read_mapping",
    "to_model",
    "validate",
]
