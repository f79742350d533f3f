"""Errors of the crawler."""

from __future__ import annotations

from destat.errors import DestatError

__all__ = ["CrawlError", "RefusedAddressError"]


class CrawlError(DestatError):
    """The crawl cannot start or go on (output folder, state database, WARC files)."""


class RefusedAddressError(CrawlError):
    """A URL points where the crawler must not go: a private address, a bad scheme, credentials."""
