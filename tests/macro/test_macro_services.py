"""ICT services and digitally deliverable services (EBOPS 2010), and the survey route."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from destat.macro.errors import MacroInputError
from destat.macro.sdmx_input import read_data
from destat.macro.services import digitally_delivered_exports, service_groups, services_shares

# ref_area, year, flow, ebops, value (million US$)
BOP = [
    ("CR", "2022", "X", "S", 10000.0),
    ("CR", "2022", "X", "SC", 1500.0),
    ("CR", "2022", "X", "SD", 4000.0),
    ("CR", "2022", "X", "SF", 100.0),
    ("CR", "2022", "X", "SG", 300.0),
    ("CR", "2022", "X", "SH", 50.0),
    ("CR", "2022", "X", "SI", 2500.0),
    ("CR", "2022", "X", "SI1", 200.0),  # part of SI: must not be counted again
    ("CR", "2022", "X", "SJ", 1400.0),
    ("CR", "2022", "X", "SK.1", 30.0),  # written with a dot, as in EBOPS 2010 tables
    ("CR", "2022", "M", "S", 5000.0),
    ("CR", "2022", "M", "SF", 200.0),
    ("CR", "2022", "M", "SG", 100.0),
    ("CR", "2022", "M", "SH", 300.0),
    ("CR", "2022", "M", "SI", 600.0),
    ("CR", "2022", "M", "SJ", 900.0),  # no SK1 for imports
]


def _bop(rows: list[tuple[str, ...]] | None = None) -> pd.DataFrame:
    return pd.DataFrame(rows or BOP, columns=["ref_area", "year", "flow", "ebops", "value"])


def _row(result: pd.DataFrame, flow: str, part: str) -> pd.Series:
    return result[(result["flow"] == flow) & (result["part"] == part)].iloc[0]


def test_definitions_match_unctad_lists() -> None:
    groups = service_groups()
    assert groups["ICT_SERVICES"].items == ("SI",)
    assert groups["DIGITALLY_DELIVERABLE"].items == ("SF", "SG", "SH", "SI", "SJ", "SK1")


def test_shares_by_hand() -> None:
    result = services_shares(_bop())
    # Exports: ICT services = SI = 2500 of 10000 -> 25 %.
    assert _row(result, "X", "ICT_SERVICES")["value_pct"] == pytest.approx(25.0)
    # Digitally deliverable = SF + SG + SH + SI + SJ + SK1 = 100+300+50+2500+1400+30 = 4380.
    exports = _row(result, "X", "DIGITALLY_DELIVERABLE")
    assert (exports["numerator"], exports["value_pct"]) == (4380.0, pytest.approx(43.8))
    # Imports: ICT 600 / 5000 = 12 %; SK1 missing, so no digitally deliverable share.
    assert _row(result, "M", "ICT_SERVICES")["value_pct"] == pytest.approx(12.0)
    imports = _row(result, "M", "DIGITALLY_DELIVERABLE")
    assert math.isnan(imports["value_pct"])
    assert imports["missing_items"] == "SK1"


def test_total_services_row_required() -> None:
    with pytest.raises(MacroInputError, match="no total services row"):
        services_shares(_bop([("CR", "2022", "X", "SI", 1.0)]))


def test_unknown_item_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bop.csv"
    path.write_text("ref_area,year,flow,ebops,value\nCR,2022,X,S,10\nCR,2022,X,SX,1\n", "utf-8")
    with pytest.raises(MacroInputError, match=r"bop.csv, line 3, column ebops: 'SX' is not"):
        services_shares(read_data(path))


# The survey route: shares of each export delivered over ICT networks, from an exporters' survey.
EXPORTS = [
    ("CR", "2022", "S", 10000.0),
    ("CR", "2022", "SD", 4000.0),
    ("CR", "2022", "SI", 2500.0),
    ("CR", "2022", "SJ", 1400.0),
]
SHARES = pd.DataFrame({"ebops": ["SI", "SJ"], "share_ict_delivered": [0.9, 0.5]})


def _exports() -> pd.DataFrame:
    return pd.DataFrame(EXPORTS, columns=["ref_area", "year", "ebops", "value"])


def test_survey_route_by_hand() -> None:
    result = digitally_delivered_exports(_exports(), SHARES).set_index("item")
    # SI: 0.9 × 2500 = 2250; SJ: 0.5 × 1400 = 700; total 2950 of 10000 services exports.
    assert result.loc["SI", "delivered"] == pytest.approx(2250.0)
    assert result.loc["SJ", "delivered"] == pytest.approx(700.0)
    assert result.loc["S", "delivered"] == pytest.approx(2950.0)
    assert result.loc["S", "share_pct"] == pytest.approx(29.5)
    assert result.loc["SI", "share_pct"] == pytest.approx(90.0)


def test_survey_route_refuses_percentages_overlaps_and_gaps() -> None:
    percent = SHARES.assign(share_ict_delivered=[90, 50])
    with pytest.raises(
        MacroInputError, match=r"between 0 and 1; found 90.0 \(write 35 % as 0.35\)"
    ):
        digitally_delivered_exports(_exports(), percent)
    nested = pd.DataFrame({"ebops": ["SI", "SI2"], "share_ict_delivered": [0.9, 0.5]})
    with pytest.raises(MacroInputError, match="items SI2 lie inside other items"):
        digitally_delivered_exports(_exports(), nested)
    gap = pd.DataFrame({"ebops": ["SH"], "share_ict_delivered": [0.9]})
    with pytest.raises(MacroInputError, match="no exports of item SH"):
        digitally_delivered_exports(_exports(), gap)
