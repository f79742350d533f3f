"""The one exception tree of destat.

Every error a user can cause derives from :class:`DestatError`. Messages say what was expected,
what was found, where (file, row, column) and how to fix it, so that a statistician can act on
them without reading code.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "CalibrationError",
    "ConfigError",
    "DesignError",
    "DestatError",
    "EmptyDomainError",
    "EngineUnavailableError",
    "InputFileError",
    "LonelyPSUError",
    "MissingColumnError",
    "MissingValueError",
    "describe_rows",
]


class DestatError(Exception):
    """Base class of every error that destat raises on purpose."""


class ConfigError(DestatError):
    """A project setting or an argument is not valid."""


class InputFileError(DestatError):
    """An input file cannot be read or is not of the expected form."""


class EngineUnavailableError(DestatError):
    """An optional engine was asked for but its extra is not installed."""


class DesignError(DestatError):
    """The sampling design is not valid for the data (weights, strata, clusters, fpc)."""


class MissingColumnError(DesignError):
    """A column named in the design or in an estimate is not in the data."""


class MissingValueError(DesignError):
    """A design or analysis variable has missing values where none are allowed."""


class LonelyPSUError(DesignError):
    """A stratum has a single primary sampling unit and ``lonely_psu="fail"``."""


class EmptyDomainError(DestatError):
    """A requested domain has no respondents, so nothing can be estimated for it."""


class CalibrationError(DestatError):
    """Calibration constraints cannot be met (within bounds, or at all)."""


def describe_rows(rows: Iterable[int], total: int | None = None, first: int = 5) -> str:
    """Describe offending rows as ``rows 3, 17, 40 (and 12 more)`` with 1-based row numbers."""
    listed = [int(row) for row in rows]
    count = len(listed) if total is None else total
    shown = ", ".join(str(row + 1) for row in listed[:first])
    text = ("row " if count == 1 else "rows ") + shown
    if count > min(len(listed), first):
        text += f" (and {count - min(len(listed), first)} more)"
    return text
