"""Small builders for sqlglot expressions: identifiers are always quoted, values always literals.

Column names in survey files contain dots and spaces (``sch.wide``, ``persons employed``), so
every identifier goes through :func:`col`; nothing is ever pasted into SQL text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlglot import exp


def col(name: str) -> exp.Column:
    """A quoted column reference."""
    return exp.column(name, quoted=True)


def table(name: str) -> exp.Table:
    """A quoted table reference."""
    return exp.Table(this=exp.to_identifier(name, quoted=True))


def lit(value: float | int | str | bool | None) -> exp.Expr:
    """A literal value."""
    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int | float):
        return exp.Literal.number(repr(float(value)) if isinstance(value, float) else value)
    return exp.Literal.string(value)


def double(expression: exp.Expr) -> exp.Expr:
    """``CAST(expression AS DOUBLE)``."""
    return exp.Cast(this=expression, to=exp.DataType.build("DOUBLE"))


def text(expression: exp.Expr) -> exp.Expr:
    """``CAST(expression AS VARCHAR)`` (STRING on Spark, through the dialect)."""
    return exp.Cast(this=expression, to=exp.DataType.build("VARCHAR"))


def alias(expression: exp.Expr, name: str) -> exp.Expr:
    """``expression AS "name"``."""
    return exp.alias_(expression, name, quoted=True)


def mul(*factors: exp.Expr) -> exp.Expr:
    """The product of the factors (a single factor is returned as it is)."""
    result = factors[0]
    for factor in factors[1:]:
        result = exp.Mul(this=_wrap(result), expression=_wrap(factor))
    return result


def total(expression: exp.Expr) -> exp.Expr:
    """``CAST(COALESCE(SUM(expression), 0) AS DOUBLE)``: the sum, 0 when every value is NULL
    (as a DOUBLE, also when it sums integers)."""
    return double(exp.Coalesce(this=exp.Sum(this=expression), expressions=[lit(0)]))


def count(expression: exp.Expr | None = None) -> exp.Expr:
    """``COUNT(expression)`` or ``COUNT(*)``."""
    return exp.Count(this=expression if expression is not None else exp.Star())


def when(condition: exp.Expr, then: exp.Expr) -> exp.Expr:
    """``CASE WHEN condition THEN then END`` (NULL otherwise)."""
    return exp.Case(ifs=[exp.If(this=condition, true=then)])


def is_not_null(expression: exp.Expr) -> exp.Expr:
    """``expression IS NOT NULL``."""
    return exp.Not(this=exp.Is(this=expression, expression=exp.Null()))


def all_of(conditions: Sequence[exp.Expr]) -> exp.Expr:
    """The conjunction of the conditions."""
    result = conditions[0]
    for condition in conditions[1:]:
        result = exp.And(this=result, expression=condition)
    return result


def grouping(name: str) -> exp.Expr:
    """``GROUPING(column)``: 1 where the column is rolled up in a grouping set."""
    return exp.Anonymous(this="GROUPING", expressions=[col(name)])


def group_by_sets(keys: Sequence[str], sets: Iterable[Sequence[str]]) -> exp.Group:
    """``GROUP BY GROUPING SETS ((keys, set1), (keys, set2), ...)``."""
    tuples = [exp.Tuple(expressions=[col(name) for name in (*keys, *one)]) for one in sets]
    return exp.Group(expressions=[exp.GroupingSets(expressions=tuples)])


def _wrap(expression: exp.Expr) -> exp.Expr:
    if isinstance(expression, exp.Column | exp.Literal | exp.Paren | exp.Cast | exp.Func):
        return expression
    return exp.Paren(this=expression)
