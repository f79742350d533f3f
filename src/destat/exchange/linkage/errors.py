"""Errors a user can cause when encoding or linking units."""

from __future__ import annotations

from destat.errors import DestatError

__all__ = ["LinkageError"]


class LinkageError(DestatError):
    """Linkage inputs (keys, columns, encodings, parameters) are not valid or do not agree."""
