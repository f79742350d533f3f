"""SDMX publishing of ICT-use statistics: the data structure and its messages.

``write_all`` turns destat's results table into SDMX-ML 2.1 (structure and structure-specific
data), SDMX-CSV 2.0 and SDMX-JSON 2.0 files; ``build_structure`` gives the structure on its own.
See ``docs/sdmx.md``.
"""

from __future__ import annotations

from destat.publish.sdmx.errors import (
    ResultsTableError,
    SdmxError,
    SdmxSettingError,
    UnsafeXmlError,
)
from destat.publish.sdmx.safe_xml import parse_xml
from destat.publish.sdmx.structure import DataStructure, build_structure
from destat.publish.sdmx.tidy import to_observations
from destat.publish.sdmx.writers import SdmxFiles, write_all

__all__ = [
    "DataStructure",
    "ResultsTableError",
    "SdmxError",
    "SdmxFiles",
    "SdmxSettingError",
    "UnsafeXmlError",
    "build_structure",
    "parse_xml",
    "to_observations",
    "write_all",
]
