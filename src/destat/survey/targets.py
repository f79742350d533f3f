"""What an estimate asks of the data: basis columns, and how estimates and influence follow.

Totals, means, proportions and ratios are all functions of domain sums of weighted basis
columns: ``total = S(y)``, ``mean = S(y)/S(1)``, ``ratio = S(y)/S(x)``, a proportion is the mean
of a level's indicator. Their linearised influence (Woodruff 1971; Binder 1983) is a linear
combination of the same basis sums, with coefficients that depend only on the domain's estimates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlglot import exp

from destat.engines.sql import col, double, is_not_null, lit, when


class Kind(StrEnum):
    """The estimator."""

    TOTAL = "total"
    MEAN = "mean"
    PROPORTION = "proportion"
    RATIO = "ratio"


@dataclass(frozen=True)
class Target:
    """One output variable (and level): indices into the request's basis, plain sums and counts."""

    kind: Kind
    variable: str
    level: object
    numerator: int
    denominator: int
    square: int
    count: int
    nobs: int


@dataclass
class TargetBuilder:
    """Collects basis expressions (deduplicated by their SQL) and the targets that use them."""

    weight: exp.Expression
    basis: list[exp.Expression] = field(default_factory=list)
    plain: list[exp.Expression] = field(default_factory=list)
    counts: list[exp.Expression] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    _index: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, kind: Kind, variable: str, value: exp.Expression, base: exp.Expression, level: object = None) -> None:
        """Add a target whose numerator basis is ``value`` and denominator basis is ``base``."""
        numerator = self._basis(value)
        denominator = self._basis(base)
        square = self._store(self.plain, "p", exp.Mul(this=self.weight, expression=exp.Mul(this=value, expression=value)))
        counted = self._store(self.counts, "c", value)
        positive = self._store(self.counts, "c", when(exp.NEQ(this=self.weight, expression=lit(0)), value))
        self.targets.append(Target(kind, variable, level, numerator, denominator, square, counted, positive))

    def row_count(self) -> int:
        """Index of the count of all rows (per domain)."""
        return self._store(self.counts, "c", lit(1))

    def _basis(self, expression: exp.Expression) -> int:
        return self._store(self.basis, "b", expression)

    def _store(self, into: list[exp.Expression], kind: str, expression: exp.Expression) -> int:
        key = (kind, expression.sql())
        if key not in self._index:
            self._index[key] = len(into)
            into.append(expression)
        return self._index[key]

    def pairs(self) -> tuple[tuple[int, int], ...]:
        """Cross-products of the basis that the targets' variances need."""
        needed: set[tuple[int, int]] = set()
        for target in self.targets:
            ids = sorted({target.numerator, target.denominator} if target.kind is not Kind.TOTAL else {target.numerator})
            for i, a in enumerate(ids):
                for b in ids[i:]:
                    needed.add((a, b))
        return tuple(sorted(needed))


def value_of(name: str, keep: exp.Expression | None = None) -> exp.Expression:
    """The numeric value of a column as DOUBLE; NULL unless ``keep`` holds (for joint missingness)."""
    value = double(col(name))
    return value if keep is None else when(keep, value)


def presence(name: str, keep: exp.Expression | None = None) -> exp.Expression:
    """1.0 where the column has a value (and ``keep`` holds), NULL elsewhere."""
    condition = is_not_null(col(name))
    if keep is not None:
        condition = exp.And(this=condition, expression=keep)
    return when(condition, lit(1.0))


def indicator(name: str, level: object) -> exp.Expression:
    """1.0 where the column equals ``level``, 0.0 where it has another value, NULL where missing."""
    column = col(name)
    return exp.Case(
        ifs=[
            exp.If(this=exp.Is(this=column, expression=exp.Null()), true=exp.Null()),
            exp.If(this=exp.EQ(this=column, expression=lit(level)), true=lit(1.0)),  # type: ignore[arg-type]
        ],
        default=lit(0.0),
    )
