"""Optimal secondary suppression by mixed-integer programming (HiGHS via ``scipy.optimize.milp``).

The model of Fischetti and Salazar-Gonzalez (2000): binary ``x_i`` (cell ``i`` suppressed),
minimise ``sum c_i x_i`` with ``x_p = 1`` for primary cells, such that for every primary cell
and direction the attacker's deviation reaches the protection level. That condition is
enforced lazily, Benders-style: solve the master problem, solve the attacker's programme for
each requirement, add the capacity cut ``sum_i min(need, coef_i) x_i >= need`` of every unmet
one, and repeat until all are met. The master starts with the cuts every solution needs: a
primary cell never is the only suppressed cell of a constraint.

Exact up to the MIP gap (default 1e-6); meant for up to a few thousand cells.
"""

from __future__ import annotations

import logging

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from destat.disclosure.attacker import Deviation, Requirement, unmet_requirements
from destat.disclosure.errors import DisclosureError
from destat.disclosure.tables import LinkedTables

__all__ = ["optimal_suppression"]

logger = logging.getLogger(__name__)


def _initial_cuts(tables: LinkedTables, requirements: list[Requirement]) -> list[dict[int, float]]:
    protected = {requirement.cell for requirement in requirements}
    cuts = []
    for members in tables.constraint_members():
        for cell in protected.intersection(members.tolist()):
            cuts.append({int(other): 1.0 for other in members if other != cell})
    return cuts


def _capacity_cut(
    requirement: Requirement, deviation: Deviation, suppressed: npt.NDArray[np.bool_]
) -> dict[int, float]:
    """The normalised cut ``sum min(1, coef_i / need) x_i >= 1`` (a no-good cut if round-off
    leaves the current pattern satisfying it; valid because hiding more never narrows)."""
    scaled = np.minimum(1.0, deviation.coefficients / requirement.need)
    if scaled[suppressed].sum() < 1.0 - 1e-6:
        return {int(i): float(scaled[i]) for i in np.flatnonzero(scaled > 1e-9)}
    return {int(i): 1.0 for i in np.flatnonzero(~suppressed)}


def _solve_master(
    costs: npt.NDArray[np.float64],
    primary: npt.NDArray[np.bool_],
    cuts: list[dict[int, float]],
    mip_gap: float,
) -> npt.NDArray[np.bool_]:
    n = costs.size
    rows = [r for r, cut in enumerate(cuts) for _ in cut]
    cols = [i for cut in cuts for i in cut]
    data = [a for cut in cuts for a in cut.values()]
    matrix = sparse.csr_array((data, (rows, cols)), shape=(len(cuts), n))
    # A tiny cost per cell breaks ties towards fewer suppressions (e.g. among empty cells).
    objective = costs + 1e-7 * max(1.0, float(costs.max(initial=0.0)))
    result = milp(
        objective,
        integrality=np.ones(n),
        bounds=Bounds(primary.astype(float), np.ones(n)),
        constraints=[LinearConstraint(matrix, lb=np.ones(len(cuts)), ub=np.inf)] if cuts else [],
        options={"mip_rel_gap": mip_gap},
    )
    if result.x is None:
        raise DisclosureError(
            f"the suppression master problem found no solution ({result.message}); "
            "try the heuristic method"
        )
    return np.asarray(result.x > 0.5, dtype=bool)


def optimal_suppression(
    tables: LinkedTables,
    primary: npt.NDArray[np.bool_],
    requirements: list[Requirement],
    costs: npt.NDArray[np.float64],
    max_rounds: int = 500,
    mip_gap: float = 1e-6,
) -> tuple[npt.NDArray[np.bool_], int]:
    """Cheapest suppression pattern meeting every requirement; returns it and the rounds used."""
    cuts = _initial_cuts(tables, requirements)
    for round_number in range(1, max_rounds + 1):
        suppressed = _solve_master(costs, primary, cuts, mip_gap)
        unmet = unmet_requirements(tables, suppressed, requirements)
        logger.info(
            "optimal suppression round %d: %d cells suppressed, %d requirements unmet",
            round_number,
            int(suppressed.sum()),
            len(unmet),
        )
        if not unmet:
            return suppressed, round_number
        cuts.extend(_capacity_cut(req, dev, suppressed) for req, dev in unmet)
    raise DisclosureError(
        f"optimal suppression did not converge in {max_rounds} rounds; the table is too large "
        "for the exact method: use SecondaryMethod.HEURISTIC"
    )
