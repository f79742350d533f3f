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
    GAP = "gap"


class Measure(StrEnum):
    """How a gap between two groups' means is expressed."""

    DIFFERENCE = "difference"
    RATIO = "ratio"


@dataclass(frozen=True)
class Target:
    """One output variable (and level): indices into the request's basis and counts.

    ``population`` is the basis whose weighted sum is the domain's estimated population (the
    rows that count for this variable), which the design effect needs. A gap compares the mean
    ``numerator/denominator`` of a first group with ``second`` (numerator, denominator) of a
    second group, as a difference or a ratio (``measure``).
    """

    kind: Kind
    variable: str
    level: object
    numerator: int
    denominator: int
    population: int
    count: int
    nobs: int
    second: tuple[int, int] | None = None
    measure: Measure | None = None

    def bases(self) -> tuple[int, ...]:
        """The bases whose sums the estimate and its influence are made of."""
        if self.kind is Kind.TOTAL:
            return (self.numerator,)
        return (self.numerator, self.denominator, *(self.second or ()))

    def row_products(self) -> tuple[tuple[int, int], ...]:
        """Pairs of bases whose weighted row products the design effect needs."""
        if self.kind is Kind.GAP:
            return ()
        if self.kind is Kind.RATIO:
            y, x = self.numerator, self.denominator
            return ((y, y), (min(x, y), max(x, y)), (x, x))
        return ((self.numerator, self.numerator),)


@dataclass
class TargetBuilder:
    """Collects basis expressions (deduplicated by their SQL) and the targets that use them.

    A basis known to take only the values 0, 1 or NULL is *binary*, so that ``b·b = b`` and
    sums of squares need no column of their own; the constant basis 1 is kept apart likewise.
    """

    weight: exp.Expr
    basis: list[exp.Expr] = field(default_factory=list)
    binary: set[int] = field(default_factory=set)
    ones: set[int] = field(default_factory=set)
    counts: list[exp.Expr] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    _index: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(
        self,
        kind: Kind,
        variable: str,
        value: exp.Expr,
        base: exp.Expr,
        level: object = None,
        binary: bool = False,
        population: exp.Expr | None = None,
    ) -> None:
        """Add a target whose numerator basis is ``value`` and denominator basis is ``base``.

        ``binary`` says ``value`` takes only 0, 1 or NULL; ``base`` is binary except for ratios,
        whose ``population`` (1 where both variables are present) must then be given.
        """
        numerator = self._basis(value, binary)
        denominator = self._basis(base, kind is not Kind.RATIO)
        counted = base if population is None else population
        population_index = self._basis(counted, True)
        counted = counted if not _is_one(counted) else lit(1)
        count_index = self._store(self.counts, "c", counted)
        positive = self._store(
            self.counts, "c", when(exp.NEQ(this=self.weight, expression=lit(0)), counted)
        )
        self.targets.append(
            Target(
                kind,
                variable,
                level,
                numerator,
                denominator,
                population_index,
                count_index,
                positive,
            )
        )

    def add_gap(
        self,
        variable: str,
        first: tuple[exp.Expr, exp.Expr],
        second: tuple[exp.Expr, exp.Expr],
        counted: exp.Expr,
        binary: bool,
    ) -> None:
        """Add the difference and the ratio of two groups' means, each group given as
        (values in the group, 1 where the row counts in the group)."""
        first_ids = (self._basis(first[0], binary), self._basis(first[1], True))
        second_ids = (self._basis(second[0], binary), self._basis(second[1], True))
        count_index = self._store(self.counts, "c", counted)
        positive = self._store(
            self.counts, "c", when(exp.NEQ(this=self.weight, expression=lit(0)), counted)
        )
        for measure in Measure:
            self.targets.append(
                Target(
                    Kind.GAP,
                    variable,
                    None,
                    *first_ids,
                    population=first_ids[1],
                    count=count_index,
                    nobs=positive,
                    second=second_ids,
                    measure=measure,
                )
            )

    def row_count(self) -> int:
        """Index of the count of all rows (per domain)."""
        return self._store(self.counts, "c", lit(1))

    def row_products(self) -> tuple[tuple[int, int], ...]:
        """Pairs of bases whose weighted row products are needed per domain."""
        return tuple(sorted({pair for t in self.targets for pair in t.row_products()}))

    def pairs(self) -> tuple[tuple[int, int], ...]:
        """Cross-products of the basis that the targets' variances need."""
        needed: set[tuple[int, int]] = set()
        for target in self.targets:
            ids = sorted(set(target.bases()))
            for i, a in enumerate(ids):
                for b in ids[i:]:
                    needed.add((a, b))
        return tuple(sorted(needed))

    def _basis(self, expression: exp.Expr, binary: bool) -> int:
        index = self._store(self.basis, "b", expression)
        if binary:
            self.binary.add(index)
        if _is_one(expression):
            self.ones.add(index)
        return index

    def _store(self, into: list[exp.Expr], kind: str, expression: exp.Expr) -> int:
        key = (kind, expression.sql())
        if key not in self._index:
            self._index[key] = len(into)
            into.append(expression)
        return self._index[key]


def _is_one(expression: exp.Expr) -> bool:
    return isinstance(expression, exp.Literal) and expression.this in ("1", "1.0")


def value_of(name: str, keep: exp.Expr | None = None, exact: bool = False) -> exp.Expr:
    """The numeric value of a column as DOUBLE (as it is when ``exact``: 0/1 integers, whose
    sums stay exact and fast); NULL unless ``keep`` holds (joint missingness)."""
    value = col(name) if exact else double(col(name))
    return value if keep is None else when(keep, value)


def presence(name: str, keep: exp.Expr | None = None) -> exp.Expr:
    """1.0 where the column has a value (and ``keep`` holds), NULL elsewhere."""
    condition = is_not_null(col(name))
    if keep is not None:
        condition = exp.And(this=condition, expression=keep)
    return when(condition, lit(1.0))


def indicator(name: str, level: object) -> exp.Expr:
    """1.0 where the column equals ``level``, 0.0 where it has another value, NULL where missing."""
    column = col(name)
    return exp.Case(
        ifs=[
            exp.If(this=exp.Is(this=column, expression=exp.Null()), true=exp.Null()),
            exp.If(this=exp.EQ(this=column, expression=lit(level)), true=lit(1.0)),  # type: ignore[arg-type]
        ],
        default=lit(0.0),
    )
