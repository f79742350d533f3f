"""The small linear programmes of the attacker audit, passed to HiGHS directly.

Suppression and its audit solve thousands of programmes of a few dozen variables each (two per
hidden cell and per round; 15,000 for the postal flows of the demo). ``scipy.optimize.linprog``
checks its inputs and every solver option on each call, which costs several times the solve
itself. This module hands the same model to the same HiGHS that ``linprog(method="highs")``
uses (the copy bundled with scipy), with the same options (presolve on, dual simplex, no
output), so every solution, and so every suppression pattern, is the one ``linprog`` gives,
only without the overhead.

Reference: Q. Huangfu and J. A. J. Hall (2018), Parallelizing the dual revised simplex method,
Mathematical Programming Computation 10, 119-142 (HiGHS).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import linprog

try:  # scipy's own (private) binding of the HiGHS it bundles, behind linprog(method="highs")
    from scipy.optimize._highspy import _core as highs
except ImportError:  # another scipy release: the public linprog, slower, same solver
    highs = None

__all__ = ["LpOutcome", "LpSolution", "solve_equality_lp"]

_LINPROG_UNBOUNDED = 3


class LpOutcome(Enum):
    """How a programme ended."""

    OPTIMAL = "optimal"
    UNBOUNDED = "unbounded"
    FAILED = "failed"


@dataclass(frozen=True)
class LpSolution:
    """The outcome; with an optimum, the objective, the solution and the row duals."""

    outcome: LpOutcome
    message: str
    objective: float = 0.0
    x: npt.NDArray[np.float64] | None = None
    row_duals: npt.NDArray[np.float64] | None = None


def _options() -> object:
    options = highs.HighsOptions()
    options.presolve = "on"
    options.output_flag = False
    options.log_to_console = False
    return options


_OPTIONS = _options() if highs is not None else None


def _model(
    objective: npt.NDArray[np.float64],
    matrix: sparse.csr_matrix | None,
    lower: npt.NDArray[np.float64],
    upper: npt.NDArray[np.float64],
) -> object:
    columns = sparse.csc_array(matrix) if matrix is not None else None
    rows = 0 if columns is None else columns.shape[0]
    lp = highs.HighsLp()
    lp.num_col_ = objective.size
    lp.num_row_ = rows
    lp.a_matrix_.num_col_ = objective.size
    lp.a_matrix_.num_row_ = rows
    lp.a_matrix_.format_ = highs.MatrixFormat.kColwise
    lp.col_cost_ = np.asarray(objective, dtype=np.float64)
    lp.col_lower_ = np.asarray(lower, dtype=np.float64)
    lp.col_upper_ = np.asarray(upper, dtype=np.float64)
    lp.row_lower_ = np.zeros(rows)
    lp.row_upper_ = np.zeros(rows)
    lp.a_matrix_.start_ = (
        np.zeros(objective.size + 1, np.int32) if columns is None else columns.indptr
    )
    if columns is not None:
        lp.a_matrix_.index_ = columns.indices
        lp.a_matrix_.value_ = columns.data
    return lp


def solve_equality_lp(
    objective: npt.NDArray[np.float64],
    matrix: sparse.csr_matrix | None,
    lower: npt.NDArray[np.float64],
    upper: npt.NDArray[np.float64],
) -> LpSolution:
    """Minimise ``objective @ x`` subject to ``matrix @ x = 0`` and ``lower <= x <= upper``
    (no equality rows when ``matrix`` is None), as ``linprog(method="highs")`` would."""
    if highs is None:
        return _solve_with_linprog(objective, matrix, lower, upper)
    solver = highs._Highs()
    solver.passOptions(_OPTIONS)
    if solver.passModel(_model(objective, matrix, lower, upper)) == highs.HighsStatus.kError:
        return LpSolution(LpOutcome.FAILED, "the model could not be loaded")
    solver.run()
    status = solver.getModelStatus()
    message = str(solver.modelStatusToString(status))
    if status == highs.HighsModelStatus.kUnbounded:
        return LpSolution(LpOutcome.UNBOUNDED, message)
    if status != highs.HighsModelStatus.kOptimal:
        return LpSolution(LpOutcome.FAILED, message)
    solution = solver.getSolution()
    return LpSolution(
        LpOutcome.OPTIMAL,
        message,
        float(solver.getInfo().objective_function_value),
        np.array(solution.col_value, dtype=np.float64),
        np.array(solution.row_dual, dtype=np.float64),
    )


def _solve_with_linprog(
    objective: npt.NDArray[np.float64],
    matrix: sparse.csr_matrix | None,
    lower: npt.NDArray[np.float64],
    upper: npt.NDArray[np.float64],
) -> LpSolution:
    rows = 0 if matrix is None else matrix.shape[0]
    result = linprog(
        objective,
        A_eq=matrix,
        b_eq=np.zeros(rows) if matrix is not None else None,
        bounds=np.column_stack([lower, upper]),
        method="highs",
    )
    if result.status == _LINPROG_UNBOUNDED:
        return LpSolution(LpOutcome.UNBOUNDED, str(result.message))
    if result.status != 0:
        return LpSolution(LpOutcome.FAILED, str(result.message))
    duals = result.eqlin.marginals if matrix is not None else np.zeros(0)
    return LpSolution(
        LpOutcome.OPTIMAL,
        str(result.message),
        float(result.fun),
        np.asarray(result.x, dtype=np.float64),
        np.asarray(duals, dtype=np.float64),
    )
