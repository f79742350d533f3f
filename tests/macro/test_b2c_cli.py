"""``destat macro b2c`` through the real command-line application and real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from destat.cli import app
from destat.macro.b2c import B2CInputError

DATA = Path(__file__).parent / "data"
INPUTS = [
    str(DATA / name)
    for name in ("b2c_components.csv", "b2c_wdi_servers.csv", "b2c_upu_pri.sdmx.csv")
]
runner = CliRunner()


def test_cli_writes_edition_stamped_tables(tmp_path: Path) -> None:
    groups = tmp_path / "groups.csv"
    shutil.copy(DATA / "b2c_groups.csv", groups)
    with groups.open("a", encoding="utf-8") as handle:
        handle.write('XAA,club,"=HYPERLINK(""http://x"")"\n')
    out = tmp_path / "out"
    args = ["macro", "b2c", *INPUTS, "--edition", "2020", "--out", str(out)]
    result = runner.invoke(app, [*args, "--groups", str(groups)])
    assert result.exit_code == 0, result.output
    assert "4 economies indexed for 2019, 1 left out" in result.output
    assert "94.5" in result.output  # XAA, worked out in test_b2c_method.py
    table = pq.read_table(out / "b2c_index_2020.parquet").to_pandas()
    assert table.loc[table["reference_year"] == 2019, "country"].tolist() == [
        "XAA",
        "XBB",
        "XDD",
        "XCC",
    ]
    assert set(table["edition"]) == {2020}
    csv_text = (out / "b2c_groups_2020.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in csv_text  # a spreadsheet shows the name, it does not run it


def test_editions_live_side_by_side(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for edition in ("2019", "2020"):
        result = runner.invoke(
            app, ["macro", "b2c", *INPUTS, "--edition", edition, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
    assert (out / "b2c_index_2019.csv").exists()
    assert (out / "b2c_index_2020.csv").exists()


def test_bad_input_changes_nothing_stored(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["macro", "b2c", *INPUTS, "--out", str(out)]).exit_code == 0
    before = (out / "b2c_index_2020.csv").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("country,year,component,value\nXAA,2019,internet,960\n", encoding="utf-8")
    result = runner.invoke(app, ["macro", "b2c", *INPUTS, str(bad), "--out", str(out)])
    assert isinstance(result.exception, B2CInputError)
    assert "bad.csv, line 2, column value" in str(result.exception)
    assert (out / "b2c_index_2020.csv").read_bytes() == before
