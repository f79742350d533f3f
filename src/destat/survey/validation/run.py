"""Run validation rules over survey microdata with model names and collect the problems."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import pyarrow as pa

from destat.errors import ConfigError
from destat.survey.questionnaire import Variable
from destat.survey.validation.data import SurveyData
from destat.survey.validation.defaults import default_rules
from destat.survey.validation.logic import FRAME_VARIABLES, VARIABLES
from destat.survey.validation.result import PROBLEM_COLUMNS, ValidationResult
from destat.survey.validation.rules import Rule

__all__ = ["validate"]


def _as_pandas(frame: pd.DataFrame | pa.Table) -> pd.DataFrame:
    if isinstance(frame, pa.Table):
        converted: pd.DataFrame = frame.to_pandas()
        return converted
    if isinstance(frame, pd.DataFrame):
        return frame
    raise ConfigError(
        f"validate() takes a pandas DataFrame or an Arrow table; it was given a "
        f"{type(frame).__name__}. Read the file first (e.g. pandas.read_csv)."
    )


def _register_index(register_ids: Iterable[object] | None) -> pd.Index | None:
    if register_ids is None:
        return None
    ids = pd.Series(list(register_ids), dtype="string").str.strip().dropna()
    index: pd.Index = pd.Index(ids.unique())
    return index


def _unique_ids(rules: Sequence[Rule]) -> None:
    ids = [rule.id for rule in rules]
    repeated = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if repeated:
        raise ConfigError(f"Rule ids must be unique; {repeated} appear more than once.")


def validate(
    frame: pd.DataFrame | pa.Table,
    rules: Sequence[Rule] | None = None,
    register_ids: Iterable[object] | None = None,
    column_names: Mapping[str, str] | None = None,
    file_name: str = "",
    variables: Sequence[Variable] = (*FRAME_VARIABLES, *VARIABLES),
) -> ValidationResult:
    """Check survey microdata (model column names) against ``rules`` (``default_rules()``).

    ``register_ids`` are the enterprise ids of the business register (the ``in_register`` rule
    runs only when they are given); ``column_names`` maps model names to the user's own column
    names, which the problems then show; ``variables`` is the questionnaire whose filters define
    the skip patterns. Problems are sorted by row, then by rule.
    """
    chosen = tuple(default_rules() if rules is None else rules)
    _unique_ids(chosen)
    data = SurveyData(
        _as_pandas(frame),
        variables,
        _register_index(register_ids),
        column_names,
    )
    parts = []
    for order, rule in enumerate(chosen):
        found = rule.check(data)
        if len(found):
            parts.append(found.assign(rule=rule.id, severity=rule.severity.value, order=order))
    if parts:
        table = pd.concat(parts, ignore_index=True)
        table["row"] = table["position"].astype("Int64") + 1
        table["column"] = table["column"].map(data.label)
        table = table.sort_values(["row", "order"], kind="stable", na_position="first")
        problems = table.assign(file=file_name)[list(PROBLEM_COLUMNS)].reset_index(drop=True)
    else:
        problems = pd.DataFrame({name: pd.Series(dtype=object) for name in PROBLEM_COLUMNS})
        problems["row"] = problems["row"].astype("Int64")
    return ValidationResult(problems, file_name, len(data), chosen)
