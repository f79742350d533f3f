"""The outcome of editing and imputation: the completed table, every edit, and rates."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from destat.survey.imputation.flags import flag_columns

__all__ = ["ImputationResult"]


@dataclass(frozen=True, eq=False)
class ImputationResult:
    """The edited and imputed table, the edits (one row per changed value), rates and notes.

    ``edits`` has ``row`` (1-based position in the table given), ``variable``, ``old_value``,
    ``new_value``, ``method``, ``donor_row`` (hot deck only) and ``cell`` (the cell level the
    donor came from). ``notes`` say, in words, where a coarser cell or no donor had to do.
    """

    frame: pd.DataFrame
    edits: pd.DataFrame
    rates: pd.DataFrame
    notes: tuple[str, ...]
    variables: tuple[str, ...]

    def flags(self) -> pd.DataFrame:
        """A ``<variable>_flag`` column per questionnaire variable: the edit method, or ``""``."""
        return flag_columns(self.edits, self.variables, len(self.frame))
