"""The tidy-table API: rules on contributors, flags, published output, costs, audit report."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from destat.disclosure import (
    CostFunction,
    Dimension,
    Dominance,
    PrimaryRules,
    ProtectionLevels,
    SecondaryMethod,
    TableColumns,
    TableStructureError,
    protect_tables,
)

TwoWay = Callable[..., pd.DataFrame]
DIMENSIONS = [Dimension("row"), Dimension("col")]
FOUR_BY_TWO = [[895, 137], [753, 973], [569, 486], [540, 793]]


def _status(result_table: pd.DataFrame) -> dict[tuple[str, str], str]:
    keys = zip(result_table["row"], result_table["col"], strict=True)
    return dict(zip(keys, result_table["CONF_STATUS"], strict=True))


def _a_female_sensitive(two_way: TwoWay) -> pd.DataFrame:
    table = two_way(FOUR_BY_TWO, "ABCD", ["male", "female"])
    table.loc[(table["row"] == "A") & (table["col"] == "female"), "contributors"] = 2
    return table


def test_frequency_rule_flags_and_obs_status_pass_through(two_way: TwoWay) -> None:
    table = _a_female_sensitive(two_way)
    table["OBS_STATUS"] = np.where(table["row"] == "D", "E", "A")  # D estimated, say
    before = table.copy()
    result = protect_tables(table, DIMENSIONS, protection=ProtectionLevels(0.2))
    pd.testing.assert_frame_equal(table, before)  # the input is not touched
    status = _status(result.table)
    assert status[("A", "female")] == "C"  # 2 contributors < 3
    assert sorted(code for code in status.values()) == ["C"] + ["D"] * 3 + ["F"] * 11
    assert result.table["OBS_STATUS"].tolist() == before["OBS_STATUS"].tolist()


def test_obs_status_defaults_to_normal_value(two_way: TwoWay) -> None:
    result = protect_tables(_a_female_sensitive(two_way), DIMENSIONS)
    assert set(result.table["OBS_STATUS"]) == {"A"}


def test_published_tables_blank_hidden_values_and_drop_contributors(two_way: TwoWay) -> None:
    result = protect_tables(
        _a_female_sensitive(two_way), DIMENSIONS, protection=ProtectionLevels(0.2)
    )
    (published,) = result.published()
    assert "contributors" not in published.columns
    hidden = published["CONF_STATUS"] != "F"
    assert published.loc[hidden, "value"].isna().all()
    assert published.loc[~hidden, "value"].notna().all()
    assert (
        published.loc[(published["row"] == "B") & (published["col"] == "male"), "value"].item()
        == 753
    )


def test_unit_cost_hides_fewest_cells_and_log_cost_keeps_value_optimum(two_way: TwoWay) -> None:
    table = _a_female_sensitive(two_way)
    unit = protect_tables(
        table, DIMENSIONS, protection=ProtectionLevels(0.2), cost=CostFunction.UNIT
    )
    # Any protecting pattern needs >= 3 more cells (one more in row A, one more in column
    # female, and one closing the rectangle or the margins); several have exactly 3.
    assert unit.cost == 3.0
    assert list(_status(unit.table).values()).count("D") == 3
    logged = protect_tables(
        table, DIMENSIONS, protection=ProtectionLevels(0.2), cost=CostFunction.LOG
    )
    # log(1 + v): A.male + C.male + C.female = 6.798 + 6.347 + 6.190 = 19.33 beats row D
    # (6.798 + 6.295 + 6.678) and the margins A_T, female_T, grand total (23.27).
    hidden = {key for key, code in _status(logged.table).items() if code == "D"}
    assert hidden == {("A", "male"), ("C", "male"), ("C", "female")}
    assert logged.cost == pytest.approx(math.log(896) + math.log(570) + math.log(487))


def test_dominance_on_contributions_with_margins() -> None:
    # One region breakdown of turnover; each row lists the unweighted contributions.
    table = pd.DataFrame(
        {
            "region": ["_T", "north", "south", "east"],
            "value": [400.0, 100.0, 120.0, 180.0],
            "contributors": [9, 3, 3, 3],
            "contributions": [
                [80, 10, 10, 100, 10, 10, 60, 60, 60],
                [80, 10, 10],  # top 2 = 90 % of 100: on the (2, 90) boundary
                [100, 10, 10],  # top 2 = 110 / 120 = 91.7 % > 90 %
                [60, 60, 60],  # 66.7 %
            ],
        }
    )
    columns = TableColumns(contributions="contributions")
    rules = PrimaryRules(dominance=Dominance(n=2, k=90))
    result = protect_tables(table, [Dimension("region")], columns=columns, rules=rules)
    status = dict(zip(result.table["region"], result.table["CONF_STATUS"], strict=True))
    # south is primary; its cheapest partner under _T = north + south + east is north (100).
    assert status == {"_T": "F", "north": "D", "south": "C", "east": "F"}
    assert result.cost == 100.0


def test_audit_report_frame_lists_every_hidden_cell(two_way: TwoWay) -> None:
    result = protect_tables(
        _a_female_sensitive(two_way), DIMENSIONS, protection=ProtectionLevels(0.2)
    )
    frame = result.audit.to_frame()
    assert list(frame.columns) == [
        "row",
        "col",
        "value",
        "CONF_STATUS",
        "lower",
        "upper",
        "required_lower",
        "required_upper",
        "protected",
    ]
    assert len(frame) == 4
    assert frame["protected"].all()
    a_female = frame[(frame["row"] == "A") & (frame["col"] == "female")].iloc[0]
    # 137 +/- 20 % = [109.6, 164.4] required; found [0, 623] (see the literature test).
    assert (a_female["required_lower"], a_female["required_upper"]) == pytest.approx((109.6, 164.4))
    assert (a_female["lower"], a_female["upper"]) == pytest.approx((0.0, 623.0))


def test_heuristic_method_is_reported(two_way: TwoWay) -> None:
    result = protect_tables(
        _a_female_sensitive(two_way), DIMENSIONS, method=SecondaryMethod.HEURISTIC
    )
    assert result.method is SecondaryMethod.HEURISTIC
    assert result.audit.passed


def test_missing_contributor_count_is_reported_with_its_cell(two_way: TwoWay) -> None:
    table = _a_female_sensitive(two_way).astype({"contributors": float})
    table.loc[(table["row"] == "B") & (table["col"] == "male"), "contributors"] = float("nan")
    with pytest.raises(TableStructureError, match=r"'contributors' of cell \('B', 'male'\)"):
        protect_tables(table, DIMENSIONS)


def test_table_without_sensitive_cells_is_published_whole(two_way: TwoWay) -> None:
    for method in SecondaryMethod:
        result = protect_tables(
            two_way(FOUR_BY_TWO, "ABCD", ["male", "female"]), DIMENSIONS, method=method
        )
        assert set(result.table["CONF_STATUS"]) == {"F"}
        assert result.audit.intervals == ()
        assert result.cost == 0.0


def test_minimum_protection_covers_sensitive_zeros() -> None:
    # One enterprise reported zero turnover in "a". 10 % of 0 asks for nothing, so without
    # a minimum the cell is hidden but the total minus b and c gives it away (interval [0, 0]).
    table = pd.DataFrame(
        {
            "code": ["_T", "a", "b", "c"],
            "value": [50.0, 0.0, 20.0, 30.0],
            "contributors": [9, 1, 3, 5],
        }
    )
    bare = protect_tables(table, [Dimension("code")])
    assert bare.table["CONF_STATUS"].tolist() == ["F", "C", "F", "F"]
    assert [(c.lower, c.upper) for c in bare.audit.intervals] == [(0.0, 0.0)]
    # With a minimum of 5 it must be able to rise to 5: b (20) is its cheapest partner, and
    # a + b = 20 is then all an attacker knows.
    floored = protect_tables(table, [Dimension("code")], protection=ProtectionLevels(minimum=5))
    assert floored.table["CONF_STATUS"].tolist() == ["F", "C", "D", "F"]
    assert [(c.lower, c.upper) for c in floored.audit.intervals] == [(0.0, 20.0), (0.0, 20.0)]


def test_reasons_name_the_rule_of_each_primary_cell(two_way: TwoWay) -> None:
    result = protect_tables(_a_female_sensitive(two_way), DIMENSIONS)
    reasons = dict(zip(_status(result.table), result.reasons[0], strict=True))
    assert reasons[("A", "female")] == ("frequency",)
    assert {r for key, r in reasons.items() if key != ("A", "female")} == {()}


def test_without_audit_the_report_lists_no_cell_and_the_pattern_is_the_same(
    two_way: TwoWay,
) -> None:
    audited = protect_tables(_a_female_sensitive(two_way), DIMENSIONS)
    unaudited = protect_tables(_a_female_sensitive(two_way), DIMENSIONS, audit=False)
    assert unaudited.audit.intervals == ()
    assert len(audited.audit.intervals) == 4  # A·female and its three partners
    pd.testing.assert_frame_equal(audited.table, unaudited.table)
