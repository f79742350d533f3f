"""Errors raised by the indicator catalogue, its code lists and its translations."""

from __future__ import annotations

from destat.errors import ConfigError, DestatError, InputFileError

__all__ = [
    "CatalogueError",
    "CodelistError",
    "InvalidCodesError",
    "UnknownIndicatorError",
    "UnknownLanguageError",
]


class CatalogueError(InputFileError):
    """The catalogue or code-list data files are not consistent."""


class UnknownLanguageError(ConfigError):
    """A language was asked for that destat has no translation for."""


class UnknownIndicatorError(ConfigError):
    """An indicator code is not in the catalogue."""


class CodelistError(ConfigError):
    """A code list was asked for that does not exist, or is built from bad data."""


class InvalidCodesError(DestatError):
    """A column holds codes that are not in the code list it must follow."""
