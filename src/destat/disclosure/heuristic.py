"""Fast heuristic secondary suppression for tables too large for the exact method.

1. Close singletons: while a constraint has exactly one suppressed cell (which the constraint
   would reveal), suppress its cheapest other cell, so that every constraint has 0 or >= 2
   suppressed cells (the idea behind the hypercube method, Repsilber 1994; Giessing and
   Repsilber 2002, applied to any linked-table constraints).
2. Check the requirements with the attacker's programme (only those still unmet: hiding more
   never narrows an interval). For each unmet one, add the cells with the lowest cost per
   unit of protection from its capacity cut (Fischetti and Salazar-Gonzalez 2000) until the
   cut is met; go back to 1.
3. Prune: try to publish each secondary cell again, dearest first, keeping it published if
   every requirement is still met. A requirement is re-checked only if its witness (a sparse
   attacker solution meeting it) moves that cell; otherwise the witness still meets it.

Each round of 1-2 hides at least one more cell, so the loop ends; the result passes the audit.
It is not optimal, only cheap to compute.
"""

from __future__ import annotations

import logging

import numpy as np
import numpy.typing as npt

from destat.disclosure.attacker import (
    Deviation,
    Requirement,
    check_protectable,
    max_deviation,
    protection_met,
    witness,
)
from destat.disclosure.errors import DisclosureError
from destat.disclosure.tables import LinkedTables

__all__ = ["heuristic_suppression"]

logger = logging.getLogger(__name__)


def _close_singletons(
    suppressed: npt.NDArray[np.bool_], tables: LinkedTables, costs: npt.NDArray[np.float64]
) -> None:
    members = tables.constraint_members()
    by_cell = tables.constraints.T.tocsr()
    rows_of = [
        by_cell.indices[by_cell.indptr[c] : by_cell.indptr[c + 1]] for c in range(costs.size)
    ]
    hidden = np.array([int(suppressed[cells].sum()) for cells in members], dtype=np.int64)
    while np.any(hidden == 1):
        for row in np.flatnonzero(hidden == 1):
            if hidden[row] != 1:
                continue
            candidates = members[row][~suppressed[members[row]]]
            # A partner that also closes other singleton constraints is worth proportionally more.
            closes = np.array([np.count_nonzero(hidden[rows_of[c]] == 1) for c in candidates])
            chosen = candidates[np.argmin(costs[candidates] / closes)]
            suppressed[chosen] = True
            hidden[rows_of[chosen]] += 1


def _repair(
    suppressed: npt.NDArray[np.bool_],
    requirement: Requirement,
    deviation: Deviation,
    costs: npt.NDArray[np.float64],
) -> bool:
    """Hide the cheapest cells per unit of protection until the cut is met; False if none help."""
    gains = np.minimum(deviation.coefficients, requirement.need)
    reached = float(gains[suppressed].sum())
    candidates = np.flatnonzero(~suppressed & (gains > 1e-9))
    if reached >= requirement.need or candidates.size == 0:
        return False
    for cell in candidates[np.argsort(costs[candidates] / gains[candidates], kind="stable")]:
        suppressed[cell] = True
        reached += float(gains[cell])
        if reached >= requirement.need:
            break
    return True


def _prune(
    tables: LinkedTables,
    suppressed: npt.NDArray[np.bool_],
    primary: npt.NDArray[np.bool_],
    requirements: list[Requirement],
    costs: npt.NDArray[np.float64],
) -> None:
    """Publish again, dearest first, every secondary cell the requirements can do without.

    Only requirements whose witness solution moves the cell need a new check.
    """
    witnesses = {req: witness(tables, suppressed, req) for req in requirements}
    secondary = np.flatnonzero(suppressed & ~primary)
    for cell in secondary[np.argsort(-costs[secondary], kind="stable")]:
        affected = [req for req, moved in witnesses.items() if moved is None or cell in moved]
        suppressed[cell] = False
        found = {}
        for requirement in affected:
            moved = witness(tables, suppressed, requirement)
            if moved is None:
                suppressed[cell] = True
                break
            found[requirement] = moved
        else:
            witnesses.update(found)


def heuristic_suppression(
    tables: LinkedTables,
    primary: npt.NDArray[np.bool_],
    requirements: list[Requirement],
    costs: npt.NDArray[np.float64],
    max_rounds: int = 1000,
) -> tuple[npt.NDArray[np.bool_], int]:
    """A suppression pattern meeting every requirement; returns it and the rounds used."""
    suppressed = primary.copy()
    pending = requirements
    for round_number in range(1, max_rounds + 1):
        _close_singletons(suppressed, tables, costs)
        # Hiding cells only widens intervals, so a requirement met once stays met.
        checked = [
            (req, max_deviation(tables, suppressed, req.cell, req.direction)) for req in pending
        ]
        unmet = [(req, dev) for req, dev in checked if not protection_met(dev.amount, req.need)]
        pending = [requirement for requirement, _ in unmet]
        logger.info(
            "heuristic suppression round %d: %d cells suppressed, %d requirements unmet",
            round_number,
            int(suppressed.sum()),
            len(unmet),
        )
        if not unmet:
            _prune(tables, suppressed, primary, requirements, costs)
            return suppressed, round_number
        repaired = [_repair(suppressed, req, dev, costs) for req, dev in unmet]
        if not any(repaired):
            # No cell adds protection: either none can (raise), or round-off hid the gain.
            check_protectable(tables, pending)
            published = np.flatnonzero(~suppressed)
            if published.size == 0:
                break
            suppressed[published[np.argmin(costs[published])]] = True
    raise DisclosureError(
        f"heuristic suppression did not converge in {max_rounds} rounds; check that the "
        "protection levels can be met (UnprotectableCellError names cells that cannot)"
    )
