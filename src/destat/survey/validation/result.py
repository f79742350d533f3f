"""The outcome of a validation run: the problems, a summary, and whether the run may go on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from destat.errors import DestatError
from destat.survey.validation.report import write_csv, write_html
from destat.survey.validation.rules import Rule, Severity

__all__ = ["PROBLEM_COLUMNS", "ValidationFailedError", "ValidationResult"]

PROBLEM_COLUMNS = ("file", "row", "column", "rule", "severity", "value", "message", "fix")


class ValidationFailedError(DestatError):
    """The survey data have errors; nothing is written until they are corrected."""


@dataclass(frozen=True, eq=False)
class ValidationResult:
    """Problems found in one file: one row per problem, in :data:`PROBLEM_COLUMNS`.

    ``row`` is the 1-based data row with the header excluded (row 1 is the first line under the
    header), missing for a problem of the whole file; ``column`` is the user's column name.
    """

    problems: pd.DataFrame
    file_name: str
    rows: int
    rules: tuple[Rule, ...]

    @property
    def errors(self) -> int:
        """Number of problems of severity error."""
        return int((self.problems["severity"] == Severity.ERROR.value).sum())

    @property
    def warnings(self) -> int:
        """Number of problems of severity warning."""
        return int((self.problems["severity"] == Severity.WARNING.value).sum())

    @property
    def ok(self) -> bool:
        """True when there is no error, so the run may go on (warnings do not stop it)."""
        return self.errors == 0

    def summary(self) -> pd.DataFrame:
        """Problems per rule, with every rule that ran (zero when it found nothing)."""
        counts = self.problems.groupby("rule").size()
        rows = self.problems.drop_duplicates("rule").set_index("rule")["row"]
        return pd.DataFrame(
            {
                "rule": [rule.id for rule in self.rules],
                "severity": [rule.severity.value for rule in self.rules],
                "description": [rule.description for rule in self.rules],
                "problems": [int(counts.get(rule.id, 0)) for rule in self.rules],
                "first_row": pd.array(
                    [rows.get(rule.id, pd.NA) for rule in self.rules], dtype="Int64"
                ),
            }
        )

    def raise_for_errors(self) -> None:
        """Raise :class:`ValidationFailedError` when there are errors; do nothing otherwise."""
        if self.ok:
            return
        summary = self.summary()
        failing = summary[(summary["problems"] > 0) & (summary["severity"] == "error")]
        listed = "; ".join(
            f"{row.rule}: {row.problems} (first at row {row.first_row})"
            for row in failing.itertuples()
        )
        raise ValidationFailedError(
            f"{self.file_name or 'The survey data'} has {self.errors} error(s) and "
            f"{self.warnings} warning(s): {listed}. Nothing was written. Correct the errors "
            "listed in the validation report (to_csv or to_html) and run again."
        )

    def to_csv(self, path: Path | str, spreadsheet_safe: bool = True) -> Path:
        """Write one row per problem as UTF-8 CSV; see :func:`report.write_csv`."""
        return write_csv(self.problems, Path(path), spreadsheet_safe)

    def to_html(self, path: Path | str, max_problems: int = 10_000) -> Path:
        """Write a self-contained HTML report: a summary by rule, then the problems."""
        return write_html(
            self.problems,
            self.summary(),
            Path(path),
            file_name=self.file_name,
            rows=self.rows,
            max_problems=max_problems,
        )
