"""The project's ``[macro]`` step on small files written by hand (``tests/data/macro_project``),
each figure checked against the hand calculation written beside it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from destat.errors import ConfigError, InputFileError
from destat.macro.errors import MacroInputError
from destat.project.config import load_config
from destat.project.macro import macro_tables

DATA = Path(__file__).parents[1] / "data" / "macro_project"
HEAD = """
[project]
name = "Macro test"
ref_area = "DL"
country = "Demo Land"
reference_period = "2023"

[inputs]
register = "register.csv"
sample = "sample.csv"
survey = "survey.csv"
mapping = "mapping.csv"
"""
MACRO = """
[macro]
sbs = "sbs.csv"
trade = "trade.csv"
services = "bop.xml"
delivery_shares = "shares.csv"
b2c = ["b2c.csv"]
b2c_groups = "groups.csv"
economy = "XDL"
ebops = "BOP_ITEM"
"""


def _project(folder: Path, macro: str = MACRO) -> Path:
    shutil.copytree(DATA, folder, dirs_exist_ok=True)
    (folder / "destat.toml").write_text(HEAD + macro, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    folder = _project(tmp_path_factory.mktemp("macro"))
    return macro_tables(folder, load_config(folder))


def _value(table: pd.DataFrame, **where: str) -> float:
    rows = table
    for column, wanted in where.items():
        rows = rows[rows[column] == wanted]
    assert len(rows) == 1, where
    return float(rows["value_pct"].iloc[0])


def test_ict_sector_and_tiers_from_the_sbs_file(tables: dict[str, pd.DataFrame]) -> None:
    sector = tables["macro_ict_sector"]
    assert set(sector["ref_area"]) == {"DL"}
    assert set(sector["year"]) == {"2023"}
    # Business sector: all rows but 0111 and 8411 = 36,500 persons, 2,320.5 value added;
    # ICT sector 1,200 + 800 + 2,100 + 3,500 = 7,600 persons; 95 + 60.5 + 410 + 280 = 845.5.
    assert _value(sector, indicator="ICT1", part="ICT") == pytest.approx(100 * 7600 / 36500)
    assert _value(sector, indicator="ICT2", part="ICT") == pytest.approx(100 * 845.5 / 2320.5)
    # The narrow scope adds online retail (4791): 7,600 + 900 persons.
    tiers = tables["macro_tiers"]
    narrow = _value(tiers, measure="persons_employed", part="NARROW")
    assert narrow == pytest.approx(100 * 8500 / 36500)


def test_ict_goods_with_all_partners_and_by_partner(tables: dict[str, pd.DataFrame]) -> None:
    trade = tables["macro_trade"]
    assert list(trade.columns[:4]) == ["reporter", "year", "partner", "flow"]
    # Imports: ICT 40 (XAA) + 60 (XBB) of 400 + 200 = 600, 16.67 %; XBB alone 60 / 200 = 30 %.
    assert _value(trade, partner="_T", flow="M", part="ICT") == pytest.approx(100 * 100 / 600)
    assert _value(trade, partner="XBB", flow="M", part="ICT") == pytest.approx(30.0)
    assert _value(trade, partner="XAA", flow="M", part="COMPUTERS") == pytest.approx(10.0)
    assert _value(trade, partner="_T", flow="X", part="ICT") == pytest.approx(1.0)


def test_services_shares_and_exports_delivered(tables: dict[str, pd.DataFrame]) -> None:
    services = tables["macro_services"]
    # Exports: SI 200 of S 1,000; digitally deliverable 10 + 40 + 5 + 200 + 300 + 5 = 560.
    assert _value(services, flow="X", part="ICT_SERVICES") == pytest.approx(20.0)
    assert _value(services, flow="X", part="DIGITALLY_DELIVERABLE") == pytest.approx(56.0)
    # Imports give only S and SI: the digitally deliverable share is left empty.
    assert _value(services, flow="M", part="ICT_SERVICES") == pytest.approx(20.0)
    missing = services[(services["flow"] == "M") & (services["part"] == "DIGITALLY_DELIVERABLE")]
    assert missing["value_pct"].isna().all()
    assert missing["missing_items"].iloc[0] == "SF SG SH SJ SK1"
    # Delivered over ICT networks: 0.9 * 200 + 0.5 * 300 = 330 of 1,000 exports.
    delivered = tables["macro_services_delivered"].set_index("item")
    assert delivered.loc["S", "delivered"] == pytest.approx(330.0)
    assert delivered.loc["S", "share_pct"] == pytest.approx(33.0)


def test_b2c_index_rank_and_regional_average(tables: dict[str, pd.DataFrame]) -> None:
    index = tables["macro_b2c"]
    latest = index[index["reference_year"] == 2019].set_index("country")
    # Servers 1000, 100, 10 score 100, 50, 0; XDL (50 + 60 + 50 + 60) / 4 = 55, second of 3.
    assert latest.loc["XDL", "index"] == pytest.approx(55.0)
    assert latest.loc["XDL", "rank"] == 2
    assert latest.loc["XAA", "index"] == pytest.approx(90.0)
    groups = tables["macro_b2c_groups"]
    south = groups[(groups["reference_year"] == 2019) & (groups["group"] == "South")].iloc[0]
    assert south["index"] == pytest.approx((55.0 + 20.0) / 2)
    assert south["members"] == "XBB XDL"


def test_only_the_named_files_run(tmp_path: Path) -> None:
    folder = _project(tmp_path, '\n[macro]\nsbs = "sbs.csv"\n')
    assert set(macro_tables(folder, load_config(folder))) == {"macro_ict_sector", "macro_tiers"}
    bare = _project(tmp_path / "bare", "")
    assert macro_tables(bare, load_config(bare)) == {}


def test_a_missing_file_names_the_setting(tmp_path: Path) -> None:
    folder = _project(tmp_path, '\n[macro]\ntrade = "nowhere.csv"\n')
    with pytest.raises(InputFileError, match=r"nowhere\.csv.*trade in \[macro\]"):
        macro_tables(folder, load_config(folder))


def test_a_bad_class_names_file_line_and_column(tmp_path: Path) -> None:
    folder = _project(tmp_path, '\n[macro]\nsbs = "sbs.csv"\n')
    sbs = folder / "sbs.csv"
    sbs.write_text(sbs.read_text().replace("DL,2023,0111", "DL,2023,111"), encoding="utf-8")
    with pytest.raises(MacroInputError, match=r"sbs\.csv, line 10, column isic: '111' looks"):
        macro_tables(folder, load_config(folder))


def test_an_economy_code_that_is_not_alpha_3_is_refused(tmp_path: Path) -> None:
    folder = _project(tmp_path, '\n[macro]\neconomy = "DL"\n')
    with pytest.raises(ConfigError, match=r"\[macro\.economy\]"):
        load_config(folder)


def test_the_worked_example_of_the_docs(tables: dict[str, pd.DataFrame]) -> None:
    """docs/macro.md prints these rows of the step's tables on tests/data/macro_project."""
    doc = (Path(__file__).parents[2] / "docs" / "macro.md").read_text(encoding="utf-8")
    shown = re.search(r"the step gives .*?\n\n```\n(.*?)```", doc, re.S)
    assert shown is not None
    trade, b2c, groups = (tables[f"macro_{n}"] for n in ("trade", "b2c", "b2c_groups"))
    printed = "\n".join(
        [
            trade[trade["part"] == "ICT"].round(2).to_string(index=False),
            b2c[b2c["reference_year"] == 2019][["country", "index", "rank"]].to_string(index=False),
            groups[groups["reference_year"] == 2019][
                ["group", "economies", "index", "members"]
            ].to_string(index=False),
        ]
    )
    assert printed == shown.group(1).strip("\n")


