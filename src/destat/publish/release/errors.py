"""Errors raised while writing the statistical release or the quality report."""

from __future__ import annotations

from destat.errors import ConfigError, DestatError

__all__ = ["ReleaseError", "ReleaseInputError", "ReleaseSettingError"]


class ReleaseError(DestatError):
    """The release or the quality report cannot be written as asked."""


class ReleaseInputError(ReleaseError):
    """A table given to the release lacks a column or holds codes or values it cannot show."""


class ReleaseSettingError(ReleaseError, ConfigError):
    """An argument (language, thresholds, locale, file name) is not valid."""
