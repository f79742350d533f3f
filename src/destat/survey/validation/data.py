"""The survey table under validation, with the views of its columns that the checks share.

Columns are read once: as the text the user sees (``12``, not ``12.0``), as numbers (blank and
non-numeric entries become NaN) and as a blank mask. Views are cached, so that twenty rules
reading ``uses_internet`` convert it once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.questionnaire import Variable

__all__ = ["SurveyData", "display_text"]

BoolArray = npt.NDArray[np.bool_]


def display_text(values: pd.Series) -> pd.Series:
    """Values as text the way a user typed them: whole floats without ``.0``, blanks as ``""``."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype("string").fillna("").astype(object)
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.astype("float64")
        whole = np.isfinite(numbers) & (numbers == np.floor(numbers)) & (numbers.abs() < 2**53)
        text = numbers.astype(str).astype(object)
        text[whole] = numbers[whole].astype("int64").astype(str)
        text[numbers.isna()] = ""
        return text
    text = values.astype("string").fillna("").astype(object)
    return text


class SurveyData:
    """A survey table with model column names, its register ids and the user's column names."""

    def __init__(
        self,
        frame: pd.DataFrame,
        variables: Sequence[Variable],
        register_ids: pd.Index | None = None,
        column_names: Mapping[str, str] | None = None,
    ) -> None:
        self.frame = frame.reset_index(drop=True)
        self.register_ids = register_ids
        self.variables = {var.name: var for var in variables}
        self._names = dict(column_names or {})
        self._text: dict[str, pd.Series] = {}
        self._numbers: dict[str, pd.Series] = {}
        self._skipped: dict[str, BoolArray] = {}

    def __len__(self) -> int:
        return len(self.frame)

    def has(self, name: str) -> bool:
        """True when the table has the model column ``name``."""
        return name in self.frame.columns

    def label(self, name: str) -> str:
        """The column's name as the user knows it (national name when a mapping was given)."""
        return self._names.get(name, name)

    def text(self, name: str) -> pd.Series:
        """The column as stripped text, ``""`` for blanks."""
        if name not in self._text:
            self._text[name] = display_text(self.frame[name]).str.strip()
        return self._text[name]

    def number(self, name: str) -> pd.Series:
        """The column as float64: NaN for blanks and for entries that are not numbers."""
        if name not in self._numbers:
            column = self.frame[name]
            if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
                numbers = column.astype("float64")
            else:
                numbers = pd.to_numeric(self.text(name), errors="coerce").astype("float64")
            self._numbers[name] = numbers
        return self._numbers[name]

    def blank(self, name: str) -> BoolArray:
        """True where the cell is empty (missing, or only spaces)."""
        return np.asarray(self.text(name).to_numpy() == "")

    def skipped(self, name: str) -> BoolArray:
        """True where the questionnaire's filters say the question is not asked.

        A question is skipped when its filter question was answered no (0) or was itself
        skipped; an unknown filter answer (blank) does not skip it.
        """
        if name not in self._skipped:
            var = self.variables.get(name)
            if var is None or var.asked_if is None or not self.has(var.asked_if):
                mask = np.zeros(len(self), dtype=bool)
            else:
                no = np.asarray(self.number(var.asked_if).to_numpy() == 0)
                mask = no | self.skipped(var.asked_if)
            self._skipped[name] = mask
        return self._skipped[name]