def _trade_shares(folder: Path, rows: str) -> pd.DataFrame:
    (folder / "totals.csv").write_text("reporter,partner,year,flow,hs,value\n" + rows, "utf-8")
    _project(folder, '\n[macro]\ntrade = "totals.csv"\n')
    trade = macro_tables(folder, load_config(folder))["macro_trade"]
    return trade[trade["part"] == "ICT"].set_index("partner")


def test_partner_totals_add_up_to_all_partners(tmp_path: Path) -> None:
    rows = "DL,XAA,2023,M,847130,40\nDL,XAA,2023,M,TOTAL,400\n"
    rows += "DL,XBB,2023,M,851712,60\nDL,XBB,2023,M,TOTAL,200\n"
    ict = _trade_shares(tmp_path, rows)
    # All partners: (40 + 60) / (400 + 200); XBB alone 60 / 200.
    assert ict.loc["_T", "value_pct"] == pytest.approx(100 * 100 / 600)
    assert ict.loc["XBB", "value_pct"] == pytest.approx(30.0)


def test_world_rows_are_all_partners_together(tmp_path: Path) -> None:
    rows = "DL,WLD,2023,M,847130,50\nDL,WLD,2023,M,TOTAL,1000\n"
    rows += "DL,XAA,2023,M,847130,40\nDL,XAA,2023,M,TOTAL,400\n"
    ict = _trade_shares(tmp_path, rows)
    # The world row: 50 / 1,000 (not 90 / 1,400); XAA 40 / 400.
    assert sorted(ict.index) == ["XAA", "_T"]
    assert ict.loc["_T", "value_pct"] == pytest.approx(5.0)
    assert ict.loc["XAA", "value_pct"] == pytest.approx(10.0)


def test_delivery_shares_without_services_are_refused(tmp_path: Path) -> None:
    folder = _project(tmp_path, '\n[macro]\ndelivery_shares = "shares.csv"\n')
    with pytest.raises(ConfigError, match="delivery_shares needs services"):
        load_config(folder)
