"""Running an estimate: check the request, make the one SQL pass, turn moments into results.

Variances follow Taylor linearisation for stratified multistage designs (Wolter 2007, ch. 6;
Lumley 2010, appendix C), domain estimation keeps the whole design (Särndal, Swensson and Wretman
1992, section 10.3), and calibrated designs use the residuals of the calibration model
(Deville and Särndal 1992; R ``survey::calibrate``). Design effects follow R ``survey``
(variance over that of simple random sampling without replacement with the same n).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import stats
from sqlglot import exp

from destat.engines import Engine
from destat.engines.sql import col, is_not_null, lit, mul, text, when
from destat.errors import (
    ConfigError,
    DesignError,
    EmptyDomainError,
    MissingValueError,
)
from destat.survey.checks import is_numeric, missing_rows, require_columns
from destat.survey.methods import Interval
from destat.survey.moments import (
    GID,
    MomentRequest,
    c_name,
    d_name,
    domain_moments,
    free_moments,
    p_name,
    rolled_up,
    s_name,
)
from destat.survey.results import Estimate
from destat.survey.stages import Stage
from destat.survey.targets import (
    Kind,
    Measure,
    Target,
    TargetBuilder,
    indicator,
    presence,
    value_of,
)
from destat.survey.variance import Covariance, combine


@dataclass(frozen=True)
class Calibrated:
    """What variance estimation needs from a calibration: the model columns and X'WX."""

    columns: tuple[exp.Expr, ...]
    design_weight: exp.Expr
    xwx: np.ndarray


@dataclass(frozen=True)
class Prepared:
    """A design's data as the estimation sees it."""

    engine: Engine
    name: str
    data: pa.Table
    stages: tuple[Stage, ...]
    df: int
    weight: exp.Expr
    calibration: Calibrated | None


def run(
    prepared: Prepared,
    kind: Kind,
    variables: Sequence[str],
    breakdowns: Sequence[Sequence[str]],
    na_rm: bool,
    interval: Interval,
    denominator: str | None = None,
    groups: tuple[str, tuple[object, object]] | None = None,
) -> Estimate:
    """Estimate ``kind`` of ``variables`` in every domain of every breakdown; for a gap,
    ``groups`` names the column and the two levels whose means are compared."""
    data = prepared.data
    by = tuple(dict.fromkeys(name for breakdown in breakdowns for name in breakdown))
    extra = [denominator] if denominator else [groups[0]] if groups else []
    require_columns(data, [*variables, *by, *extra], "analysis")
    builder = TargetBuilder(weight=prepared.weight)
    rows = builder.row_count()
    missing: dict[str, int] = {}
    for variable in variables:
        if groups is not None:
            missing.update(_add_gap(builder, data, variable, groups, na_rm))
        else:
            missing.update(_add_targets(builder, data, kind, variable, na_rm, denominator))
    request = _request(prepared, builder, breakdowns)
    covariance = _moments(prepared, request)
    table, excluded = _results(prepared, builder, request, covariance, kind, interval, rows)
    excluded.update({f"missing value of {name} (na_rm)": n for name, n in missing.items() if n})
    return Estimate(
        kind=kind.value,
        by=by,
        table=table,
        interval=interval.value,
        excluded=MappingProxyType(excluded),
    )


def _add_targets(
    builder: TargetBuilder,
    data: pa.Table,
    kind: Kind,
    variable: str,
    na_rm: bool,
    denominator: str | None,
) -> dict[str, int]:
    """Add the targets of one variable; return how many rows lack each variable it uses."""
    missing = _check_missing(data, variable, na_rm)
    if kind is Kind.PROPORTION:
        base = presence(variable) if missing else lit(1.0)
        for level in _levels(data, variable):
            builder.add(kind, variable, indicator(variable, level), base, level=level, binary=True)
        return {variable: missing}
    _check_numeric(data, variable)
    if kind is Kind.RATIO:
        assert denominator is not None
        _check_numeric(data, denominator)
        missing_x = _check_missing(data, denominator, na_rm)
        keep_y = is_not_null(exp.column(denominator, quoted=True)) if missing_x else None
        keep_x = is_not_null(exp.column(variable, quoted=True)) if missing else None
        both = presence(variable, keep_y) if keep_y is not None or keep_x is not None else lit(1.0)
        builder.add(
            kind,
            variable,
            value_of(variable, keep_y),
            value_of(denominator, keep_x),
            population=both,
        )
        return {variable: missing, denominator: missing_x}
    base = presence(variable) if missing else lit(1.0)
    binary = _is_binary(data, variable)
    builder.add(kind, variable, value_of(variable, exact=binary), base, binary=binary)
    return {variable: missing}


