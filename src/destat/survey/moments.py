"""The one SQL pass of an estimate: per-domain sums and per-group second moments.

An estimate's linearised influence value for a sampled unit is a linear combination of a few
weighted sums over the unit's rows: the *domain basis* (sums over the unit's rows in the domain,
such as ``Σ w·y`` and ``Σ w``) and, for calibrated designs, the *free basis* (sums over all the
unit's rows, such as ``Σ w·x`` of the calibration variables). The variance is then a quadratic
form in the covariance of those unit sums within each variance group (Taylor linearisation;
Binder 1983; Wolter 2007, chapter 6). So one scan of the microdata with GROUPING SETS over all
requested breakdowns yields everything: domain totals for the point estimates, and per group the
sums and cross-products of the basis. The small algebra that follows runs in numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlglot import exp

from destat.engines import Engine
from destat.engines.sql import alias, col, count, group_by_sets, grouping, mul, table, total
from destat.survey.stages import Stage

GID = "__destat_gid"


@dataclass(frozen=True)
class MomentRequest:
    """What one estimation pass computes.

    ``domain_basis`` and ``free_basis`` are row expressions *before* weighting; ``weight`` is the
    row weight they are multiplied by. ``binary`` bases take only 0, 1 or NULL and ``ones`` are
    the constant 1, which lets products collapse (``b·b = b``, ``1·b = b``). ``squares`` are the
    bases whose weighted sums of squares are needed; ``plain`` are row expressions summed per
    domain as they are (already weighted), ``counts`` are counted per domain (non-null values).
    ``domain_pairs`` index pairs of the domain basis whose cross-products are needed; every
    domain × free and free × free product is computed when there is a free basis.
    ``constant_weight`` says the weight is constant within each variance group of a stage whose
    units are rows, so that ``Σ w²·m = w·Σ w·m`` and the second-order sums come free.
    """

    breakdowns: tuple[tuple[str, ...], ...]
    weight: exp.Expr
    domain_basis: tuple[exp.Expr, ...]
    domain_pairs: tuple[tuple[int, int], ...]
    binary: frozenset[int] = frozenset()
    ones: frozenset[int] = frozenset()
    row_products: tuple[tuple[int, int], ...] = ()
    free_basis: tuple[exp.Expr, ...] = ()
    plain: tuple[exp.Expr, ...] = ()
    counts: tuple[exp.Expr, ...] = ()
    constant_weight: bool = False

    @property
    def by_columns(self) -> tuple[str, ...]:
        """Every column used by any breakdown, in first-seen order."""
        seen: dict[str, None] = {}
        for breakdown in self.breakdowns:
            for name in breakdown:
                seen.setdefault(name, None)
        return tuple(seen)

    def canonical(self, *factors: int) -> tuple[int, ...]:
        """The distinct factors of a product of bases, after ``1·b = b`` and binary ``b·b = b``."""
        kept = sorted(f for f in factors if f not in self.ones)
        if len(kept) == 2 and kept[0] == kept[1] and kept[0] in self.binary:
            kept = kept[:1]
        return tuple(kept)


class _Sums:
    """Distinct weighted row sums ``SUM(w^power · Π bases)``, each computed once."""

    def __init__(self, request: MomentRequest) -> None:
        self.request = request
        self.columns: dict[tuple[int, tuple[int, ...]], str] = {}

    def column(self, power: int, factors: tuple[int, ...]) -> str:
        key = (power, factors)
        if key not in self.columns:
            self.columns[key] = f"m{len(self.columns)}"
        return self.columns[key]

    def select(self) -> list[exp.Expr]:
        request = self.request
        selected = []
        for (power, factors), name in self.columns.items():
            terms = [request.weight] * power + [request.domain_basis[i] for i in factors]
            selected.append(alias(total(mul(*terms)) if terms else count(), name))
        return selected


def d_name(i: int) -> str:
    """Column of the sum of domain basis ``i``."""
    return f"d{i}"


def f_name(j: int) -> str:
    """Column of the sum of free basis ``j``."""
    return f"f{j}"


def dd_name(a: int, b: int) -> str:
    """Column of the cross-product of domain bases ``a`` and ``b``."""
    return f"dd{a}_{b}"


def df_name(a: int, j: int) -> str:
    """Column of the cross-product of domain basis ``a`` and free basis ``j``."""
    return f"df{a}_{j}"


def ff_name(j: int, k: int) -> str:
    """Column of the cross-product of free bases ``j`` and ``k``."""
    return f"ff{j}_{k}"


def s_name(a: int, b: int) -> str:
    """Column of the weighted sum of row products of domain bases ``a`` and ``b``."""
    return f"s{a}_{b}"


def p_name(i: int) -> str:
    """Column of plain sum ``i``."""
    return f"p{i}"


def c_name(i: int) -> str:
    """Column of count ``i``."""
    return f"c{i}"


def domain_moments(
    engine: Engine, name: str, stage: Stage, request: MomentRequest, first: bool
) -> pd.DataFrame:
    """Per variance group and domain: basis sums and cross-products (and, on the first stage,
    squares, plain sums and counts). One row per (group, domain) that has rows in the domain."""
    if stage.unit is None:
        return _row_moments(engine, name, stage, request, first)
    return _unit_moments(engine, name, stage, request, first)


def _row_moments(
    engine: Engine, name: str, stage: Stage, request: MomentRequest, first: bool
) -> pd.DataFrame:
    keys = stage.group_keys
    constant = (
        request.constant_weight
        and "weight" in stage.groups
        and bool(np.isfinite(stage.groups["weight"]).all())
    )
    # With a constant weight w_g per group, Σ w^p·m = w_g^p·Σ m: the query sums the bare
    # products (integer sums for 0/1 columns) and the weights are applied per group after.
    power = 0 if constant else 1
    sums, renamed, squares = _first_order(request, first, power)
    products = {
        pair: sums.column(power * 2, request.canonical(*pair)) for pair in request.domain_pairs
    }
    weighted = [mul(request.weight, basis) for basis in request.domain_basis]
    free = [mul(request.weight, basis) for basis in request.free_basis]
    cross = [
        alias(total(mul(weighted[a], free[j])), df_name(a, j))
        for a in range(len(weighted))
        for j in range(len(free))
    ]
    select = [
        *[col(key) for key in keys],
        *_domain_columns(request.by_columns),
        *sums.select(),
        *cross,
        *(_plain_and_counts(request) if first else []),
        alias(count(), "units"),
    ]
    query = _grouped(exp.select(*select).from_(table(name)), keys, request)
    frame = engine.frame(query)
    scale: np.ndarray | float = 1.0
    if constant:
        weights = stage.groups[[*keys, "weight"]]
        scale = frame[list(keys)].merge(weights, on=list(keys), how="left")["weight"].to_numpy()
    first_scale = scale
    second_scale = scale * scale if constant else 1.0
    named = {
        **{d_name(i): frame[c].to_numpy() * first_scale for i, c in renamed.items()},
        **{s_name(*pair): frame[c].to_numpy() * first_scale for pair, c in squares.items()},
        **{dd_name(*pair): frame[c].to_numpy() * second_scale for pair, c in products.items()},
    }
    kept = frame.drop(columns=list(sums.columns.values()))
    return pd.concat([kept, pd.DataFrame(named, index=frame.index)], axis=1)


def _first_order(
    request: MomentRequest, first: bool, power: int = 1
) -> tuple[_Sums, dict[int, str], dict[tuple[int, int], str]]:
    """The row sums every stage needs (basis sums) and, on the first, the row products, each
    with the weight to ``power``."""
    sums = _Sums(request)
    bases = range(len(request.domain_basis))
    renamed = {i: sums.column(power, request.canonical(i)) for i in bases}
    products = request.row_products if first else ()
    squares = {pair: sums.column(power, request.canonical(*pair)) for pair in products}
    return sums, renamed, squares


def _unit_moments(
    engine: Engine, name: str, stage: Stage, request: MomentRequest, first: bool
) -> pd.DataFrame:
    keys = stage.group_keys
    assert stage.unit is not None
    by = request.by_columns
    unit_keys = (*keys, stage.unit)
    sums, renamed, squares = _first_order(request, first)
    units = exp.select(
        *[col(key) for key in unit_keys],
        *_domain_columns(by),
        *sums.select(),
        *(_plain_and_counts(request) if first else []),
    ).from_(table(name))
    units = _grouped(units, unit_keys, request)
    d_cols = {i: col(column) for i, column in renamed.items()}
    width = len(request.free_basis)
    select = [
        *[col(key) for key in keys],
        col(GID),
        *[col(column) for column in by],
        *[alias(total(value), d_name(i)) for i, value in d_cols.items()],
        *[alias(total(col(column)), s_name(*pair)) for pair, column in squares.items()],
        *[alias(total(mul(d_cols[a], d_cols[b])), dd_name(a, b)) for a, b in request.domain_pairs],
        *[
            alias(total(mul(d_cols[a], col(f_name(j)))), df_name(a, j))
            for a in d_cols
            for j in range(width)
        ],
        *(
            [alias(total(col(p_name(i))), p_name(i)) for i in range(len(request.plain))]
            if first
            else []
        ),
        *(
            [alias(total(col(c_name(i))), c_name(i)) for i in range(len(request.counts))]
            if first
            else []
        ),
        alias(count(), "units"),
    ]
    source: exp.Expr = units.subquery("u")
    if width:
        free_units = _free_unit_sums(name, unit_keys, request)
        source = (
            exp.select(
                *[exp.column(c, table="u", quoted=True) for c in units.named_selects],
                *[exp.column(f_name(j), table="f", quoted=True) for j in range(width)],
            )
            .from_(units.subquery("u"))
            .join(
                free_units.subquery("f"),
                using=[exp.to_identifier(k, quoted=True) for k in unit_keys],
            )
            .subquery("s")
        )
    query = (
        exp.select(*select)
        .from_(source)
        .group_by(*[col(key) for key in keys], col(GID), *[col(column) for column in by])
    )
    return engine.frame(query)


def free_moments(engine: Engine, name: str, stage: Stage, request: MomentRequest) -> pd.DataFrame:
    """Per variance group: sums and cross-products of the free basis over all units."""
    keys = stage.group_keys
    width = len(request.free_basis)
    if stage.unit is None:
        free = [mul(request.weight, basis) for basis in request.free_basis]
        values: Sequence[exp.Expr] = free
        source: exp.Expr = table(name)
    else:
        values = [col(f_name(j)) for j in range(width)]
        source = _free_unit_sums(name, (*keys, stage.unit), request).subquery("f")
    select = [
        *[col(key) for key in keys],
        *[alias(total(values[j]), f_name(j)) for j in range(width)],
        *[
            alias(total(mul(values[j], values[k])), ff_name(j, k))
            for j in range(width)
            for k in range(j, width)
        ],
    ]
    query = exp.select(*select).from_(source).group_by(*[col(key) for key in keys])
    return engine.frame(query)


def _free_unit_sums(name: str, unit_keys: Sequence[str], request: MomentRequest) -> exp.Select:
    sums = [
        alias(total(mul(request.weight, basis)), f_name(j))
        for j, basis in enumerate(request.free_basis)
    ]
    return (
        exp.select(*[col(key) for key in unit_keys], *sums)
        .from_(table(name))
        .group_by(*[col(key) for key in unit_keys])
    )


def _plain_and_counts(request: MomentRequest) -> list[exp.Expr]:
    return [
        *[alias(total(value), p_name(i)) for i, value in enumerate(request.plain)],
        *[alias(count(value), c_name(i)) for i, value in enumerate(request.counts)],
    ]


def _domain_columns(by: Sequence[str]) -> list[exp.Expr]:
    if not by:
        return [alias(exp.Literal.number(0), GID)]
    # A bit per by-column, set where the column is rolled up in the grouping set.
    bits: exp.Expr = exp.Literal.number(0)
    for position, column in enumerate(by):
        bits = exp.Add(
            this=bits, expression=mul(grouping(column), exp.Literal.number(1 << position))
        )
    return [alias(bits, GID), *[col(column) for column in by]]


def _grouped(query: exp.Select, keys: Sequence[str], request: MomentRequest) -> exp.Select:
    if not request.by_columns:
        return query.group_by(*[col(key) for key in keys])
    query.set("group", group_by_sets(keys, request.breakdowns))
    return query


def rolled_up(breakdown: Sequence[str], by: Sequence[str]) -> int:
    """The grouping id of a breakdown: the bits of the by-columns it rolls up."""
    return sum(1 << position for position, column in enumerate(by) if column not in breakdown)
