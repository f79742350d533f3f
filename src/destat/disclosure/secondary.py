"""Secondary (complementary) cell suppression over linked tables: choosing the method and costs.

Hiding the primary cells is not enough when totals are published: an attacker can subtract.
Secondary suppression hides further cells so that every primary cell's attacker interval
reaches its protection levels (Cox 1980, 1995; Hundepool et al. 2012, chapter 4), at least
total cost:

* :attr:`SecondaryMethod.OPTIMAL` - mixed-integer programme (Fischetti and Salazar-Gonzalez
  2000) with HiGHS; exact, for tables of up to a few thousand cells (see ``optimal.py``).
* :attr:`SecondaryMethod.HEURISTIC` - singleton closing plus audit-driven repair; fast, never
  cheaper than the optimum, for larger tables (see ``heuristic.py``).

Costs (what a hidden cell costs the users) are chosen by :class:`CostFunction`: the cell value
(the default; hides as little of the total as possible), one per cell (hides as few cells as
possible) or ``log(1 + value)`` (in between).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from destat.disclosure.attacker import check_protectable, requirements_of
from destat.disclosure.flags import ConfStatus
from destat.disclosure.heuristic import heuristic_suppression
from destat.disclosure.optimal import optimal_suppression
from destat.disclosure.tables import LinkedTables

__all__ = [
    "CostFunction",
    "SecondaryMethod",
    "SecondaryResult",
    "cell_costs",
    "suppress_secondary",
]

logger = logging.getLogger(__name__)


class SecondaryMethod(StrEnum):
    """How secondary suppressions are chosen."""

    OPTIMAL = "optimal"
    HEURISTIC = "heuristic"


class CostFunction(StrEnum):
    """What suppressing a cell costs."""

    VALUE = "value"
    UNIT = "unit"
    LOG = "log"


def cell_costs(values: npt.NDArray[np.float64], cost: CostFunction) -> npt.NDArray[np.float64]:
    """The cost of suppressing each cell."""
    if cost is CostFunction.UNIT:
        return np.ones(values.size)
    if cost is CostFunction.LOG:
        return np.log1p(np.abs(values))
    return np.abs(values)


@dataclass(frozen=True)
class SecondaryResult:
    """Confidentiality status per cell, the cost of the secondary cells and the rounds used."""

    status: tuple[ConfStatus, ...]
    method: SecondaryMethod
    cost: float
    rounds: int


def suppress_secondary(
    tables: LinkedTables,
    primary: npt.NDArray[np.bool_],
    upper_protection: npt.NDArray[np.float64],
    lower_protection: npt.NDArray[np.float64],
    method: SecondaryMethod = SecondaryMethod.OPTIMAL,
    cost: CostFunction = CostFunction.VALUE,
) -> SecondaryResult:
    """Choose secondary suppressions so every primary cell reaches its protection levels.

    Raises :class:`UnprotectableCellError` if some primary cell cannot be protected even with
    every cell suppressed.
    """
    requirements = requirements_of(primary, upper_protection, lower_protection)
    costs = cell_costs(tables.values, cost)
    if method is SecondaryMethod.OPTIMAL:
        check_protectable(tables, requirements)
        suppressed, rounds = optimal_suppression(tables, primary, requirements, costs)
    else:
        suppressed, rounds = heuristic_suppression(tables, primary, requirements, costs)
    secondary = suppressed & ~primary
    status = tuple(
        ConfStatus.PRIMARY if p else ConfStatus.SECONDARY if s else ConfStatus.FREE
        for p, s in zip(primary, secondary, strict=True)
    )
    total = float(costs[secondary].sum())
    logger.info(
        "%s secondary suppression: %d primary, %d secondary cells, cost %g, %d rounds",
        method.value,
        int(primary.sum()),
        int(secondary.sum()),
        total,
        rounds,
    )
    return SecondaryResult(status=status, method=method, cost=total, rounds=rounds)
