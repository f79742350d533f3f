"""Calibration of sampling weights to population counts and totals.

Generalised raking (Deville and Särndal 1992; Deville, Särndal and Sautory 1993): find
``g_i = F(x_i'λ)`` so that ``Σ w_i g_i x_i`` equals the population totals, with ``F`` linear
(GREG), exponential (raking) or bounded logit, and the linear one optionally truncated to
bounds. The Newton iteration and the bounded functions are those of R ``survey::calibrate``
(``grake``), run here to a tight tolerance instead of R's default 1e-7.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlglot import exp

from destat.engines.sql import col, double, lit, text
from destat.errors import CalibrationError
from destat.survey.checks import is_numeric, missing_rows, require_columns
from destat.survey.methods import CalibrationMethod
from destat.survey.stages import WEIGHT


@dataclass(frozen=True)
class CalibrationModel:
    """Calibrated adjustment factors and the model the variance needs."""

    g: np.ndarray
    columns: tuple[exp.Expr, ...]
    labels: tuple[str, ...]
    xwx: np.ndarray
    iterations: int


@dataclass(frozen=True)
class _Model:
    """The calibration model on distinct patterns of the calibration variables.

    Rows with the same levels of every margin (and no numeric total) share one pattern, so the
    iterations run over a few hundred patterns instead of every sampled row; ``rows`` maps each
    sampled row to its pattern and ``weights`` sums the design weights of a pattern's rows.
    """

    matrix: np.ndarray
    weights: np.ndarray
    rows: np.ndarray
    targets: np.ndarray
    columns: tuple[exp.Expr, ...]
    labels: tuple[str, ...]


def calibrate(
    data: pa.Table,
    margins: Mapping[str, Mapping[Any, float]],
    totals: Mapping[str, float],
    method: CalibrationMethod,
    bounds: tuple[float, float] | None,
    tolerance: float,
    max_iterations: int,
) -> CalibrationModel:
    """Solve the calibration equations; raise :class:`CalibrationError` when they cannot be met."""
    if not margins and not totals:
        raise CalibrationError("Give at least one margin or total to calibrate to.")
    lower, upper = _bounds(method, bounds)
    model = _model(data, margins, totals)
    xwx = (model.matrix * model.weights[:, None]).T @ model.matrix
    if np.linalg.matrix_rank(xwx) < xwx.shape[0]:
        raise CalibrationError(
            "The calibration variables are collinear in the sample (for example a total that is a "
            f"sum of margin counts), so the constraints are not unique: {', '.join(model.labels)}. "
            "Drop the redundant margin or total."
        )
    g, iterations = _solve(model, method, lower, upper, tolerance, max_iterations)
    return CalibrationModel(
        g=g[model.rows], columns=model.columns, labels=model.labels, xwx=xwx, iterations=iterations
    )


def _bounds(method: CalibrationMethod, bounds: tuple[float, float] | None) -> tuple[float, float]:
    if bounds is None:
        if method is CalibrationMethod.LOGIT:
            raise CalibrationError(
                "Logit calibration needs bounds=(lower, upper), e.g. (0.5, 2.0)."
            )
        return -np.inf, np.inf
    lower, upper = float(bounds[0]), float(bounds[1])
    if not lower < 1.0 < upper:
        raise CalibrationError(f"bounds must satisfy lower < 1 < upper; got ({lower}, {upper}).")
    return lower, upper


def _model(
    data: pa.Table, margins: Mapping[str, Mapping[Any, float]], totals: Mapping[str, float]
) -> _Model:
    require_columns(data, [*margins, *totals], "calibration")
    codes: list[np.ndarray] = []
    layout: list[tuple[int, int]] = []  # matrix column -> (margin, position of its level)
    expressions: list[exp.Expr] = []
    labels: list[str] = []
    targets: list[float] = []
    population: tuple[str, float] | None = None
    for position, (name, counts) in enumerate(margins.items()):
        levels = {str(level): float(count) for level, count in counts.items()}
        codes.append(_level_codes(data, name, levels))
        size = sum(levels.values())
        if population is None:
            population = (name, size)
        elif abs(size - population[1]) > 1e-9 * max(abs(population[1]), 1.0):
            raise CalibrationError(
                f"The margins disagree on the population size: {population[0]} sums to "
                f"{population[1]:g} but {name} sums to {size:g}. Use counts of the same population."
            )
        for level_index, (level, count) in enumerate(levels.items()):
            if position > 0 and level_index == 0:
                continue  # the first margin already fixes the population size
            layout.append((position, level_index))
            expressions.append(_indicator(name, level))
            labels.append(f"{name}={level}")
            targets.append(count)
    numeric = []
    for name, total in totals.items():
        values = _complete(data, name)
        if not is_numeric(values.type):
            raise CalibrationError(
                f"The total of {name!r} needs a numeric column; it is {values.type}."
            )
        numeric.append(pc.cast(values, pa.float64()).to_numpy())
        expressions.append(double(col(name)))
        labels.append(name)
        targets.append(float(total))
    weights = data.column(WEIGHT).to_numpy()
    patterns, rows = _patterns(
        codes, [len(m) for m in margins.values()], bool(numeric), len(weights)
    )
    columns = [(patterns[:, m] == level).astype(float) for m, level in layout]
    matrix = np.column_stack([*columns, *numeric])
    return _Model(
        matrix=matrix,
        weights=np.bincount(rows, weights=weights, minlength=len(matrix)),
        rows=rows,
        targets=np.asarray(targets),
        columns=tuple(expressions),
        labels=tuple(labels),
    )


def _level_codes(data: pa.Table, name: str, levels: Mapping[str, float]) -> np.ndarray:
    """Position in ``levels`` of each row's level, after checking every level has a count."""
    encoded = pc.dictionary_encode(pc.cast(_complete(data, name), pa.string())).combine_chunks()
    present = np.asarray(encoded.dictionary.to_pylist(), dtype=object)
    inverse = encoded.indices.to_numpy(zero_copy_only=False)
    unknown = sorted(set(present.tolist()) - set(levels))
    if unknown:
        raise CalibrationError(
            f"The margin of {name!r} has no population count for level(s) {unknown} found in the "
            f"sample. Give counts for every level: {sorted(present.tolist())}."
        )
    seen = set(present.tolist())
    empty = [level for level, count in levels.items() if level not in seen and count > 0]
    if empty:
        raise CalibrationError(
            f"No sampled unit has {name} in {empty}, so their population counts cannot be met. "
            "Collapse those levels with a neighbouring one in the margin."
        )
    order = list(levels)
    positions = np.asarray([order.index(level) for level in present.tolist()], dtype=np.int64)
    return np.asarray(positions[inverse])


