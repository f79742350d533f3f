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

import pandas as pd
from sqlglot import exp

from destat.engines import Engine
from destat.engines.sql import alias, col, count, group_by_sets, grouping, mul, sum_, table
from destat.survey.stages import WEIGHT, Stage

GID = "__destat_gid"


@dataclass(frozen=True)
class MomentRequest:
    """What one estimation pass computes.

    ``domain_basis`` and ``free_basis`` are row expressions *before* weighting; ``weight`` is the
    row weight they are multiplied by. ``plain`` are row expressions summed per domain as they
    are (already weighted), ``counts`` are counted per domain (non-null values).
    ``domain_pairs`` index pairs of the domain basis whose cross-products are needed; every
    domain × free and free × free product is computed when there is a free basis.
    """

    breakdowns: tuple[tuple[str, ...], ...]
    weight: exp.Expression
    domain_basis: tuple[exp.Expression, ...]
    domain_pairs: tuple[tuple[int, int], ...]
    free_basis: tuple[exp.Expression, ...] = ()
    plain: tuple[exp.Expression, ...] = ()
    counts: tuple[exp.Expression, ...] = ()

    @property
    def by_columns(self) -> tuple[str, ...]:
        """Every column used by any breakdown, in first-seen order."""
        seen: dict[str, None] = {}
        for breakdown in self.breakdowns:
            for name in breakdown:
                seen.setdefault(name, None)
        return tuple(seen)


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


def p_name(i: int) -> str:
    """Column of plain sum ``i``."""
    return f"p{i}"


def c_name(i: int) -> str:
    """Column of count ``i``."""
    return f"c{i}"


def domain_moments(engine: Engine, name: str, stage: Stage, request: MomentRequest, first: bool) -> pd.DataFrame:
    """Per variance group and domain: basis sums and cross-products (and, on the first stage,
    the plain sums and counts). One row per (group, domain) that has rows in the domain."""
    keys = stage.group_keys
    by = request.by_columns
    weighted = [mul(request.weight, basis) for basis in request.domain_basis]
    extra = _plain_and_counts(request) if first else []
    if stage.unit is None:
        products = [
            alias(sum_(mul(weighted[a], weighted[b])), dd_name(a, b)) for a, b in request.domain_pairs
        ]
        free = [mul(request.weight, basis) for basis in request.free_basis]
        products += [
            alias(sum_(mul(weighted[a], free[j])), df_name(a, j))
            for a in range(len(weighted))
            for j in range(len(free))
        ]
        select = [
            *[col(key) for key in keys],
            *_domain_columns(by),
            *[alias(sum_(value), d_name(i)) for i, value in enumerate(weighted)],
            *products,
            *extra,
            alias(count(), "units"),
        ]
        query = exp.select(*select).from_(table(name))
        return engine.query(_grouped(query, keys, request)).to_pandas()
    unit_keys = (*keys, stage.unit)
    units = exp.select(
        *[col(key) for key in unit_keys],
        *_domain_columns(by),
        *[alias(sum_(value), d_name(i)) for i, value in enumerate(weighted)],
        *extra,
    ).from_(table(name))
    units = _grouped(units, unit_keys, request)
    d_cols = [col(d_name(i)) for i in range(len(weighted))]
    select = [
        *[col(key) for key in keys],
        col(GID),
        *[col(column) for column in by],
        *[alias(sum_(value), d_name(i)) for i, value in enumerate(d_cols)],
        *[alias(sum_(mul(d_cols[a], d_cols[b])), dd_name(a, b)) for a, b in request.domain_pairs],
        *[
            alias(sum_(mul(d_cols[a], col(f_name(j)))), df_name(a, j))
            for a in range(len(d_cols))
            for j in range(len(request.free_basis))
        ],
        *([alias(sum_(col(p_name(i))), p_name(i)) for i in range(len(request.plain))] if first else []),
        *([alias(sum_(col(c_name(i))), c_name(i)) for i in range(len(request.counts))] if first else []),
        alias(count(), "units"),
    ]
    source: exp.Select = exp.select("*").from_(units.subquery("u"))
    if request.free_basis:
        free_units = _free_unit_sums(name, unit_keys, request)
        source = exp.select(
            *[exp.column(c, table="u", quoted=True) for c in _unit_output(unit_keys, by, request, first)],
            *[exp.column(f_name(j), table="f", quoted=True) for j in range(len(request.free_basis))],
        ).from_(units.subquery("u")).join(
            free_units.subquery("f"), using=[exp.to_identifier(k, quoted=True) for k in unit_keys]
        )
    query = (
        exp.select(*select)
        .from_(source.subquery("s"))
        .group_by(*[col(key) for key in keys], col(GID), *[col(column) for column in by])
    )
    return engine.query(query).to_pandas()


