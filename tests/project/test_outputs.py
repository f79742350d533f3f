"""The project's output tables: text cells that a spreadsheet would run as formulas are
neutralised in CSV and Excel, whatever dtype pandas gives text columns; Parquet keeps them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from destat.project.outputs import write_tables


def test_formulas_are_neutralised_in_csv_and_excel_but_not_in_parquet(tmp_path: Path) -> None:
    risky = '=HYPERLINK("http://example.invalid","x")'
    frame = pd.DataFrame(
        {
            "label": pd.array([risky, "@SUM(A1)", "-1.5", "plain"], dtype="string"),
            "code": [risky, "+1", "B5", "_T"],  # object or str dtype, as pandas chooses
            "estimate": [0.1, 0.2, 0.3, 0.4],
        }
    )
    write_tables(tmp_path, {"results": frame}, ("parquet", "csv", "xlsx"))
    csv = pd.read_csv(tmp_path / "results.csv", dtype=str, keep_default_na=False)
    assert csv["label"].tolist() == ["'" + risky, "'@SUM(A1)", "-1.5", "plain"]
    assert csv["code"].tolist() == ["'" + risky, "+1", "B5", "_T"]
    sheet = openpyxl.load_workbook(tmp_path / "results.xlsx").worksheets[0]
    cells = [sheet.cell(row=r, column=1).value for r in range(2, 6)]
    assert cells == ["'" + risky, "'@SUM(A1)", "-1.5", "plain"]
    assert sheet.cell(row=2, column=3).value == 0.1
    parquet = pd.read_parquet(tmp_path / "results.parquet")
    assert parquet["label"].tolist()[0] == risky
