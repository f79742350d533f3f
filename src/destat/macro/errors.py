"""Errors raised while reading macro sources and computing their indicators."""

from __future__ import annotations

from destat.errors import ConfigError, InputFileError

__all__ = ["ClassificationError", "MacroInputError"]


class MacroInputError(InputFileError):
    """A data file (SDMX-CSV, SDMX-ML, plain CSV or a table) cannot be used as given."""


class ClassificationError(ConfigError):
    """Codes are reported in a classification or edition that destat cannot map safely."""
