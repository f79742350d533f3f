"""Linked tables: cells shared between tables, hierarchies, and the checks on their structure."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from destat.disclosure import (
    Dimension,
    ProtectionLevels,
    SecondaryMethod,
    TableColumns,
    TableStructureError,
    UnprotectableCellError,
    build_linked_tables,
    protect_tables,
)

SIZES, INDUSTRIES, REGIONS = ["small", "large"], ["I1", "I2", "I3"], ["north", "south"]
LINKED_DIMENSIONS = [Dimension("size"), Dimension("industry"), Dimension("region")]

# Turnover by size x industry x region (the microdata aggregate both tables come from).
CUBE = np.array(
    [
        [[120.0, 80.0], [300.0, 260.0], [40.0, 55.0]],  # small
        [[900.0, 15.0], [700.0, 650.0], [210.0, 330.0]],  # large
    ]
)


def _margined(cube: np.ndarray, names: list[str], codes: list[list[str]]) -> pd.DataFrame:
    """A 2-D slice of the cube with every margin, as a tidy table."""
    records = []
    for i, j in itertools.product(range(len(codes[0]) + 1), range(len(codes[1]) + 1)):
        rows = slice(None) if i == len(codes[0]) else i
        cols = slice(None) if j == len(codes[1]) else j
        records.append(
            {
                names[0]: "_T" if i == len(codes[0]) else codes[0][i],
                names[1]: "_T" if j == len(codes[1]) else codes[1][j],
                "value": float(np.sum(cube[rows, cols])),
            }
        )
    return pd.DataFrame.from_records(records)


def _linked_tables(contributors: dict[tuple[str, ...], int]) -> list[pd.DataFrame]:
    by_size = _margined(CUBE.sum(axis=2), ["size", "industry"], [SIZES, INDUSTRIES])
    by_region = _margined(CUBE.sum(axis=0), ["industry", "region"], [INDUSTRIES, REGIONS])
    by_size["contributors"] = [
        contributors.get((s, i, "_T"), 10)
        for s, i in zip(by_size["size"], by_size["industry"], strict=True)
    ]
    by_region["contributors"] = [
        contributors.get(("_T", i, r), 10)
        for i, r in zip(by_region["industry"], by_region["region"], strict=True)
    ]
    return [by_size, by_region]


def test_linked_tables_share_cells_and_constraints() -> None:
    linked = build_linked_tables(_linked_tables({}), LINKED_DIMENSIONS, "value")
    # size x industry: 3 x 4 = 12 cells; industry x region: 4 x 3 = 12; the 4 industry
    # totals (size _T, region _T) are in both: 20 distinct cells.
    assert linked.n_cells == 20
    # Table 1: 4 size constraints (one per industry code) + 3 industry constraints (one per
    # size code); table 2: 3 industry constraints + 4 region constraints; the industry
    # constraint at size _T / region _T is the same in both: 7 + 7 - 1 = 13.
    assert linked.constraints.shape == (13, 20)
    shared = linked.frame_cells[0][(_linked_tables({})[0]["size"] == "_T").to_numpy()]
    assert set(shared) <= set(linked.frame_cells[1])


def test_shared_industry_total_is_protected_in_both_tables() -> None:
    # I1 in total has 2 contributors (sensitive). Table 1 splits it by size, table 2 by
    # region: each split must keep a second hidden cell, or it gives the I1 total back.
    frames = _linked_tables({("_T", "I1", "_T"): 2})
    result = protect_tables(frames, LINKED_DIMENSIONS, protection=ProtectionLevels(0.1))
    by_size, by_region = result.tables
    assert result.audit.passed
    i1_by_size = by_size[by_size["industry"] == "I1"].set_index("size")["CONF_STATUS"]
    i1_by_region = by_region[by_region["industry"] == "I1"].set_index("region")["CONF_STATUS"]
    assert i1_by_size["_T"] == i1_by_region["_T"] == "C"
    assert (i1_by_size[SIZES] != "F").any()
    assert (i1_by_region[REGIONS] != "F").any()


def test_hierarchical_subtotals_optimal_pattern() -> None:
    industry = Dimension(
        "industry", children={"_T": ["C", "G"], "C": ["C10", "C11"], "G": ["G46", "G47"]}
    )
    table = pd.DataFrame(
        {
            "industry": ["_T", "C", "G", "C10", "C11", "G46", "G47"],
            "value": [100.0, 45.0, 55.0, 5.0, 40.0, 30.0, 25.0],
            "contributors": [20, 9, 11, 1, 8, 6, 5],
        }
    )
    linked = build_linked_tables([table], [industry], "value")
    assert linked.constraints.shape == (3, 7)  # _T = C + G, C = C10 + C11, G = G46 + G47
    result = protect_tables(table, [industry], method=SecondaryMethod.OPTIMAL)
    status = dict(zip(result.table["industry"], result.table["CONF_STATUS"], strict=True))
    # C10 (1 contributor) needs a partner in C = C10 + C11: C11 (40) is cheaper than
    # C (45, which would then need G at 55 as well).
    assert status == {"_T": "F", "C": "F", "G": "F", "C10": "C", "C11": "D", "G46": "F", "G47": "F"}
    assert result.cost == 40.0


def test_cell_alone_under_its_total_hides_the_total_too() -> None:
    # _T = J62 + J63 with J63 an empty cell left out of the table (a structural zero), so
    # publishing the total would publish J62. The total has 4 contributors (not sensitive
    # itself: the three others reported zero turnover).
    table = pd.DataFrame({"nace": ["_T", "J62"], "value": [70.0, 70.0], "contributors": [4, 1]})
    result = protect_tables(table, [Dimension("nace")])
    assert result.table["CONF_STATUS"].tolist() == ["D", "C"]
    # Nothing published: the attacker knows only that the value is >= 0.
    interval = {c.key: (c.lower, c.upper) for c in result.audit.intervals}[("J62",)]
    assert interval == (0.0, np.inf)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.assign(value=f["value"].where(f["code"] != "_T", 99.0)), "sum of their parts"),
        (lambda f: f[f["code"] != "_T"], "add the margins"),
        (lambda f: pd.concat([f, f.iloc[[0]]]), "same cell"),
        (
            lambda f: f.assign(value=f["value"].where(f["code"] != "a", -1.0)),
            "outside its known bounds",
        ),
        (
            lambda f: f.assign(value=f["value"].astype(object).where(f["code"] != "a", "n/a")),
            "non-numeric",
        ),
    ],
)
def test_structure_errors_say_what_to_fix(
    change: Callable[[pd.DataFrame], pd.DataFrame], message: str
) -> None:
    table = pd.DataFrame({"code": ["_T", "a", "b"], "value": [3.0, 1.0, 2.0]})
    with pytest.raises(TableStructureError, match=message):
        build_linked_tables([change(table)], [Dimension("code")], "value")


def test_hierarchy_errors() -> None:
    table = pd.DataFrame({"code": ["_T", "a", "b", "zz"], "value": [3.0, 1.0, 2.0, 0.0]})
    with pytest.raises(
        TableStructureError, match=r"\['zz'\] are in the tables but not in the hierarchy"
    ):
        build_linked_tables([table], [Dimension("code", children={"_T": ["a", "b"]})], "value")
    with pytest.raises(TableStructureError, match="no code in row 3"):
        build_linked_tables([table.replace({"code": {"b": None}})], [Dimension("code")], "value")
    with pytest.raises(TableStructureError, match="two parents"):
        build_linked_tables(
            [table], [Dimension("code", children={"_T": ["a", "b", "zz"], "a": ["zz"]})], "value"
        )


def test_numeric_codes_match_their_hierarchy() -> None:
    # Codes are compared as text, so integer codes in the data and in the hierarchy match.
    table = pd.DataFrame({"year": [0, 2023, 2024], "value": [3.0, 1.0, 2.0]})
    linked = build_linked_tables(
        [table], [Dimension("year", total="0", children={0: [2023, 2024]})], "value"
    )
    assert linked.constraints.shape == (1, 3)


def test_shared_cells_must_agree() -> None:
    frames = _linked_tables({})
    frames[1].loc[(frames[1]["industry"] == "I2") & (frames[1]["region"] == "_T"), "value"] += 1
    frames[1].loc[(frames[1]["industry"] == "I2") & (frames[1]["region"] == "north"), "value"] += 1
    frames[1].loc[(frames[1]["industry"] == "_T") & (frames[1]["region"] == "north"), "value"] += 1
    frames[1].loc[(frames[1]["industry"] == "_T") & (frames[1]["region"] == "_T"), "value"] += 1
    with pytest.raises(TableStructureError, match="in two tables with different values"):
        build_linked_tables(frames, LINKED_DIMENSIONS, "value")


def test_missing_contributor_column_is_named() -> None:
    table = pd.DataFrame({"code": ["_T", "a", "b"], "value": [3.0, 1.0, 2.0]})
    with pytest.raises(TableStructureError, match="no column 'n_firms'"):
        protect_tables(table, [Dimension("code")], columns=TableColumns(contributors="n_firms"))


def test_known_bounds_can_make_a_cell_unprotectable() -> None:
    # The register tells everyone that a lies in [20, 21]; 10 % protection asks for an
    # interval reaching 18 and 22, which no suppression can give.
    table = pd.DataFrame(
        {
            "code": ["_T", "a", "b"],
            "value": [30.0, 20.0, 10.0],
            "contributors": [9, 1, 8],
            "lo": [0.0, 20.0, 0.0],
            "hi": [np.inf, 21.0, np.inf],
        }
    )
    exposed = r"cell \(a\) = 20: attacker interval \[20, 21\]"
    for method in SecondaryMethod:
        with pytest.raises(UnprotectableCellError, match=exposed):
            protect_tables(
                table,
                [Dimension("code")],
                columns=TableColumns(lower_bound="lo", upper_bound="hi"),
                method=method,
            )


def test_linked_count_tables_of_the_documentation() -> None:
    by_size = pd.DataFrame(
        {
            "size": ["small"] * 4 + ["large"] * 4 + ["_T"] * 4,
            "industry": ["C", "G", "J", "_T"] * 3,
            "value": [14.0, 40.0, 2.0, 56.0, 5.0, 9.0, 0.0, 14.0, 19.0, 49.0, 2.0, 70.0],
        }
    )
    by_region = pd.DataFrame(
        {
            "industry": ["C"] * 3 + ["G"] * 3 + ["J"] * 3 + ["_T"] * 3,
            "region": ["north", "south", "_T"] * 4,
            "value": [11.0, 8.0, 19.0, 30.0, 19.0, 49.0, 2.0, 0.0, 2.0, 43.0, 27.0, 70.0],
        }
    )
    for frame in (by_size, by_region):
        frame["contributors"] = frame["value"].astype(int)
    result = protect_tables([by_size, by_region], LINKED_DIMENSIONS)
    hidden = {(c.key, c.status.value) for c in result.audit.intervals}
    assert hidden == {
        (("small", "J", "_T"), "C"),
        (("_T", "J", "_T"), "C"),
        (("_T", "J", "north"), "C"),
        (("small", "C", "_T"), "D"),
        (("_T", "C", "_T"), "D"),
        (("_T", "C", "north"), "D"),
    }
    # Published: north column 43 - G.north 30 gives C.north + J.north = 13, so J.north (and
    # with J.south = 0 published, J._T, and with large.J = 0, small.J) lies in [0, 13].
    intervals = {c.key: (c.lower, c.upper) for c in result.audit.intervals}
    assert intervals[("_T", "J", "_T")] == pytest.approx((0.0, 13.0))
    # C._T: 70 - 49 = 21 = C._T + J._T, so C._T in [8, 21]; C._T - C.north = C.south = 8.
    assert intervals[("_T", "C", "_T")] == pytest.approx((8.0, 21.0))
    assert result.cost == 14.0 + 19.0 + 11.0