def _patterns(
    codes: list[np.ndarray], sizes: list[int], per_row: bool, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct combinations of margin levels and each row's combination (rows themselves when
    a numeric total makes every row different)."""
    stacked = np.column_stack(codes) if codes else np.zeros((n, 0), dtype=np.int64)
    if per_row or not codes:
        return stacked, np.arange(n)
    combined = np.zeros(n, dtype=np.int64)
    for code, size in zip(codes, sizes, strict=True):
        combined = combined * size + code
    _, first, rows = np.unique(combined, return_index=True, return_inverse=True)
    return stacked[first], rows


def _indicator(name: str, level: str) -> exp.Expr:
    equal = exp.EQ(this=text(col(name)), expression=lit(level))
    return exp.Case(ifs=[exp.If(this=equal, true=lit(1.0))], default=lit(0.0))


def _complete(data: pa.Table, name: str) -> pa.ChunkedArray:
    total, rows = missing_rows(data, name)
    if total:
        raise CalibrationError(
            f"The calibration variable {name!r} has {total} missing value(s), in {rows}. "
            "Impute it before calibrating."
        )
    return data.column(name)


Function = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def _distance(method: CalibrationMethod, lower: float, upper: float) -> Function:
    """``u -> (g, dg/du)`` for the method, as in R survey's cal.linear, cal.raking, cal.logit."""
    if method is CalibrationMethod.LINEAR:

        def linear(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return np.clip(1.0 + u, lower, upper), ((u < upper - 1) & (u > lower - 1)).astype(float)

        return linear
    if method is CalibrationMethod.RAKING:

        def raking(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            e = np.exp(u)
            return np.clip(e, lower, upper), np.where((e < upper) & (e > lower), e, 0.0)

        return raking
    a = (upper - lower) / ((upper - 1) * (1 - lower))

    def logit(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        e = np.exp(np.clip(a * u, -700, 700))
        denominator = upper - 1 + (1 - lower) * e
        g = (lower * (upper - 1) + upper * (1 - lower) * e) / denominator
        return g, (upper - lower) * (upper - 1) * (1 - lower) * a * e / denominator**2

    return logit


def _solve(
    model: _Model,
    method: CalibrationMethod,
    lower: float,
    upper: float,
    tolerance: float,
    max_iterations: int,
) -> tuple[np.ndarray, int]:
    """Newton's method on ``Σ w F(x'λ) x = T`` (R survey's grake), to ``tolerance``."""
    distance = _distance(method, lower, upper)
    x, weights = model.matrix, model.weights
    lam = np.zeros(x.shape[1])
    g, slope = distance(x @ lam)
    for iteration in range(1, max_iterations + 1):
        misfit = model.targets - x.T @ (weights * g)
        if np.all(np.abs(misfit) / (1.0 + np.abs(model.targets)) < tolerance):
            return g, iteration - 1
        jacobian = (x * (weights * slope)[:, None]).T @ x
        step = np.linalg.pinv(jacobian, rcond=256 * np.finfo(float).eps) @ misfit
        lam = lam + step
        g, slope = distance(x @ lam)
        while not (np.all(np.isfinite(g)) and np.all(np.isfinite(slope))):
            step /= 2
            lam = lam - step
            g, slope = distance(x @ lam)
    misfit = model.targets - x.T @ (weights * g)
    worst = int(np.argmax(np.abs(misfit) / (1.0 + np.abs(model.targets))))
    raise CalibrationError(
        f"Calibration ({method.value}, bounds {lower:g}..{upper:g}) did not meet the constraints "
        f"after {max_iterations} iterations: {model.labels[worst]} reaches "
        f"{model.targets[worst] - misfit[worst]:.6g} instead of {model.targets[worst]:.6g}. "
        "Widen the bounds, collapse sparse margin levels, or check the population figures."
    )
