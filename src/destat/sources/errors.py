"""Errors a user can cause with a provider's files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from destat.errors import InputFileError, describe_rows

__all__ = ["SourceFileError", "column_error"]


class SourceFileError(InputFileError):
    """A provider's file is missing a column or holds values that cannot be used."""


def column_error(
    path: Path | str, column: str, rows: Iterable[int], problem: str, fix: str
) -> SourceFileError:
    """An error naming the file, the column, the rows (0-based ``rows``, shown 1-based), the fix."""
    return SourceFileError(f"{path}, column {column!r}, {describe_rows(rows)}: {problem}. {fix}")
