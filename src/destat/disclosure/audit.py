"""Audit of a suppression pattern: the interval an attacker can derive for every hidden cell.

For each suppressed cell, two linear programmes (HiGHS, through :mod:`destat.disclosure.lp`)
give the smallest and largest value consistent with the published cells, the additivity
constraints and the known bounds (by default ``value >= 0``). A primary cell passes if its
interval reaches ``value - lower protection`` and ``value + upper protection``. This is the
audit of Hundepool et al. (2012, chapter 4) and Cox (1995).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.disclosure.attacker import max_deviation, protection_met
from destat.disclosure.errors import DisclosureAuditError, ExposedCell
from destat.disclosure.flags import ConfStatus
from destat.disclosure.tables import LinkedTables

__all__ = ["AuditReport", "CellInterval", "audit_suppression"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CellInterval:
    """What an attacker can derive about one suppressed cell."""

    key: tuple[str, ...]
    value: float
    status: ConfStatus
    lower: float
    upper: float
    required_lower: float
    required_upper: float

    @property
    def protected(self) -> bool:
        """Whether the interval reaches both required limits (always true for secondary cells)."""
        return protection_met(self.value - self.lower, self.value - self.required_lower) and (
            protection_met(self.upper - self.value, self.required_upper - self.value)
        )

    def exposed(self) -> ExposedCell:
        """This cell as an entry of an audit error."""
        return ExposedCell(
            self.key, self.value, self.lower, self.upper, self.required_lower, self.required_upper
        )


@dataclass(frozen=True)
class AuditReport:
    """Attacker intervals of all suppressed cells; ``passed`` if every primary cell is protected."""

    dimensions: tuple[str, ...]
    intervals: tuple[CellInterval, ...]

    @property
    def exposed(self) -> tuple[CellInterval, ...]:
        """Primary cells whose interval is too narrow."""
        return tuple(cell for cell in self.intervals if not cell.protected)

    @property
    def passed(self) -> bool:
        """Whether the release may go out."""
        return not self.exposed

    def raise_if_failed(self) -> None:
        """Raise :class:`DisclosureAuditError` naming the exposed cells, if there are any."""
        if self.exposed:
            raise DisclosureAuditError([cell.exposed() for cell in self.exposed])

    def to_frame(self) -> pd.DataFrame:
        """One row per suppressed cell: codes, value, status, interval, required interval."""
        records = [
            {
                **dict(zip(self.dimensions, cell.key, strict=True)),
                "value": cell.value,
                "CONF_STATUS": cell.status.value,
                "lower": cell.lower,
                "upper": cell.upper,
                "required_lower": cell.required_lower,
                "required_upper": cell.required_upper,
                "protected": cell.protected,
            }
            for cell in self.intervals
        ]
        columns = [*self.dimensions, "value", "CONF_STATUS", "lower", "upper"]
        columns += ["required_lower", "required_upper", "protected"]
        return pd.DataFrame.from_records(records, columns=columns)


def audit_suppression(
    tables: LinkedTables,
    status: Sequence[ConfStatus],
    upper_protection: npt.NDArray[np.float64],
    lower_protection: npt.NDArray[np.float64],
) -> AuditReport:
    """Compute the attacker interval of every suppressed cell and check the primary ones.

    ``upper_protection`` and ``lower_protection`` are per cell; only primary cells use them.
    """
    suppressed = np.array([s is not ConfStatus.FREE for s in status], dtype=bool)
    intervals = []
    for cell in map(int, np.flatnonzero(suppressed)):
        value = float(tables.values[cell])
        up = max_deviation(tables, suppressed, cell, +1).amount
        down = max_deviation(tables, suppressed, cell, -1).amount
        primary = status[cell] is ConfStatus.PRIMARY
        intervals.append(
            CellInterval(
                key=tables.keys[cell],
                value=value,
                status=status[cell],
                lower=value - down,
                upper=value + up,
                required_lower=value - float(lower_protection[cell]) if primary else value,
                required_upper=value + float(upper_protection[cell]) if primary else value,
            )
        )
    report = AuditReport(tables.dimensions, tuple(intervals))
    logger.info(
        "disclosure audit: %d suppressed cells, %d exposed", len(intervals), len(report.exposed)
    )
    return report
