"""Errors of the portal: a project it cannot serve, or a setting it cannot use."""

from __future__ import annotations

from destat.errors import ConfigError, DestatError

__all__ = ["PortalError", "PortalSettingError"]


class PortalError(DestatError):
    """The project's published results cannot be served (missing or unreadable outputs)."""


class PortalSettingError(PortalError, ConfigError):
    """A portal setting (embargo token, release time, address) is not valid."""
