"""The worked example of docs/macro.md runs and prints what the page says it prints."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from destat.macro.ict_sector import ict_sector_indicators
from destat.macro.sdmx_input import read_data

DOC = Path(__file__).resolve().parents[2] / "docs" / "macro.md"


def test_worked_example_prints_what_the_docs_show(
    worked_example: Callable[..., None],
) -> None:
    worked_example("macro.md")


def test_command_line_figures_of_the_page(tmp_path: Path) -> None:
    """The ict-sector table of the page, recomputed from the sbs.csv listed on it."""
    text = DOC.read_text(encoding="utf-8")
    listing = re.search(r"```\nsbs.csv\n(.*?)```", text, re.S)
    assert listing is not None
    path = tmp_path / "sbs.csv"
    path.write_text(listing.group(1), encoding="utf-8")
    result = ict_sector_indicators(read_data(path), by=["year"])
    ict = result[result["part"] == "ICT"].set_index("indicator")["value_pct"]
    assert f"{ict['ICT1']:.2f}" == "20.82"
    assert "│ 2023 │ ICT1      │ ICT      │  7,600.00 │   36,500.00 │     20.82 │" in text
    assert f"{ict['ICT2']:.2f}" == "36.44"