def _is_binary(data: pa.Table, variable: str) -> bool:
    column = data.column(variable)
    if pa.types.is_boolean(column.type):
        return True
    if not pa.types.is_integer(column.type):
        return False
    bounds = pc.min_max(column).as_py()
    return bounds["min"] is None or (bounds["min"] >= 0 and bounds["max"] <= 1)


def _add_gap(
    builder: TargetBuilder,
    data: pa.Table,
    variable: str,
    groups: tuple[str, tuple[object, object]],
    na_rm: bool,
) -> dict[str, int]:
    """Add the difference and ratio of the means of ``variable`` in two groups."""
    column, levels = groups
    _check_numeric(data, variable)
    present = {str(v) for v in pc.unique(data.column(column).drop_null()).to_pylist()}
    absent = [level for level in levels if str(level) not in present]
    if absent or str(levels[0]) == str(levels[1]):
        raise ConfigError(
            f"A gap compares two different levels of {column!r} found in the data; got "
            f"{list(levels)}, and {absent or 'the same level twice'} is not usable. Levels "
            f"present: {sorted(present)}."
        )
    missing = _check_missing(data, variable, na_rm)
    value = value_of(variable)
    answered = is_not_null(col(variable)) if missing else None

    def group(level: object) -> tuple[exp.Expr, exp.Expr]:
        member = exp.EQ(this=text(col(column)), expression=lit(str(level)))
        condition = member if answered is None else exp.And(this=member, expression=answered)
        return when(member, value), when(condition, lit(1.0))

    either = exp.In(this=text(col(column)), expressions=[lit(str(level)) for level in levels])
    counted = when(
        either if answered is None else exp.And(this=either, expression=answered), lit(1)
    )
    builder.add_gap(
        variable, group(levels[0]), group(levels[1]), counted, _is_binary(data, variable)
    )
    return {variable: missing}


def _check_missing(data: pa.Table, variable: str, na_rm: bool) -> int:
    total, rows = missing_rows(data, variable)
    if total and not na_rm:
        raise MissingValueError(
            f"The analysis variable {variable!r} has {total} missing value(s), in {rows}. Impute "
            "them first, or pass na_rm=True to leave those rows out of the estimate (the design "
            "stays whole, as with R's na.rm=TRUE)."
        )
    return total


def _check_numeric(data: pa.Table, variable: str) -> None:
    if not is_numeric(data.column(variable).type):
        raise DesignError(
            f"The analysis variable {variable!r} is not numeric (type "
            f"{data.column(variable).type}). Use proportion() for a categorical variable, or "
            "recode it as numbers."
        )


def _levels(data: pa.Table, variable: str) -> list[object]:
    values = pc.unique(data.column(variable).drop_null())
    return sorted(values.to_pylist(), key=lambda v: (str(type(v)), v))


def _request(
    prepared: Prepared, builder: TargetBuilder, breakdowns: Sequence[Sequence[str]]
) -> MomentRequest:
    plain: list[exp.Expr] = []
    free: tuple[exp.Expr, ...] = ()
    if prepared.calibration is not None:
        calibration = prepared.calibration
        free = calibration.columns
        for basis in builder.basis:
            for column in free:
                plain.append(mul(calibration.design_weight, column, basis))
    return MomentRequest(
        breakdowns=tuple(tuple(b) for b in breakdowns),
        weight=prepared.weight,
        domain_basis=tuple(builder.basis),
        domain_pairs=builder.pairs(),
        binary=frozenset(builder.binary),
        ones=frozenset(builder.ones),
        row_products=builder.row_products(),
        free_basis=free,
        plain=tuple(plain),
        counts=tuple(builder.counts),
        constant_weight=prepared.calibration is None,
    )


def _moments(prepared: Prepared, request: MomentRequest) -> Covariance:
    domain_tables = []
    free_tables = []
    for index, stage in enumerate(prepared.stages):
        domain_tables.append(
            domain_moments(prepared.engine, prepared.name, stage, request, first=index == 0)
        )
        free_tables.append(
            free_moments(prepared.engine, prepared.name, stage, request)
            if request.free_basis
            else None
        )
    return combine(prepared.stages, domain_tables, free_tables, request)


