"""Errors raised while building or writing SDMX messages."""

from __future__ import annotations

from destat.errors import ConfigError, DestatError, InputFileError

__all__ = ["ResultsTableError", "SdmxError", "SdmxSettingError", "UnsafeXmlError"]


class SdmxError(DestatError):
    """An SDMX structure or message cannot be built or read as asked."""


class SdmxSettingError(SdmxError, ConfigError):
    """An argument (agency, dataflow, version, area code, region names) is not valid SDMX."""


class ResultsTableError(SdmxError):
    """The results table lacks a column, or holds a code or value that cannot be published."""


class UnsafeXmlError(SdmxError, InputFileError):
    """An XML file to read declares a DTD or entities, or is not well-formed XML."""
