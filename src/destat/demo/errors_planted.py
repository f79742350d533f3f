"""Errors planted in the demo survey file, one per validation rule, and their manifest.

Each error sits on its own row, picked at random among rows where the error is the only rule
broken, so that a validation step can be checked row by row against the manifest. Row numbers
in the manifest are 1-based data rows with the header excluded: row 1 is the first line under
the header of a CSV file, the second row of an Excel sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.national_format import NO, RESPONSE_NAMES, YES
from destat.errors import ConfigError

__all__ = ["MANIFEST_COLUMNS", "UNKNOWN_ISIC_CLASS", "plant_errors"]

MANIFEST_COLUMNS = ("row", "column", "variable", "rule", "value", "description")
UNKNOWN_ISIC_CLASS = "4797"  # group 479 has only classes 4791 and 4799
_NON_NUMERIC_ENTRY = "todos"

_ID = RESPONSE_NAMES["enterprise_id"]
_ISIC = RESPONSE_NAMES["isic"]
_PERSONS = RESPONSE_NAMES["persons_employed"]
_TURNOVER = RESPONSE_NAMES["turnover"]
_COMPUTER = RESPONSE_NAMES["uses_computer"]
_INTERNET = RESPONSE_NAMES["uses_internet"]
_USING_COMPUTER = RESPONSE_NAMES["persons_using_computer"]
_USING_INTERNET = RESPONSE_NAMES["persons_using_internet"]
_ORDERS = RESPONSE_NAMES["receives_orders_internet"]
_CROSS_BORDER = RESPONSE_NAMES["cross_border_share"]
_MODEL_NAMES = {national: model for model, national in RESPONSE_NAMES.items()}


@dataclass(frozen=True)
class _Plant:
    rule: str
    column: str
    eligible: Callable[[pd.DataFrame], npt.NDArray[np.bool_]]
    new_value: Callable[[pd.Series, np.random.Generator], int | str]
    description: str


def _equals(table: pd.DataFrame, column: str, value: int) -> npt.NDArray[np.bool_]:
    return np.asarray(table[column].to_numpy(dtype=np.float64, na_value=np.nan) == value)


def _present(table: pd.DataFrame, column: str) -> npt.NDArray[np.bool_]:
    return np.asarray(table[column].notna().to_numpy())


_PLANTS: tuple[_Plant, ...] = (
    _Plant(
        "orders_need_internet",
        _ORDERS,
        lambda t: _equals(t, _INTERNET, NO),
        lambda row, rng: YES,
        f"{_ORDERS} = 1 (receives orders over the Internet) but {_INTERNET} = 2 (no Internet).",
    ),
    _Plant(
        "persons_at_most_employed",
        _USING_INTERNET,
        lambda t: _equals(t, _INTERNET, YES) & _present(t, _USING_INTERNET),
        lambda row, rng: int(row[_PERSONS]) + int(rng.integers(1, 20)),
        f"{_USING_INTERNET} (persons using the Internet) is larger than {_PERSONS}.",
    ),
    _Plant(
        "known_isic_class",
        _ISIC,
        lambda t: np.ones(len(t), dtype=bool),
        lambda row, rng: UNKNOWN_ISIC_CLASS,
        f"{_ISIC} = {UNKNOWN_ISIC_CLASS} is not an ISIC Rev.4 class.",
    ),
    _Plant(
        "percent_at_most_100",
        _CROSS_BORDER,
        lambda t: _present(t, _CROSS_BORDER),
        lambda row, rng: 100 + int(rng.integers(5, 60)),
        f"{_CROSS_BORDER} (percentage of e-commerce sales abroad) is above 100.",
    ),
    _Plant(
        "non_negative",
        _TURNOVER,
        lambda t: np.asarray(t[_TURNOVER].to_numpy(dtype=np.float64, na_value=0.0) > 0),
        lambda row, rng: -int(row[_TURNOVER]),
        f"{_TURNOVER} (turnover) is negative.",
    ),
    _Plant(
        "numeric",
        _USING_COMPUTER,
        lambda t: _equals(t, _COMPUTER, YES) & _present(t, _USING_COMPUTER),
        lambda row, rng: _NON_NUMERIC_ENTRY,
        f'{_USING_COMPUTER} holds the text "{_NON_NUMERIC_ENTRY}" instead of a number.',
    ),
)


def _pick_row(
    eligible: npt.NDArray[np.bool_], taken: set[int], rule: str, rng: np.random.Generator
) -> int:
    candidates = np.setdiff1d(
        np.flatnonzero(eligible), np.fromiter(taken, dtype=np.int64, count=len(taken))
    )
    if len(candidates) == 0:
        raise ConfigError(
            f"No respondent row can carry the planted error for rule {rule!r}: the sample is too "
            "small. Use a larger register or sample size."
        )
    return int(rng.choice(candidates))


def plant_errors(
    table: pd.DataFrame, register_size: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Plant one error per rule in a national-format survey table; return it and the manifest.

    Besides the errors of single cells, a respondent's row is entered twice (rule
    ``unique_enterprise_id``: the second copy, right below the first, is the error) and a
    questionnaire from an enterprise that is not in the register of ``register_size`` units is
    appended at the end (rule ``in_register``).
    """
    table = table.reset_index(drop=True).astype(
        {_USING_COMPUTER: object, _ISIC: object, _TURNOVER: object}
    )
    taken: set[int] = set()
    planted: list[tuple[int, str, str, int | str, str]] = []
    for plant in _PLANTS:
        row = _pick_row(plant.eligible(table), taken, plant.rule, rng)
        taken.add(row)
        value = plant.new_value(table.iloc[row], rng)
        table.at[row, plant.column] = value
        planted.append((row, plant.column, plant.rule, value, plant.description))

    anywhere = np.ones(len(table), dtype=bool)
    duplicated = _pick_row(anywhere, taken, "unique_enterprise_id", rng)
    taken.add(duplicated)
    foreign = table.loc[[_pick_row(anywhere, taken, "in_register", rng)]].copy()
    foreign_id = f"E{register_size + int(rng.integers(1, 500)):07d}"
    foreign[_ID] = foreign_id
    order = np.concatenate([np.arange(duplicated + 1), np.arange(duplicated, len(table))])
    result = pd.concat([table.iloc[order], foreign], ignore_index=True)

    # The copy of the duplicated row pushes every later row down by one.
    planted = [
        (p + 1 if p > duplicated else p, column, rule, value, text)
        for p, column, rule, value, text in planted
    ]
    duplicate_id = str(table.loc[duplicated, _ID])
    planted.append(
        (
            duplicated + 1,
            _ID,
            "unique_enterprise_id",
            duplicate_id,
            f"{_ID} {duplicate_id} is entered twice; the first entry is data row {duplicated + 1}.",
        )
    )
    planted.append(
        (
            len(result) - 1,
            _ID,
            "in_register",
            foreign_id,
            f"{_ID} {foreign_id} is not in the business register.",
        )
    )
    manifest = pd.DataFrame(planted, columns=["position", "column", "rule", "value", "description"])
    manifest["row"] = manifest.pop("position").astype(np.int64) + 1
    manifest["variable"] = manifest["column"].map(_MODEL_NAMES)
    manifest["value"] = manifest["value"].astype(str)
    return result, manifest[list(MANIFEST_COLUMNS)].sort_values("row", ignore_index=True)