def free_moments(engine: Engine, name: str, stage: Stage, request: MomentRequest) -> pd.DataFrame:
    """Per variance group: sums and cross-products of the free basis over all units."""
    keys = stage.group_keys
    width = len(request.free_basis)
    if stage.unit is None:
        free = [mul(request.weight, basis) for basis in request.free_basis]
        values: Sequence[exp.Expression] = free
        source: exp.Expression = table(name)
    else:
        values = [col(f_name(j)) for j in range(width)]
        source = _free_unit_sums(name, (*keys, stage.unit), request).subquery("f")
    select = [
        *[col(key) for key in keys],
        *[alias(sum_(values[j]), f_name(j)) for j in range(width)],
        *[
            alias(sum_(mul(values[j], values[k])), ff_name(j, k))
            for j in range(width)
            for k in range(j, width)
        ],
    ]
    query = exp.select(*select).from_(source).group_by(*[col(key) for key in keys])
    return engine.query(query).to_pandas()


def _free_unit_sums(name: str, unit_keys: Sequence[str], request: MomentRequest) -> exp.Select:
    sums = [
        alias(sum_(mul(request.weight, basis)), f_name(j)) for j, basis in enumerate(request.free_basis)
    ]
    return (
        exp.select(*[col(key) for key in unit_keys], *sums)
        .from_(table(name))
        .group_by(*[col(key) for key in unit_keys])
    )


def _unit_output(unit_keys: Sequence[str], by: Sequence[str], request: MomentRequest, first: bool) -> list[str]:
    names = [*unit_keys, GID, *by, *[d_name(i) for i in range(len(request.domain_basis))]]
    if first:
        names += [p_name(i) for i in range(len(request.plain))]
        names += [c_name(i) for i in range(len(request.counts))]
    return names


def _plain_and_counts(request: MomentRequest) -> list[exp.Expression]:
    return [
        *[alias(sum_(value), p_name(i)) for i, value in enumerate(request.plain)],
        *[alias(count(value), c_name(i)) for i, value in enumerate(request.counts)],
    ]


def _domain_columns(by: Sequence[str]) -> list[exp.Expression]:
    if not by:
        return [alias(exp.Literal.number(0), GID)]
    # A bit per by-column, set where the column is rolled up in the grouping set.
    bits: exp.Expression = exp.Literal.number(0)
    for position, column in enumerate(by):
        bits = exp.Add(this=bits, expression=mul(grouping(column), exp.Literal.number(1 << position)))
    return [alias(bits, GID), *[col(column) for column in by]]


def _grouped(query: exp.Select, keys: Sequence[str], request: MomentRequest) -> exp.Select:
    if not request.by_columns:
        return query.group_by(*[col(key) for key in keys])
    query.set("group", group_by_sets(keys, request.breakdowns))
    return query


def rolled_up(breakdown: Sequence[str], by: Sequence[str]) -> int:
    """The grouping id of a breakdown: the bits of the by-columns it rolls up."""
    return sum(1 << position for position, column in enumerate(by) if column not in breakdown)
