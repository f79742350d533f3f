"""Share of ICT goods in merchandise trade: hand calculations, HS editions and bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from destat.errors import DestatError
from destat.macro.errors import ClassificationError, MacroInputError
from destat.macro.ict_goods import ict_goods_list, ict_goods_shares
from destat.macro.sdmx_input import read_data

# reporter, partner, year, flow, hs, value (thousand US$)
TRADE = [
    ("KE", "WLD", "2022", "M", "847130", 120.0),  # portable computers: COMPUTERS
    ("KE", "WLD", "2022", "M", "851712", 300.0),  # mobile telephones: COMMUNICATION
    ("KE", "WLD", "2022", "M", "854231", 30.0),  # processors: COMPONENTS
    ("KE", "WLD", "2022", "M", "100630", 400.0),  # rice: not ICT
    ("KE", "WLD", "2022", "M", "030389", 150.0),  # frozen fish: not ICT (leading zero kept)
    ("KE", "WLD", "2022", "X", "852872", 50.0),  # colour television receivers: CONSUMER_ELECTRONICS
    ("KE", "WLD", "2022", "X", "090111", 800.0),  # coffee: not ICT
    ("KE", "WLD", "2022", "X", "TOTAL", 2000.0),  # reported total of all merchandise exports
]
COLUMNS = ["reporter", "partner", "year", "flow", "hs", "value"]


def _trade(rows: list[tuple[str, ...]] | None = None) -> pd.DataFrame:
    return pd.DataFrame(rows or TRADE, columns=COLUMNS)


def _share(result: pd.DataFrame, flow: str, part: str = "ICT") -> float:
    row = result[(result["flow"] == flow) & (result["part"] == part)]
    return float(row["value_pct"].iloc[0])


def test_shares_by_hand() -> None:
    result = ict_goods_shares(_trade())
    # Imports: no TOTAL row, so all merchandise = 120 + 300 + 30 + 400 + 150 = 1000;
    # ICT = 120 + 300 + 30 = 450 -> 45 %; computers 12 %, communication 30 %, components 3 %.
    assert _share(result, "M") == pytest.approx(45.0)
    assert _share(result, "M", "COMPUTERS") == pytest.approx(12.0)
    assert _share(result, "M", "COMMUNICATION") == pytest.approx(30.0)
    assert _share(result, "M", "COMPONENTS") == pytest.approx(3.0)
    assert _share(result, "M", "CONSUMER_ELECTRONICS") == 0.0
    # Exports: the reported TOTAL (2000) is the denominator, not 50 + 800: 50 / 2000 = 2.5 %.
    assert _share(result, "X") == pytest.approx(2.5)
    exports = result[(result["flow"] == "X") & (result["part"] == "ICT")].iloc[0]
    assert (exports["numerator"], exports["denominator"]) == (50.0, 2000.0)


def test_read_from_csv_keeps_leading_zeros(tmp_path: Path) -> None:
    path = tmp_path / "trade.csv"
    _trade().to_csv(path, index=False)
    result = ict_goods_shares(read_data(path))
    assert _share(result, "M") == pytest.approx(45.0)


def test_lost_leading_zero_and_short_codes(tmp_path: Path) -> None:
    path = tmp_path / "trade.csv"
    path.write_text("reporter,partner,year,flow,hs,value\nKE,WLD,2022,M,30389,5\n", "utf-8")
    with pytest.raises(MacroInputError, match=r"trade.csv, line 2, column hs: '30389' .*'030389'"):
        ict_goods_shares(read_data(path))
    with pytest.raises(MacroInputError, match="'8471' is not a 6-digit HS subheading"):
        ict_goods_shares(_trade([("KE", "WLD", "2022", "M", "8471", 1.0)]))


def test_other_edition_needs_a_concordance() -> None:
    trade = _trade(
        [("KE", "WLD", "2022", "M", "852841", 10.0), ("KE", "WLD", "2022", "M", "100630", 30.0)]
    )
    with pytest.raises(
        ClassificationError, match="is in HS2012, but the ICT goods list is in HS2017"
    ):
        ict_goods_shares(trade, edition="HS2012")
    concordance = pd.DataFrame({"from": ["852841", "100630"], "to": ["852842", "100630"]})
    result = ict_goods_shares(trade, edition="HS2012", concordance=concordance)
    assert _share(result, "M") == pytest.approx(100 * 10 / 40)  # CRT monitor for computers


def test_concordance_splitting_across_ict_status_is_refused() -> None:
    trade = _trade([("KE", "WLD", "2022", "M", "999999", 10.0)])
    split = pd.DataFrame({"from": ["999999", "999999"], "to": ["847130", "100630"]})
    with pytest.raises(ClassificationError, match="999999 map to HS 2017 codes of different ICT"):
        ict_goods_shares(trade, edition="HS2012", concordance=split)
    with pytest.raises(ClassificationError, match="'100630' is not in the concordance"):
        ict_goods_shares(
            _trade([("KE", "WLD", "2022", "M", "100630", 1.0)]),
            edition="HS2012",
            concordance=pd.DataFrame({"from": ["847130"], "to": ["847130"]}),
        )


@pytest.mark.parametrize(
    ("code", "edition"),
    [("852412", "HS 2022"), ("851713", "HS 2022"), ("852841", "HS 2012")],
    ids=["display-module", "smartphone", "computer-monitor"],
)
def test_codes_of_other_editions_in_hs2017_data_are_refused(code: str, edition: str) -> None:
    with pytest.raises(ClassificationError, match=f"'{code}' is an {edition} code, not an HS 2017"):
        ict_goods_shares(_trade([("KE", "WLD", "2022", "M", code, 1.0)]))


def test_total_smaller_than_detail_is_refused() -> None:
    rows = [("KE", "WLD", "2022", "X", "852872", 50.0), ("KE", "WLD", "2022", "X", "TOTAL", 40.0)]
    with pytest.raises(DestatError, match=r"TOTAL row of group .* is smaller than the sum"):
        ict_goods_shares(_trade(rows))


def test_shipped_list_is_hs2017_six_digit_with_four_categories() -> None:
    goods = ict_goods_list()
    assert set(goods.values()) == {
        "COMPUTERS",
        "COMMUNICATION",
        "CONSUMER_ELECTRONICS",
        "COMPONENTS",
    }
    assert all(len(code) == 6 and code.isdigit() for code in goods)
    # HS 2017 codes for monitors and projectors for computers (852842/852852/852862), not the
    # HS 2012 ones (852841/852851/852861).
    assert {"852842", "852852", "852862"} <= goods.keys()
    assert not {"852841", "852851", "852861"} & goods.keys()
