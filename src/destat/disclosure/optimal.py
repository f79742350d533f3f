"""Optimal secondary suppression by mixed-integer programming (HiGHS via ``scipy.optimize.milp``).

The model of Fischetti and Salazar-Gonzalez (2000): binary ``x_i`` (cell ``i`` suppressed),
minimise ``sum c_i x_i`` with ``x_p = 1`` for primary cells, such that for every primary cell
and direction the attacker's deviation reaches the protection level. That condition is
enforced lazily, Benders-style: solve the master problem, solve the attacker's programme for
each requirement, add the capacity cut ``sum_i min(need, coef_i) x_i >= need`` of every unmet
one, and repeat until all are met. The master starts with the cuts every solution needs (a
primary cell never is the only suppressed cell of a constraint), then gathers cuts on its
linear relaxation, where rounds are cheap, before the integer rounds begin.

Exact up to the MIP gap (default 1e-6); meant for up to a few thousand cells.
"""

from __future__ import annotations

import logging

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

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


def _capacity_cut(requirement: Requirement, deviation: Deviation) -> dict[int, float]:
    """The normalised cut ``sum_i min(1, coef_i / need) x_i >= 1``."""
    scaled = np.minimum(1.0, deviation.coefficients / requirement.need)
    return {int(i): float(scaled[i]) for i in np.flatnonzero(scaled > 1e-9)}


def _cuts_off(cut: dict[int, float], hidden: npt.NDArray[np.float64]) -> bool:
    return bool(sum(a * hidden[i] for i, a in cut.items()) < 1.0 - 1e-6)


def _cut_matrix(cuts: list[dict[int, float]], n: int) -> sparse.csr_array:
    rows = [r for r, cut in enumerate(cuts) for _ in cut]
    cols = [i for cut in cuts for i in cut]
    data = [a for cut in cuts for a in cut.values()]
    return sparse.csr_array((data, (rows, cols)), shape=(len(cuts), n))


def _objective(costs: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    # A tiny cost per cell breaks ties towards fewer suppressions (e.g. among empty cells).
    return costs + 1e-7 * max(1.0, float(costs.max(initial=0.0)))


def _solve_relaxation(
    costs: npt.NDArray[np.float64], primary: npt.NDArray[np.bool_], cuts: list[dict[int, float]]
) -> npt.NDArray[np.float64]:
    result = linprog(
        _objective(costs),
        A_ub=-_cut_matrix(cuts, costs.size) if cuts else None,
        b_ub=-np.ones(len(cuts)) if cuts else None,
        bounds=np.column_stack([primary.astype(float), np.ones(costs.size)]),
        method="highs",
    )
    if result.status != 0:
        raise DisclosureError(f"the relaxed suppression problem failed: {result.message}")
    return np.clip(np.asarray(result.x, dtype=np.float64), 0.0, 1.0)


def _gather_relaxation_cuts(
    tables: LinkedTables,
    primary: npt.NDArray[np.bool_],
    requirements: list[Requirement],
    costs: npt.NDArray[np.float64],
    cuts: list[dict[int, float]],
    max_rounds: int,
) -> None:
    for round_number in range(1, max_rounds + 1):
        hidden = _solve_relaxation(costs, primary, cuts)
        found = [
            _capacity_cut(req, dev) for req, dev in unmet_requirements(tables, hidden, requirements)
        ]
        found = [cut for cut in found if _cuts_off(cut, hidden)]
        logger.info("relaxation round %d: %d new cuts", round_number, len(found))
        if not found:
            return
        cuts.extend(found)


def _solve_master(
    costs: npt.NDArray[np.float64],
    primary: npt.NDArray[np.bool_],
    cuts: list[dict[int, float]],
    mip_gap: float,
) -> npt.NDArray[np.bool_]:
    n = costs.size
    result = milp(
        _objective(costs),
        integrality=np.ones(n),
        bounds=Bounds(primary.astype(float), np.ones(n)),
        constraints=[LinearConstraint(_cut_matrix(cuts, n), lb=np.ones(len(cuts)), ub=np.inf)]
        if cuts
        else [],
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
    _gather_relaxation_cuts(tables, primary, requirements, costs, cuts, max_rounds)
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
        for requirement, deviation in unmet:
            cut = _capacity_cut(requirement, deviation)
            # Round-off can leave the current pattern inside the cut; then use the no-good cut
            # "hide one more cell", valid because hiding more never narrows an interval.
            if not _cuts_off(cut, suppressed.astype(float)):
                cut = {int(i): 1.0 for i in np.flatnonzero(~suppressed)}
            cuts.append(cut)
        _gather_relaxation_cuts(tables, primary, requirements, costs, cuts, max_rounds)
    raise DisclosureError(
        f"optimal suppression did not converge in {max_rounds} rounds; the table is too large "
        "for the exact method: use SecondaryMethod.HEURISTIC"
    )
