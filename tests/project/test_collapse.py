"""The neighbour rule of collapsing: same size class and nearest industry in ISIC order (its
section first, the next before the previous), else the same industry in the nearest size class;
margin levels merge with their nearest level."""

from __future__ import annotations

import pandas as pd
import pytest

from destat.errors import CalibrationError
from destat.project.collapse import collapse_margin, collapse_strata


def _strata(*cells: tuple[str, str, int]) -> pd.DataFrame:
    frame = pd.DataFrame(cells, columns=["size_class", "industry", "population"])
    return frame.set_axis([f"{s}_{i}" for s, i, _ in cells])


def test_a_stratum_goes_to_the_nearest_industry_of_its_size_class() -> None:
    strata = _strata(
        ("10-49", "D35-E39", 4),
        ("10-49", "F41-F43", 1),  # empty: D35-E39 and G45 are both one step away -> the next
        ("10-49", "G45", 6),
        ("10-49", "G46", 5),
        ("10-49", "G47", 1),  # empty: G46 (same section, one step) before H49-H53
        ("10-49", "H49-H53", 3),
        ("50-249", "C10-C12", 2),  # empty, and the only stratum of its size class
        ("GE250", "C10-C12", 1),
        ("10-49", "C10-C12", 9),
    )
    answered = {"10-49_D35-E39", "10-49_G45", "10-49_G46", "10-49_H49-H53", "10-49_C10-C12"}
    answered |= {"GE250_C10-C12"}
    merged, collapses = collapse_strata(strata, answered, "collapse")
    assert merged == {
        "10-49_F41-F43": "10-49_G45",
        "10-49_G47": "10-49_G46",
        # No other 50-249 stratum: C10-C12 in the nearest size class, the larger first.
        "50-249_C10-C12": "GE250_C10-C12",
    }
    assert [c.population for c in collapses] == [1.0, 1.0, 2.0]


def test_margin_levels_merge_into_one_named_level() -> None:
    counts = {"L68": 3, "M69-M74": 10, "N77-N82": 8, "S951": 2}
    found = pd.Series(["M69-M74", "N77-N82", "N77-N82"])
    levels, merged, collapses = collapse_margin("industry", counts, found, "collapse")
    # L68 (section L) has no neighbour of its section: the next, M69-M74; S951 the previous.
    assert merged == {"L68+M69-M74": 13.0, "N77-N82+S951": 10.0}
    assert levels == {"M69-M74": "L68+M69-M74", "N77-N82": "N77-N82+S951"}
    assert [(c.cell, c.into) for c in collapses] == [
        ("L68", "L68+M69-M74"),
        ("S951", "N77-N82+S951"),
    ]


def test_stop_names_the_empty_level() -> None:
    with pytest.raises(CalibrationError, match=r"size_class in \['GE250'\]"):
        collapse_margin("size_class", {"10-49": 5, "GE250": 1}, pd.Series(["10-49"]), "stop")
