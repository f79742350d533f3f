"""The attacker's programmes solved by HiGHS directly give exactly what linprog gives."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import linprog

from destat.disclosure import lp
from destat.disclosure.lp import LpOutcome, solve_equality_lp


@pytest.fixture(params=["bundled HiGHS binding", "public linprog"], autouse=True)
def solver_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs on both paths: scipy's binding, and linprog for scipy releases without it."""
    assert lp.highs is not None, (
        "this scipy has no bundled HiGHS binding: the fast path is untested"
    )
    if request.param == "public linprog":
        monkeypatch.setattr(lp, "highs", None)


def _random_table_lp(
    rng: np.random.Generator,
) -> tuple[np.ndarray, sparse.csr_matrix, np.ndarray, np.ndarray]:
    """max/min of one cell of a random two-way table with margins, others free in their room."""
    rows, cols = rng.integers(2, 6, size=2)
    values = rng.integers(0, 20, size=(rows, cols)).astype(float)
    n = rows * cols + rows + cols + 1
    matrix = sparse.lil_matrix((rows + cols + 1, n))
    for r in range(rows):  # row r: its cells minus its margin
        for c in range(cols):
            matrix[r, r * cols + c] = 1
        matrix[r, rows * cols + r] = -1
    for c in range(cols):  # column c: its cells minus its margin
        for r in range(rows):
            matrix[rows + c, r * cols + c] = 1
        matrix[rows + c, rows * cols + rows + c] = -1
    for r in range(rows):  # grand total: the row margins
        matrix[rows + cols, rows * cols + r] = 1
    matrix[rows + cols, n - 1] = -1
    full = np.concatenate([values.ravel(), values.sum(1), values.sum(0), [values.sum()]])
    lower = -full  # a cell cannot go below 0
    upper = np.where(rng.random(n) < 0.2, np.inf, rng.integers(0, 30, size=n).astype(float))
    objective = np.zeros(n)
    objective[rng.integers(n)] = rng.choice([-1.0, 1.0])
    return objective, matrix.tocsr(), lower, upper


@pytest.mark.parametrize("seed", range(40))
def test_same_objective_solution_and_duals_as_linprog(seed: int) -> None:
    objective, matrix, lower, upper = _random_table_lp(np.random.default_rng(seed))
    expected = linprog(
        objective,
        A_eq=matrix,
        b_eq=np.zeros(matrix.shape[0]),
        bounds=np.column_stack([lower, upper]),
        method="highs",
    )
    found = solve_equality_lp(objective, matrix, lower, upper)
    if expected.status == 3:
        assert found.outcome is LpOutcome.UNBOUNDED
        return
    assert expected.status == 0
    assert found.outcome is LpOutcome.OPTIMAL
    assert found.objective == expected.fun
    assert np.array_equal(found.x, expected.x)
    assert np.array_equal(found.row_duals, expected.eqlin.marginals)


def test_without_equality_rows_each_variable_goes_to_its_bound() -> None:
    found = solve_equality_lp(
        np.array([1.0, -2.0]), None, np.array([-1.0, 0.0]), np.array([3.0, 4.0])
    )
    # minimise x0 - 2 x1 over the box: x0 = -1, x1 = 4, objective -9.
    assert found.outcome is LpOutcome.OPTIMAL
    assert found.objective == -9.0
    assert found.x is not None
    assert found.x.tolist() == [-1.0, 4.0]
    unbounded = solve_equality_lp(np.array([-1.0]), None, np.array([0.0]), np.array([np.inf]))
    assert unbounded.outcome is LpOutcome.UNBOUNDED
