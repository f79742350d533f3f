"""The attacker's linear programme: how far a suppressed cell can move given what is published.

For suppressed cells ``S``, an attacker knows every published value, the additivity
constraints ``M y = 0`` and the known bounds ``l <= y <= u``. Writing ``y = a + z`` (``a`` the
true values), the largest upward deviation of cell ``p`` is

    max z_p  s.t.  M z = 0,  l_i - a_i <= z_i <= u_i - a_i (i in S),  z_i = 0 (i not in S),

and the downward one is the same with ``-z_p`` (Cox 1980, 1995). Only suppressed cells and the
constraints that involve them enter the programme. The optimal method also evaluates fractional
patterns ``0 <= x_i <= 1`` (the linear relaxation of its master problem), where cell ``i`` may
move within ``x_i`` times its bounds.

The dual multipliers ``w`` of ``M z = 0`` give, for any suppression pattern ``x``, the bound
``max z_p <= sum_i (s_i^+ (u_i - a_i) + s_i^- (a_i - l_i)) x_i`` with ``s = e_p + M^T w``
(weak duality). This is the capacity cut of Fischetti and Salazar-Gonzalez (2000) that the
optimal method adds to its master problem, and that the heuristic uses to pick repairs.

References: L. H. Cox (1980), Suppression methodology and statistical disclosure control, JASA
75, 377-385; L. H. Cox (1995), Network models for complementary cell suppression, JASA 90,
1453-1462; M. Fischetti and J. J. Salazar-Gonzalez (2000), Models and algorithms for
optimizing cell suppression in tabular data with linear constraints, JASA 95, 916-928.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from destat.disclosure.errors import DisclosureError, ExposedCell, UnprotectableCellError
from destat.disclosure.lp import LpOutcome, solve_equality_lp
from destat.disclosure.tables import LinkedTables

__all__ = [
    "Deviation",
    "Requirement",
    "check_protectable",
    "max_deviation",
    "protection_met",
    "requirements_of",
    "unmet_requirements",
    "witness",
]


@dataclass(frozen=True)
class Deviation:
    """Largest deviation of one cell in one direction, and the cut coefficients behind it.

    ``coefficients[i]`` is how much suppressing cell ``i`` contributes to the bound on the
    deviation (``inf`` when the attacker's programme is unbounded).
    """

    amount: float
    coefficients: npt.NDArray[np.float64]


def protection_met(amount: float, need: float) -> bool:
    """Whether a deviation reaches a protection level, allowing for LP round-off."""
    return amount >= need - 1e-7 * max(1.0, abs(need))


def _cut_coefficients(
    tables: LinkedTables, cell: int, direction: int, multipliers: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    slope = tables.constraints.T @ multipliers
    slope[cell] += direction
    room_up = tables.upper_bounds - tables.values
    room_down = tables.values - tables.lower_bounds
    positive = np.where(slope > 1e-12, slope, 0.0)
    negative = np.where(slope < -1e-12, -slope, 0.0)
    with np.errstate(invalid="ignore"):
        up = np.where(positive > 0, positive * room_up, 0.0)
        down = np.where(negative > 0, negative * room_down, 0.0)
    return np.asarray(up + down, dtype=np.float64)


def max_deviation(
    tables: LinkedTables,
    hidden: npt.NDArray[np.bool_] | npt.NDArray[np.float64],
    cell: int,
    direction: int,
) -> Deviation:
    """Largest deviation (``direction`` +1 up, -1 down) of a hidden ``cell``.

    ``hidden`` is the suppression pattern: booleans, or fractions in [0, 1] of each cell's room.
    """
    share = np.asarray(hidden, dtype=np.float64)
    if share[cell] <= 0:
        raise DisclosureError(f"cell {tables.keys[cell]} is published, so it cannot move")
    columns = np.flatnonzero(share > 0)
    matrix = tables.constraints[:, columns]
    rows = np.flatnonzero(np.diff(matrix.indptr) > 0)
    matrix = matrix[rows]
    objective = np.zeros(columns.size)
    objective[np.searchsorted(columns, cell)] = -float(direction)
    lower = share[columns] * (tables.lower_bounds[columns] - tables.values[columns])
    upper = share[columns] * (tables.upper_bounds[columns] - tables.values[columns])
    result = solve_equality_lp(objective, matrix if rows.size else None, lower, upper)
    if result.outcome is LpOutcome.UNBOUNDED:
        return Deviation(np.inf, np.full(tables.n_cells, np.inf))
    if result.outcome is not LpOutcome.OPTIMAL or result.row_duals is None:
        raise DisclosureError(
            f"the attacker's linear programme for cell {tables.keys[cell]} failed: "
            f"{result.message}. Check that the known bounds contain the cell values"
        )
    multipliers = np.zeros(tables.constraints.shape[0])
    if rows.size:
        multipliers[rows] = result.row_duals
    return Deviation(
        amount=max(0.0, -result.objective),
        coefficients=_cut_coefficients(tables, cell, direction, multipliers),
    )


@dataclass(frozen=True)
class Requirement:
    """A primary cell must be able to move ``need`` in ``direction`` (+1 up, -1 down)."""

    cell: int
    direction: int
    need: float


def requirements_of(
    primary: npt.NDArray[np.bool_],
    upper_protection: npt.NDArray[np.float64],
    lower_protection: npt.NDArray[np.float64],
) -> list[Requirement]:
    """The upper and lower protection requirements of every primary cell."""
    found = []
    for cell in np.flatnonzero(primary):
        for direction, levels in ((+1, upper_protection), (-1, lower_protection)):
            if levels[cell] > 0:
                found.append(Requirement(int(cell), direction, float(levels[cell])))
    return found


def unmet_requirements(
    tables: LinkedTables,
    hidden: npt.NDArray[np.bool_] | npt.NDArray[np.float64],
    requirements: list[Requirement],
) -> list[tuple[Requirement, Deviation]]:
    """The requirements that a (possibly fractional) pattern does not meet, with deviations."""
    unmet = []
    for requirement in requirements:
        deviation = max_deviation(tables, hidden, requirement.cell, requirement.direction)
        if not protection_met(deviation.amount, requirement.need):
            unmet.append((requirement, deviation))
    return unmet


def witness(
    tables: LinkedTables, hidden: npt.NDArray[np.bool_], requirement: Requirement
) -> npt.NDArray[np.int64] | None:
    """Cells moved by a sparse attacker solution that meets the requirement; None if none does.

    The solution moves the sensitive cell by exactly its need and minimises the total movement
    of the others, which picks a short cycle of cells. Publishing any cell outside it leaves
    the solution, and so the protection, intact.
    """
    columns = np.flatnonzero(hidden)
    matrix = tables.constraints[:, columns]
    rows = np.flatnonzero(np.diff(matrix.indptr) > 0)
    matrix = matrix[rows]
    up = tables.upper_bounds[columns] - tables.values[columns]
    down = tables.values[columns] - tables.lower_bounds[columns]
    # z = rise - fall, both non-negative; the sensitive cell moves by the need (less round-off).
    target = np.searchsorted(columns, requirement.cell)
    shift = requirement.need * (1 - 1e-7)
    rise_bounds = np.column_stack([np.zeros(columns.size), up])
    fall_bounds = np.column_stack([np.zeros(columns.size), down])
    moving = rise_bounds if requirement.direction > 0 else fall_bounds
    moving[target] = (shift, shift)
    still = fall_bounds if requirement.direction > 0 else rise_bounds
    still[target] = (0.0, 0.0)
    bounds = np.vstack([rise_bounds, fall_bounds])
    result = solve_equality_lp(
        np.ones(2 * columns.size),
        sparse.hstack([matrix, -matrix]) if rows.size else None,
        bounds[:, 0],
        bounds[:, 1],
    )
    if result.outcome is not LpOutcome.OPTIMAL or result.x is None:
        return None
    movement = np.abs(result.x[: columns.size]) + np.abs(result.x[columns.size :])
    moved: npt.NDArray[np.int64] = columns[movement > 1e-9].astype(np.int64)
    return moved


def check_protectable(tables: LinkedTables, requirements: list[Requirement]) -> None:
    """Raise :class:`UnprotectableCellError` for requirements unmet even with all cells hidden."""
    everything = np.ones(tables.n_cells, dtype=bool)
    unmet = unmet_requirements(tables, everything, requirements)
    if not unmet:
        return
    exposed = []
    for requirement, deviation in unmet:
        value = float(tables.values[requirement.cell])
        shift = requirement.direction * requirement.need
        reach = requirement.direction * deviation.amount
        exposed.append(
            ExposedCell(
                key=tables.keys[requirement.cell],
                value=value,
                lower=value + min(reach, 0.0),
                upper=value + max(reach, 0.0),
                required_lower=value + min(shift, 0.0),
                required_upper=value + max(shift, 0.0),
            )
        )
    raise UnprotectableCellError(exposed)
