"""Editing and imputation of survey microdata: deductive edits, then hot deck within cells.

    result = impute(frame, numpy.random.default_rng(2025), cells=("size_class", "industry"))
    result.frame     # completed table
    result.edits     # one row per changed value: old, new, method, donor
    result.rates     # per variable, for the quality report

See ``docs/validation.md`` for the methods and their sources.
"""

from __future__ import annotations

from destat.survey.imputation.flags import EditMethod
from destat.survey.imputation.result import ImputationResult
from destat.survey.imputation.run import ImputationInputError, impute

__all__ = ["EditMethod", "ImputationInputError", "ImputationResult", "impute"]
