"""Differentially private tables of counts and sums, with a declared privacy unit and budget.

A data holder (a marketplace, a postal operator) releases, per cell of a table whose cells are
declared in advance, a noisy count of rows and noisy sums of value columns. The guarantee is
pure ε-differential privacy (Dwork, McSherry, Nissim and Smith 2006) with respect to adding or
removing *all* rows of one privacy unit (a seller, a sender), so that the release says almost
nothing about whether any one unit is in the data, nor about what it did.

The steps, and why each keeps the guarantee:

1. **Contribution bound.** Only the first ``max_rows_per_unit`` = k rows of each unit (in table
   order) are kept. Which rows a unit keeps depends on that unit's rows alone, so adding or
   removing one unit changes at most k kept rows (a stable transformation, McSherry 2009).
2. **Declared cells.** The cells are the cross product of the declared ``categories`` of the
   ``group_by`` columns, never the values found in the data: a cell that no row reaches is
   released (noisy) all the same, so which cells exist reveals nothing. A row outside the
   declared domain is an input error.
3. **Count.** ``make_count_by_categories`` of OpenDP counts the kept rows per cell; one unit moves
   the vector of counts by at most k in L1 distance. Discrete Laplace (geometric) noise with
   scale k / ε_count gives ε_count-DP (Ghosh, Roughgarden and Sundararajan 2012; Canonne,
   Kamath and Steinke 2020).
4. **Sums.** Each value is clamped to its declared ``(lower, upper)`` bounds before summing per
   cell, so one unit moves the vector of sums by at most k · max(|lower|, |upper|) in L1
   distance. Laplace noise with scale k · max(|lower|, |upper|) / ε_sum gives ε_sum-DP (the
   Laplace mechanism, Dwork et al. 2006; OpenDP samples it exactly on a fine grid to avoid the
   floating-point attack of Mironov 2012).
5. **Budget.** The total ε is split equally between the count and each sum column:
   ε_count = ε_sum = ε / (1 + number of sums); by sequential composition (Dwork and Roth 2014,
   theorem 3.14) the release is ε-DP. Parallel composition across cells is already accounted
   for by the L1 sensitivities (one unit may spread its k rows over several cells).

Accuracy: for each statistic the 95 % half-width a such that P(|noisy − true| ≤ a) ≥ 0.95 for
every cell, from OpenDP's ``discrete_laplacian_scale_to_accuracy`` and
``laplacian_scale_to_accuracy`` (for Laplace, a = scale · ln(1 / 0.05)). It describes the noise
only; the clamping and the dropped rows beyond k are a bias the data holder chooses by setting
the bounds.

Noisy values are not rounded or made non-negative: they are unbiased for the bounded data, and
a user can post-process them freely without spending budget.

OpenDP draws its noise from the operating system's cryptographic generator and cannot be
seeded, on purpose (a seeded generator would let anyone with the seed remove the noise), so
:func:`release` takes no seed: two releases of the same data differ.

References: Dwork, C., McSherry, F., Nissim, K., Smith, A. (2006). Calibrating noise to
sensitivity in private data analysis. TCC 2006. · Dwork, C., Roth, A. (2014). The algorithmic
foundations of differential privacy. Foundations and Trends in TCS 9(3–4). · McSherry, F.
(2009). Privacy integrated queries. SIGMOD 2009. · Ghosh, A., Roughgarden, T., Sundararajan, M.
(2012). Universally utility-maximizing privacy mechanisms. SIAM J. Computing 41(6). · Canonne,
C., Kamath, G., Steinke, T. (2020). The discrete Gaussian for differential privacy. NeurIPS
2020. · Mironov, I. (2012). On significance of the least significant bits for differential
privacy. CCS 2012. · The OpenDP Library, version 0.16 (opendp.org).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from destat.errors import ConfigError, InputFileError, describe_rows

__all__ = [
    "ALPHA",
    "COUNT",
    "DPRelease",
    "PrivacyInputError",
    "PrivacySpec",
    "PrivacySpecError",
    "release",
]

ALPHA = 0.05
"""Accuracy is reported as the half-width of a (1 − ALPHA) = 95 % interval."""

COUNT = "count"
"""Name of the noisy row count in the released table and in ``DPRelease.accuracy``."""

MECHANISM = (
    "OpenDP 0.16: per-unit contribution bound, clamping, discrete Laplace noise on counts and "
    "Laplace noise on sums, pure epsilon-DP by sequential composition (budget split equally)"
)


class PrivacySpecError(ConfigError):
    """A privacy specification or its declared categories are not valid."""


class PrivacyInputError(InputFileError):
    """The table to release does not fit its privacy specification."""


@dataclass(frozen=True)
class PrivacySpec:
    """What is protected (the unit), with which budget, and which cells and sums are released."""

    unit: str
    epsilon: float
    group_by: tuple[str, ...]
    sums: Mapping[str, tuple[float, float]]
    max_rows_per_unit: int


@dataclass(frozen=True)
class DPRelease:
    """A noisy table with the accuracy of each statistic and the privacy actually spent."""

    table: pa.Table
    accuracy: Mapping[str, float]
    mechanism: str
    epsilon_spent: float


def release(
    table: pa.Table, spec: PrivacySpec, *, categories: Mapping[str, Sequence[str]]
) -> DPRelease:
    """Release the noisy count and sums of every declared cell of ``table`` under ``spec``."""
    dp = _opendp()
    cells = _declared_cells(spec, categories)
    _check_columns(table, spec)
    keep = _within_bound(table.column(spec.unit), spec.max_rows_per_unit)
    cell_of_row = _cell_index(table, spec, categories)[keep]
    sum_values = {
        name: _clamped_values(table, name, lower, upper)[keep]
        for name, (lower, upper) in spec.sums.items()
    }
    epsilon_each = spec.epsilon / (1 + len(spec.sums))
    k = spec.max_rows_per_unit

    columns: dict[str, Any] = {
        name: [cell[position] for cell in cells] for position, name in enumerate(spec.group_by)
    }
    count_measure, scale = _calibrated(
        lambda s: _count_measurement(dp, len(cells), s), k, epsilon_each
    )
    columns[COUNT] = pa.array(count_measure(cell_of_row.tolist()), pa.int64())
    accuracy = {COUNT: float(dp.discrete_laplacian_scale_to_accuracy(scale, ALPHA))}
    spent = float(count_measure.map(k))

    for name, (lower, upper) in spec.sums.items():
        sensitivity = k * max(abs(lower), abs(upper))
        totals = np.bincount(cell_of_row, weights=sum_values[name], minlength=len(cells))
        sum_measure, scale = _calibrated(
            lambda s: _sum_measurement(dp, s), sensitivity, epsilon_each
        )
        columns[name] = pa.array(sum_measure(totals.tolist()), pa.float64())
        accuracy[name] = float(dp.laplacian_scale_to_accuracy(scale, ALPHA))
        spent += float(sum_measure.map(sensitivity))

    return DPRelease(pa.table(columns), accuracy, MECHANISM, spent)


def _opendp() -> Any:
    import opendp.prelude as dp

    # The count-by-categories transformation and the vector Laplace mechanism are still marked
    # "contrib" (proven in OpenDP's proofs but not yet through its vetting process); without
    # this switch their constructors refuse to run.
    dp.enable_features("contrib")
    return dp


def _calibrated(
    make: Callable[[float], Any], sensitivity: float, epsilon: float
) -> tuple[Any, float]:
    """The measurement with scale = sensitivity / ε, widened by a few ulps if OpenDP's
    conservatively rounded privacy map would otherwise exceed ε."""
    scale = sensitivity / epsilon
    for _ in range(8):
        measurement = make(scale)
        if measurement.map(sensitivity) <= epsilon:
            return measurement, scale
        scale *= 1 + 1e-12
    raise PrivacySpecError(
        f"No noise scale near {sensitivity / epsilon!r} keeps the budget {epsilon!r}; "
        "choose a budget and bounds of ordinary magnitude."
    )


def _count_measurement(dp: Any, cells: int, scale: float) -> Any:
    counter = dp.t.make_count_by_categories(
        dp.vector_domain(dp.atom_domain(T=int)),
        dp.symmetric_distance(),
        categories=list(range(cells)),
        null_category=False,
    )
    return counter >> dp.m.then_laplace(scale=scale)


def _sum_measurement(dp: Any, scale: float) -> Any:
    space = (dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l1_distance(T=float))
    return dp.m.make_laplace(*space, scale=scale)


def _declared_cells(
    spec: PrivacySpec, categories: Mapping[str, Sequence[str]]
) -> list[tuple[str, ...]]:
    if not spec.epsilon > 0 or not np.isfinite(spec.epsilon):
        raise PrivacySpecError(f"epsilon must be a positive number, found {spec.epsilon!r}.")
    if spec.max_rows_per_unit < 1:
        raise PrivacySpecError(
            f"max_rows_per_unit must be at least 1, found {spec.max_rows_per_unit!r}."
        )
    for name, (lower, upper) in spec.sums.items():
        finite = np.isfinite(lower) and np.isfinite(upper)
        if not (finite and lower <= upper and max(abs(lower), abs(upper)) > 0):
            raise PrivacySpecError(
                f"The bounds of sum column {name!r} must be finite, not both zero, with "
                f"lower <= upper; found ({lower!r}, {upper!r})."
            )
    clash = ({spec.unit, COUNT} | set(spec.sums)) & set(spec.group_by)
    if COUNT in spec.sums or clash:
        raise PrivacySpecError(
            f"Columns {sorted(clash | ({COUNT} & set(spec.sums)))} are used twice: group_by, "
            f"sums, the unit and the output column {COUNT!r} must all have different names."
        )
    if set(categories) != set(spec.group_by):
        raise PrivacySpecError(
            f"categories must declare exactly the group_by columns {list(spec.group_by)}, "
            f"found {sorted(categories)}."
        )
    for name in spec.group_by:
        codes = [str(code) for code in categories[name]]
        if not codes or len(set(codes)) != len(codes):
            raise PrivacySpecError(
                f"The declared categories of {name!r} must be a non-empty list without "
                f"repeats, found {list(categories[name])!r}."
            )
    return list(product(*([str(code) for code in categories[name]] for name in spec.group_by)))


def _check_columns(table: pa.Table, spec: PrivacySpec) -> None:
    needed = [spec.unit, *spec.group_by, *spec.sums]
    missing = [name for name in needed if name not in table.column_names]
    if missing:
        raise PrivacyInputError(
            f"The table has no column {', '.join(repr(m) for m in missing)} named in the "
            f"privacy specification; its columns are {table.column_names}."
        )
    for name in [spec.unit, *spec.group_by, *spec.sums]:
        nulls = np.flatnonzero(table.column(name).is_null().to_numpy(zero_copy_only=False))
        if nulls.size:
            raise PrivacyInputError(
                f"Column {name!r} has missing values at {describe_rows(nulls)}; every row "
                "needs its unit, its cell codes and its values. Fill them in (e.g. a code "
                "'_U' for unknown, declared among the categories) or drop those rows."
            )


def _within_bound(units: pa.ChunkedArray, bound: int) -> np.ndarray:
    """True for the first ``bound`` rows of each unit, in table order."""
    codes = pc.dictionary_encode(units).combine_chunks().indices.to_numpy(zero_copy_only=False)
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_codes)) + 1]
    rank_sorted = np.arange(codes.size) - np.repeat(starts, np.diff(np.r_[starts, codes.size]))
    keep = np.empty(codes.size, dtype=bool)
    keep[order] = rank_sorted < bound
    return keep


def _cell_index(
    table: pa.Table, spec: PrivacySpec, categories: Mapping[str, Sequence[str]]
) -> np.ndarray:
    """The position of each row's cell in the declared cross product (row-major)."""
    index = np.zeros(table.num_rows, dtype=np.int64)
    for name in spec.group_by:
        codes = [str(code) for code in categories[name]]
        found = pc.index_in(pc.cast(table.column(name), pa.string()), pa.array(codes))
        position = found.to_numpy(zero_copy_only=False)
        outside = np.flatnonzero(pc.is_null(found).to_numpy(zero_copy_only=False))
        if outside.size:
            value = table.column(name)[int(outside[0])].as_py()
            raise PrivacyInputError(
                f"Column {name!r} has values outside its declared categories {codes} (first "
                f"{value!r}) at {describe_rows(outside)}. Recode them to a declared "
                "category or declare the code."
            )
        index = index * len(codes) + position.astype(np.int64)
    return index


def _clamped_values(table: pa.Table, name: str, lower: float, upper: float) -> np.ndarray:
    column = table.column(name)
    if not (pa.types.is_integer(column.type) or pa.types.is_floating(column.type)):
        raise PrivacyInputError(
            f"Sum column {name!r} must be numeric, found type {column.type}; convert it first."
        )
    values = column.to_numpy().astype(np.float64)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise PrivacyInputError(
            f"Sum column {name!r} has values that are not finite numbers at "
            f"{describe_rows(bad)}; fix or drop those rows."
        )
    clamped: np.ndarray = np.clip(values, lower, upper)
    return clamped
