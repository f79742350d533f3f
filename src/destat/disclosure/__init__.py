"""Statistical disclosure control of tables before anything is published.

Primary rules (minimum frequency, dominance, p%), secondary suppression over linked tables
(optimal mixed-integer programme or fast heuristic), an audit of every suppressed cell by
linear programming, and SDMX ``CONF_STATUS`` flags. See ``docs/disclosure.md``.
"""

from __future__ import annotations

from destat.disclosure.audit import AuditReport, CellInterval, audit_suppression
from destat.disclosure.errors import (
    DisclosureAuditError,
    DisclosureError,
    ExposedCell,
    TableStructureError,
    UnprotectableCellError,
)
from destat.disclosure.flags import ConfStatus
from destat.disclosure.primary import (
    Boundary,
    Dominance,
    MinimumFrequency,
    PPercent,
    PrimaryRules,
    ProtectionLevels,
    ProtectionMethod,
)
from destat.disclosure.protect import ProtectionResult, TableColumns, audit_tables, protect_tables
from destat.disclosure.secondary import CostFunction, SecondaryMethod, suppress_secondary
from destat.disclosure.tables import Dimension, LinkedTables, build_linked_tables

__all__ = [
    "AuditReport",
    "Boundary",
    "CellInterval",
    "ConfStatus",
    "CostFunction",
    "Dimension",
    "DisclosureAuditError",
    "DisclosureError",
    "Dominance",
    "ExposedCell",
    "LinkedTables",
    "MinimumFrequency",
    "PPercent",
    "PrimaryRules",
    "ProtectionLevels",
    "ProtectionMethod",
    "ProtectionResult",
    "SecondaryMethod",
    "TableColumns",
    "TableStructureError",
    "UnprotectableCellError",
    "audit_suppression",
    "audit_tables",
    "build_linked_tables",
    "protect_tables",
    "suppress_secondary",
]
