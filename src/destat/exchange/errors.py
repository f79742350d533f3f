"""Errors a user can cause when agreeing, packing, receiving or deleting exchanged data."""

from __future__ import annotations

from destat.errors import DestatError

__all__ = ["AgreementError", "ExchangeError", "LogTamperedError", "PackageRefusedError"]


class ExchangeError(DestatError):
    """Keys, requests or provider files of a data exchange are not valid."""


class AgreementError(ExchangeError):
    """A data-sharing agreement is incomplete, inconsistent or not readable."""


class PackageRefusedError(ExchangeError):
    """A received package failed a check (signature, recipient, hashes, dates, replay, form)."""


class LogTamperedError(ExchangeError):
    """The exchange log is not the unbroken hash chain it was written as."""
