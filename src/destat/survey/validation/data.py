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

from destat.survey.questionnaire import Variable

__all__ = ["SurveyData", "display_text"]

BoolArray = npt.NDArray[np.bool_]


def display_text(values: pd.Series) -> pd.Series:
    """Values as text the way a user typed them: whole floats without ``.0``, blanks as ``""``."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype("string").fillna("").astype(object)
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
        text = np.full(len(numbers), "", dtype=object)
        finite = np.isfinite(numbers)
        whole = finite & (numbers == np.floor(numbers)) & (np.abs(numbers) < 2**53)
        text[whole] = numbers[whole].astype(np.int64).astype(str)
        other = ~whole & ~np.isnan(numbers)
        text[other] = numbers[other].astype(str)
        return pd.Series(text, index=values.index, dtype=object)
    return values.astype("string").fillna("").astype(object)


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

    def _is_numeric(self, name: str) -> bool:
        column = self.frame[name]
        return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)

    def text(self, name: str) -> pd.Series:
        """The column as stripped text, ``""`` for blanks."""
        if name not in self._text:
            column = self.frame[name]
            if self._is_numeric(name):
                self._text[name] = display_text(column)
            else:
                text = column.astype("string").str.strip().fillna("")
                self._text[name] = text.astype(object)
        return self._text[name]

    def text_at(self, name: str, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.object_]:
        """The cells of ``rows`` as the user sees them (converts only those rows)."""
        if name in self._text:
            return np.asarray(self._text[name].to_numpy(dtype=object)[rows])
        cells = display_text(self.frame[name].iloc[rows]).str.strip()
        return np.asarray(cells.to_numpy(dtype=object))

    def number(self, name: str) -> pd.Series:
        """The column as float64: NaN for blanks and for entries that are not numbers."""
        if name not in self._numbers:
            if self._is_numeric(name):
                numbers = self.frame[name].astype("float64")
            else:
                # Parse each distinct entry once: answers repeat a few codes over many rows.
                codes, distinct = pd.factorize(self.text(name))
                parsed = pd.to_numeric(pd.Series(distinct, dtype=object), errors="coerce")
                values = np.append(parsed.to_numpy(dtype=np.float64), np.nan)[codes]
                numbers = pd.Series(values, index=self.frame.index, dtype="float64")
            self._numbers[name] = numbers
        return self._numbers[name]

    def blank(self, name: str) -> BoolArray:
        """True where the cell is empty (missing, or only spaces)."""
        if self._is_numeric(name):
            return np.asarray(self.frame[name].isna().to_numpy())
        return np.asarray(self.text(name).to_numpy(dtype=object) == "")

    def skipped(self, name: str) -> BoolArray:
        """True where the questionnaire's filters say the question is not asked.

        A question is skipped when its filter question was answered no (0), or was left blank
        because it was itself skipped. A yes to the filter means the question was asked, even
        when the filter's own filter says no (that contradiction is reported once, by its rule);
        a blank filter that was asked (unknown answer) does not skip the question.
        """
        if name not in self._skipped:
            var = self.variables.get(name)
            if var is None or var.asked_if is None or not self.has(var.asked_if):
                mask = np.zeros(len(self), dtype=bool)
            else:
                answer = self.number(var.asked_if).to_numpy()
                mask = (answer == 0) | (np.isnan(answer) & self.skipped(var.asked_if))
            self._skipped[name] = mask
        return self._skipped[name]
