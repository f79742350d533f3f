"""Confidentiality and observation-status flags carried with every published figure.

Codes are those of the SDMX cross-domain codelist ``CL_CONF_STATUS`` (version 1.2, 2018):
``F`` free, ``C`` confidential statistical information (primary confidentiality, identifiable
respondents) and ``D`` secondary confidentiality set by the sender, not for publication. Some
users also know ``A`` (small counts) and ``M`` (dominance by several units) as finer primary
codes; destat marks every primary cell ``C`` whatever rule made it sensitive.

``OBS_STATUS`` (SDMX ``CL_OBS_STATUS``) is not decided here: disclosure control passes the
status the estimation step gave through unchanged and fills ``A`` (normal value) when none
was given.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CONF_STATUS_COLUMN", "DEFAULT_OBS_STATUS", "OBS_STATUS_COLUMN", "ConfStatus"]

CONF_STATUS_COLUMN = "CONF_STATUS"
OBS_STATUS_COLUMN = "OBS_STATUS"
DEFAULT_OBS_STATUS = "A"


class ConfStatus(StrEnum):
    """Confidentiality status of a cell, as SDMX ``CL_CONF_STATUS`` codes."""

    FREE = "F"
    PRIMARY = "C"
    SECONDARY = "D"