def _results(
    prepared: Prepared,
    builder: TargetBuilder,
    request: MomentRequest,
    covariance: Covariance,
    kind: Kind,
    interval: Interval,
    rows_count: int,
) -> tuple[pa.Table, dict[str, int]]:
    by = list(request.by_columns)
    domains, excluded = _valid_domains(covariance.domains, request, rows_count)
    quantile = _quantile(interval, prepared.df)
    parts: dict[str, list[np.ndarray]] = {}

    def put(column: str, values: np.ndarray) -> None:
        parts.setdefault(column, []).append(values)

    size = len(domains)
    for target in builder.targets:
        estimate, variance = _point_and_variance(
            domains, target, kind, prepared, request, covariance
        )
        if kind is Kind.GAP and target.measure is Measure.RATIO:
            # A ratio over a second group whose mean is 0 is undefined, not an empty domain
            # (an empty group already fails its difference).
            undefined = ~np.isfinite(estimate)
            estimate, variance = (
                np.where(undefined, np.nan, estimate),
                np.where(undefined, np.nan, variance),
            )
        else:
            _require_non_empty(domains, target, estimate, by)
        se = np.sqrt(np.maximum(variance, 0.0))
        for column in (*by, "__order"):
            put(column, domains[column].to_numpy())
        put("variable", np.full(size, target.variable, dtype=object))
        if kind is Kind.PROPORTION:
            put("level", np.array([target.level] * size, dtype=object))
        if kind is Kind.GAP:
            put("measure", np.full(size, str(target.measure), dtype=object))
        put("estimate", estimate)
        put("se", se)
        put("ci_low", estimate - quantile * se)
        put("ci_high", estimate + quantile * se)
        with np.errstate(divide="ignore", invalid="ignore"):
            put("cv", se / estimate)
        put("deff", _deff(domains, target, kind, estimate, variance))
        put("n", domains[c_name(target.count)].to_numpy().astype(np.int64))
        put("df", np.full(size, prepared.df, dtype=np.int64))
    result = pd.DataFrame({column: np.concatenate(values) for column, values in parts.items()})
    result = result.sort_values(["__order", *by], kind="stable", na_position="first")
    result = result.drop(columns="__order").reset_index(drop=True)
    return pa.Table.from_pandas(result, preserve_index=False), excluded


def _valid_domains(
    domains: pd.DataFrame, request: MomentRequest, rows_count: int
) -> tuple[pd.DataFrame, dict[str, int]]:
    by = list(request.by_columns)
    gid_to_order = {
        rolled_up(breakdown, by): order
        for order, breakdown in reversed(list(enumerate(request.breakdowns)))
    }
    domains = domains.copy()
    domains["__order"] = domains[GID].map(gid_to_order)
    missing_key = np.zeros(len(domains), dtype=bool)
    for position, column in enumerate(by):
        active = (domains[GID].to_numpy() & (1 << position)) == 0
        missing_key |= active & domains[column].isna().to_numpy()
    excluded: dict[str, int] = {}
    if missing_key.any():
        lost = domains.loc[missing_key]
        for order, breakdown in enumerate(request.breakdowns):
            count = int(lost.loc[lost["__order"] == order, c_name(rows_count)].sum())
            if count:
                excluded[f"missing value of {', '.join(breakdown)}"] = count
    return domains.loc[~missing_key].reset_index(drop=True), excluded


def _point_and_variance(
    domains: pd.DataFrame,
    target: Target,
    kind: Kind,
    prepared: Prepared,
    request: MomentRequest,
    covariance: Covariance,
) -> tuple[np.ndarray, np.ndarray]:
    estimate, coefficients = _linearised(domains, target)
    variance = np.zeros_like(estimate)
    with np.errstate(invalid="ignore"):  # empty domains are reported by the caller
        for a, ca in coefficients.items():
            for b, cb in coefficients.items():
                q = domains[f"qdd{min(a, b)}_{max(a, b)}"].to_numpy(dtype=float)
                variance += ca * cb * q
        if prepared.calibration is not None:
            variance += _calibration_terms(
                domains, coefficients, prepared.calibration, request, covariance
            )
    return estimate, variance


