"""The dissemination portal: a web application over a project's published results.

:func:`create_app` serves pages per indicator in the six UN languages, downloads, and an SDMX
REST API, under an embargo until the release time. ``destat serve DIR`` runs it. See
``docs/portal.md``.
"""

from __future__ import annotations

from destat.portal.app import create_app
from destat.portal.embargo import Embargo
from destat.portal.errors import PortalError, PortalSettingError

__all__ = ["Embargo", "PortalError", "PortalSettingError", "create_app"]
