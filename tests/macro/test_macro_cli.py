"""``destat macro``: the three commands on real files, printing tables and writing CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from destat.cli import app

runner = CliRunner()


def test_ict_sector_command_writes_csv(tmp_path: Path) -> None:
    sbs = tmp_path / "sbs.csv"
    sbs.write_text(
        "year,isic,persons_employed,value_added\n"
        "2023,6201,300,30\n2023,4711,700,70\n2023,0111,5000,80\n",
        encoding="utf-8",
    )
    out = tmp_path / "ict.csv"
    result = runner.invoke(app, ["macro", "ict-sector", str(sbs), "--tiers", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "ICT1" in result.output
    assert "NARROW" in result.output
    written = pd.read_csv(out)
    ict1 = written[(written["indicator"] == "ICT1") & (written["part"] == "ICT")]
    assert float(ict1["value_pct"].iloc[0]) == pytest.approx(30.0)  # 300 / (300 + 700)


def test_trade_command_reads_sdmx_csv(tmp_path: Path) -> None:
    trade = tmp_path / "trade.csv"
    trade.write_text(
        "STRUCTURE,STRUCTURE_ID,ACTION,REPORTER,PARTNER,TIME_PERIOD,FLOW,HS,OBS_VALUE\n"
        "dataflow,NSO:TRADE(1.0),I,KE,WLD,2022,M,847130,25\n"
        "dataflow,NSO:TRADE(1.0),I,KE,WLD,2022,M,100630,75\n",
        encoding="utf-8",
    )
    out = tmp_path / "shares.csv"
    args = ["macro", "trade", str(trade), "--hs", "HS", "--out", str(out)]
    args += ["--by", "REPORTER", "--by", "TIME_PERIOD", "--by", "FLOW"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out)
    assert float(written.loc[written["part"] == "ICT", "value_pct"].iloc[0]) == 25.0


def _ict_share(tmp_path: Path, rows: str, *options: str) -> pd.Series:
    trade = tmp_path / "trade.csv"
    trade.write_text("reporter,partner,year,flow,hs,value\n" + rows, encoding="utf-8")
    out = tmp_path / "shares.csv"
    result = runner.invoke(app, ["macro", "trade", str(trade), "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out)
    return written.loc[written["part"] == "ICT"].reset_index(drop=True)


PARTNER_TOTALS = (
    "DL,XAA,2023,M,847130,40\nDL,XAA,2023,M,TOTAL,400\n"
    "DL,XBB,2023,M,851712,60\nDL,XBB,2023,M,TOTAL,200\n"
)
NOT_BY_PARTNER = ("--by", "reporter", "--by", "year", "--by", "flow")


def test_trade_command_adds_up_partner_totals_when_not_by_partner(tmp_path: Path) -> None:
    ict = _ict_share(tmp_path, PARTNER_TOTALS, *NOT_BY_PARTNER)
    # One row for all partners: ICT goods 40 + 60 of merchandise 400 + 200 = 16.67 %.
    assert len(ict) == 1
    assert "partner" not in ict.columns
    assert ict.loc[0, "denominator"] == pytest.approx(600.0)
    assert ict.loc[0, "value_pct"] == pytest.approx(100 * 100 / 600)


def test_trade_command_takes_world_rows_as_all_partners(tmp_path: Path) -> None:
    rows = "DL,WLD,2023,M,847130,50\nDL,WLD,2023,M,TOTAL,1000\n" + PARTNER_TOTALS
    ict = _ict_share(tmp_path, rows, *NOT_BY_PARTNER)
    # The world rows, 50 of 1,000 = 5 %, not the partners added to them.
    assert ict["value_pct"].tolist() == pytest.approx([5.0])


def test_trade_command_by_partner_keeps_each_partner_total(tmp_path: Path) -> None:
    ict = _ict_share(tmp_path, PARTNER_TOTALS).set_index("partner")
    # XAA 40 / 400 = 10 %, XBB 60 / 200 = 30 %.
    assert ict["value_pct"].to_dict() == pytest.approx({"XAA": 10.0, "XBB": 30.0})


def test_services_command_survey_route(tmp_path: Path) -> None:
    bop = tmp_path / "bop.csv"
    bop.write_text("year,ebops,value\n2022,S,100\n2022,SI,40\n", encoding="utf-8")
    shares = tmp_path / "shares.csv"
    shares.write_text("ebops,share_ict_delivered\nSI,0.5\n", encoding="utf-8")
    result = runner.invoke(
        app, ["macro", "services", str(bop), "--delivery-shares", str(shares), "--by", "year"]
    )
    assert result.exit_code == 0, result.output
    assert "20.00" in result.output  # 0.5 × 40 = 20 delivered, 20 % of 100


def test_bad_file_gives_a_plain_error(tmp_path: Path) -> None:
    bop = tmp_path / "bop.csv"
    bop.write_text("year,ebops,value\n2022,SI,40\n", encoding="utf-8")
    result = runner.invoke(app, ["macro", "services", str(bop), "--by", "year"])
    assert result.exit_code != 0
    assert "no total services row" in str(result.exception)


def test_csv_output_cannot_run_formulas(tmp_path: Path) -> None:
    trade = tmp_path / "trade.csv"
    trade.write_text(
        'reporter,flow,hs,value\n"=HYPERLINK(""http://x"")",M,847130,1\n',
        encoding="utf-8",
    )
    out = tmp_path / "shares.csv"
    result = runner.invoke(app, ["macro", "trade", str(trade), "--out", str(out)])
    assert result.exit_code == 0, result.output
    first_cell = out.read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    assert first_cell.startswith("\"'=HYPERLINK")
