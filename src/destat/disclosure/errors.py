"""Errors raised by disclosure control.

All derive from :class:`destat.errors.DestatError`, so a pipeline can catch one family.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from destat.errors import DestatError

__all__ = [
    "DisclosureAuditError",
    "DisclosureError",
    "ExposedCell",
    "TableStructureError",
    "UnprotectableCellError",
]


class DisclosureError(DestatError):
    """Disclosure control cannot be carried out as asked."""


class TableStructureError(DisclosureError):
    """The tables, their hierarchies or their values do not fit together (codes, totals, sums)."""


@dataclass(frozen=True)
class ExposedCell:
    """A sensitive cell whose attacker interval is narrower than its protection requires."""

    key: tuple[str, ...]
    value: float
    lower: float
    upper: float
    required_lower: float
    required_upper: float

    def describe(self) -> str:
        """One line: the cell, its value, the interval found and the interval required."""
        return (
            f"cell ({', '.join(self.key)}) = {self.value:g}: attacker interval "
            f"[{self.lower:g}, {self.upper:g}], needs at most {self.required_lower:g} "
            f"and at least {self.required_upper:g}"
        )


def _describe_cells(cells: Sequence[ExposedCell], first: int = 5) -> str:
    text = "; ".join(cell.describe() for cell in cells[:first])
    if len(cells) > first:
        text += f" (and {len(cells) - first} more)"
    return text


class DisclosureAuditError(DisclosureError):
    """The audit found sensitive cells that an attacker can estimate too closely."""

    def __init__(self, exposed: Sequence[ExposedCell]) -> None:
        self.exposed = tuple(exposed)
        super().__init__(
            f"release fails disclosure audit: {len(self.exposed)} sensitive cell(s) are not "
            f"protected: {_describe_cells(self.exposed)}. Do not publish; suppress more cells "
            "(run secondary suppression on the same tables and hierarchies) and audit again."
        )


class UnprotectableCellError(DisclosureError):
    """A sensitive cell cannot reach its protection level even if every cell is suppressed."""

    def __init__(self, exposed: Sequence[ExposedCell]) -> None:
        self.exposed = tuple(exposed)
        super().__init__(
            f"{len(self.exposed)} sensitive cell(s) cannot be protected even with every cell "
            f"suppressed: {_describe_cells(self.exposed)}. Lower the protection level, give "
            "looser known bounds, or publish the table at a coarser breakdown."
        )