def _linearised(domains: pd.DataFrame, target: Target) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """The estimate and the coefficients of its influence on the basis sums (Woodruff 1971)."""

    def sums(index: int) -> np.ndarray:
        return np.asarray(domains[d_name(index)].to_numpy(dtype=float))

    y, x = sums(target.numerator), sums(target.denominator)
    coefficients: dict[int, np.ndarray] = {}

    def add(index: int, value: np.ndarray) -> None:
        coefficients[index] = coefficients.get(index, 0.0) + value

    with np.errstate(divide="ignore", invalid="ignore"):
        if target.kind is Kind.TOTAL:
            add(target.numerator, np.ones_like(y))
            return y, coefficients
        first = y / x
        if target.second is None:
            add(target.numerator, 1.0 / x)
            add(target.denominator, -first / x)
            return first, coefficients
        y2, x2 = sums(target.second[0]), sums(target.second[1])
        second = y2 / x2
        if target.measure is Measure.DIFFERENCE:
            estimate, scale_first, scale_second = first - second, 1.0, -1.0
        else:  # Q = a / b has influence (d(a) - Q·d(b)) / b
            estimate = first / second
            scale_first, scale_second = 1.0 / second, -estimate / second
        add(target.numerator, scale_first / x)
        add(target.denominator, -scale_first * first / x)
        add(target.second[0], scale_second / x2)
        add(target.second[1], -scale_second * second / x2)
        return estimate, coefficients


def _calibration_terms(
    domains: pd.DataFrame,
    coefficients: dict[int, np.ndarray],
    calibration: Calibrated,
    request: MomentRequest,
    covariance: Covariance,
) -> np.ndarray:
    # Influence after calibration: g·w·(u - x'B), B = (X'WX)^-1 X'W u (R survey's qr.resid step).
    width = len(calibration.columns)
    offset = len(request.plain) - len(request.domain_basis) * width
    h = np.zeros((len(domains), width))
    for b, cb in coefficients.items():
        for j in range(width):
            h[:, j] += cb * domains[p_name(offset + b * width + j)].to_numpy(dtype=float)
    beta = np.linalg.solve(calibration.xwx, h.T).T
    free = -beta
    cross = np.zeros(len(domains))
    for a, ca in coefficients.items():
        for j in range(width):
            cross += ca * free[:, j] * domains[f"qdf{a}_{j}"].to_numpy(dtype=float)
    quadratic = np.einsum("dj,jk,dk->d", free, covariance.free, free)
    return np.asarray(2.0 * cross + quadratic)


def _deff(
    domains: pd.DataFrame, target: Target, kind: Kind, estimate: np.ndarray, variance: np.ndarray
) -> np.ndarray:
    """Design effect as R survey computes it: the variance over that of simple random sampling
    without replacement of the same n from the domain's estimated population. For a ratio it is
    the design effect of the total of its linearised variable ``(y - R·x)/X``."""
    if kind is Kind.GAP:
        return np.full(len(domains), np.nan)
    population = domains[d_name(target.population)].to_numpy(dtype=float)
    nobs = domains[c_name(target.nobs)].to_numpy(dtype=float)
    y = target.numerator

    def products(a: int, b: int) -> np.ndarray:
        return np.asarray(domains[s_name(min(a, b), max(a, b))].to_numpy(dtype=float))

    with np.errstate(divide="ignore", invalid="ignore"):
        if kind is Kind.RATIO:
            x = target.denominator
            total_x = domains[d_name(x)].to_numpy(dtype=float)
            residual = products(y, y) - 2 * estimate * products(y, x) + estimate**2 * products(x, x)
            spread = residual / (total_x**2 * population)
        else:
            mean = domains[d_name(y)].to_numpy(dtype=float) / population
            spread = products(y, y) / population - mean**2
        element_variance = spread * nobs / (nobs - 1)
        srs = element_variance * (population - nobs) / (population * nobs)
        if kind in (Kind.TOTAL, Kind.RATIO):
            srs = srs * population**2
        return np.asarray(variance / srs)


def _require_non_empty(
    domains: pd.DataFrame, target: Target, estimate: np.ndarray, by: list[str]
) -> None:
    bad = ~np.isfinite(estimate)
    if bad.any():
        first = domains.loc[bad].iloc[0]
        active = [f"{c}={first[c]!r}" for i, c in enumerate(by) if not int(first[GID]) & (1 << i)]
        where = ", ".join(active) if active else "the whole population"
        raise EmptyDomainError(
            f"No respondent with a positive weight and a value of {target.variable!r} in the "
            f"domain {where}, so its estimate is undefined. Use a coarser breakdown, or impute "
            "the variable."
        )


def _quantile(interval: Interval, df: int) -> float:
    if interval is Interval.T:
        if df < 1:
            raise ConfigError("A t interval needs at least one design degree of freedom.")
        return float(stats.t.ppf(0.975, df))
    return float(stats.norm.ppf(0.975))
