"""Known answers from the cell-suppression literature, reproduced through the public API."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from destat.disclosure import (
    ConfStatus,
    Dimension,
    DisclosureAuditError,
    PrimaryRules,
    ProtectionLevels,
    SecondaryMethod,
    TableColumns,
    audit_tables,
    protect_tables,
)
from destat.errors import DestatError

TwoWay = Callable[..., pd.DataFrame]
DIMENSIONS = [Dimension("row"), Dimension("col")]

# 4 x 4 table, rows w..z, columns a..d; margins: rows w 230, x 250, y 336, z 3127;
# columns a 1012, b 1262, c 779, d 890; grand total 3943.
FOUR_BY_FOUR = [[30, 47, 64, 89], [90, 124, 5, 31], [92, 100, 59, 85], [800, 991, 651, 685]]
PRIMARY_4X4 = {("w", "a"), ("w", "b"), ("w", "c"), ("x", "a"), ("x", "c")}
PRIMARY_4X4 |= {("y", "b"), ("y", "d"), ("z", "b"), ("z", "d")}

# 4 x 2 table, rows A..D by sex; A x female (137) is the sensitive cell.
FOUR_BY_TWO = [[895, 137], [753, 973], [569, 486], [540, 793]]


def _with_status(frame: pd.DataFrame, hidden: set[tuple[str, str]]) -> pd.DataFrame:
    keys = zip(frame["row"], frame["col"], strict=True)
    frame["CONF_STATUS"] = ["C" if key in hidden else "F" for key in keys]
    return frame


def test_four_by_four_primaries_alone_disclose_w_b_exactly(two_way: TwoWay) -> None:
    table = _with_status(two_way(FOUR_BY_FOUR, "wxyz", "abcd"), PRIMARY_4X4)
    # Published: column d total 890 with w.d 89, x.d 31 -> y.d + z.d = 770;
    # row y: y.b + y.d = 336 - 92 - 59 = 185; row z: z.b + z.d = 3127 - 800 - 651 = 1676;
    # so y.b + z.b = 185 + 1676 - 770 = 1091, and column b: w.b = 1262 - 124 - 1091 = 47.
    with pytest.raises(DisclosureAuditError) as caught:
        audit_tables(table, DIMENSIONS)
    assert isinstance(caught.value, DestatError)
    exposed = {cell.key: (cell.lower, cell.upper) for cell in caught.value.exposed}
    assert exposed[("w", "b")] == pytest.approx((47.0, 47.0))
    assert "cell (w, b) = 47" in str(caught.value)


def test_four_by_four_one_more_suppression_widens_w_b_to_0_141(two_way: TwoWay) -> None:
    table = _with_status(two_way(FOUR_BY_FOUR, "wxyz", "abcd"), PRIMARY_4X4 | {("x", "b")})
    # Now w.b + x.b = 1262 - 1091 = 171. Row w without w.d: w.a + w.b + w.c = 141, so
    # w.b <= 141 (reached with w.a = w.c = 0, x.b = 30, x.a = 120, x.c = 69: row x sums to
    # 219 = 250 - 31). w.b = 0 is reached with x.b = 171, w.a = 120, x.a = 0, w.c = 21,
    # x.c = 48. Hence [0, 141].
    report = audit_tables(table, DIMENSIONS, raise_on_failure=False)
    intervals = {cell.key: (cell.lower, cell.upper) for cell in report.intervals}
    assert intervals[("w", "b")] == pytest.approx((0.0, 141.0))
    assert len(report.intervals) == 10


def _four_by_two_primary(two_way: TwoWay) -> pd.DataFrame:
    table = two_way(FOUR_BY_TWO, "ABCD", ["male", "female"])
    table["sensitive"] = (table["row"] == "A") & (table["col"] == "female")
    return table


def test_four_by_two_optimal_suppression_is_a_male_c_male_c_female(two_way: TwoWay) -> None:
    # A.female = 137 needs +/-20 % = 27.4. Another cell of row A and of column female must go:
    # the cheapest rectangle through A.male (895) is with row C (569 + 486 = 1055) rather than
    # B (753 + 973) or D (540 + 793); any pattern using a margin costs at least 1032 + 2389.
    # Optimal cost 895 + 569 + 486 = 1950.
    result = protect_tables(
        _four_by_two_primary(two_way),
        DIMENSIONS,
        columns=TableColumns(forced_primary="sensitive"),
        rules=PrimaryRules(minimum_frequency=None),
        protection=ProtectionLevels(fraction=0.2),
        method=SecondaryMethod.OPTIMAL,
    )
    table = result.table
    status = dict(
        zip(zip(table["row"], table["col"], strict=True), table["CONF_STATUS"], strict=True)
    )
    assert {key for key, code in status.items() if code == "D"} == {
        ("A", "male"),
        ("C", "male"),
        ("C", "female"),
    }
    assert status[("A", "female")] == ConfStatus.PRIMARY.value == "C"
    assert result.cost == pytest.approx(1950.0)
    # A.female moves with -A.male, +C.male, -C.female: down to 0 (itself), up by
    # min(895, 486) = 486 -> [0, 623].
    interval = {c.key: (c.lower, c.upper) for c in result.audit.intervals}[("A", "female")]
    assert interval == pytest.approx((0.0, 623.0))
    assert result.audit.passed


def test_four_by_two_heuristic_also_protects(two_way: TwoWay) -> None:
    result = protect_tables(
        _four_by_two_primary(two_way),
        DIMENSIONS,
        columns=TableColumns(forced_primary="sensitive"),
        rules=PrimaryRules(minimum_frequency=None),
        protection=ProtectionLevels(fraction=0.2),
        method=SecondaryMethod.HEURISTIC,
    )
    assert result.audit.passed
    # No pattern is cheaper than the optimum of 1950.
    assert result.cost >= 1950.0
