"""Reports: hostile cell values escaped in HTML and neutralised in CSV; summary; whether the run
may go on; adding a rule; Arrow input; speed on 100,000 rows."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from destat.errors import ConfigError, DestatError
from destat.survey.validation import (
    Rule,
    Severity,
    SurveyData,
    ValidationFailedError,
    default_rules,
    findings,
    validate,
)
from destat.survey.validation.report import neutralise_formulas

from .questionnaires import consistent_answers, frame_of

SCRIPT = "<script>alert('x')</script>"
FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile() -> pd.DataFrame:
    return frame_of(
        consistent_answers(persons_using_computer=SCRIPT),
        consistent_answers(persons_using_internet=FORMULA),
        consistent_answers(turnover=-394),
    )


def test_hostile_values_are_escaped_in_html(hostile: pd.DataFrame, tmp_path: Path) -> None:
    result = validate(hostile, column_names={"turnover": "<b>INGRESOS</b>"}, file_name="<x>.csv")
    html = result.to_html(tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>INGRESOS</b>" not in html
    assert "&lt;b&gt;INGRESOS&lt;/b&gt;" in html
    assert "<x>" not in html
    # Self-contained: nothing is loaded from outside, and a policy forbids it.
    assert "http://" not in html
    assert "https://" not in html
    assert "src=" not in html
    assert "default-src 'none'" in html


def test_hostile_values_are_neutralised_in_csv(hostile: pd.DataFrame, tmp_path: Path) -> None:
    result = validate(hostile)
    path = result.to_csv(tmp_path / "problems.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    values = {row["rule"] + ":" + row["row"]: row["value"] for row in rows}
    assert values["numeric:2"] == "'" + FORMULA
    assert values["numeric:1"] == SCRIPT  # harmless in a spreadsheet, kept as it is
    assert values["non_negative:3"] == "-394"  # a plain number is not a formula
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "@")), cell
    raw = validate(hostile).to_csv(tmp_path / "raw.csv", spreadsheet_safe=False)
    assert FORMULA in raw.read_text(encoding="utf-8")


def test_neutralise_formulas() -> None:
    cells = pd.Series(["=1+1", "+1", "-1", "-1.5e3", "@SUM(A1)", "\tx", "plain", "-x", None])
    neutralised = neutralise_formulas(cells)
    assert pd.isna(neutralised.iloc[-1])
    assert neutralised.iloc[:-1].tolist() == [
        "'=1+1",
        "+1",
        "-1",
        "-1.5e3",
        "'@SUM(A1)",
        "'\tx",
        "plain",
        "'-x",
    ]


def test_summary_and_verdict(hostile: pd.DataFrame, tmp_path: Path) -> None:
    result = validate(hostile)
    summary = result.summary().set_index("rule")
    assert summary.loc["numeric", "problems"] == 2
    assert summary.loc["numeric", "first_row"] == 1
    assert summary.loc["in_register", "problems"] == 0
    assert list(summary.index) == [rule.id for rule in default_rules()]
    assert (result.errors, result.warnings, result.ok) == (3, 0, False)
    with pytest.raises(ValidationFailedError, match=r"3 error\(s\).*numeric: 2 \(first at row 1\)"):
        result.raise_for_errors()
    html = result.to_html(tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Errors stop the run" in html


def test_warnings_do_not_stop_the_run(tmp_path: Path) -> None:
    result = validate(frame_of(consistent_answers(b2c_share=90)))
    assert (result.errors, result.warnings, result.ok) == (0, 1, True)
    result.raise_for_errors()
    html = result.to_html(tmp_path / "r.html").read_text(encoding="utf-8")
    assert "The run may go on" in html


def test_empty_result_writes_reports(tmp_path: Path) -> None:
    result = validate(frame_of(consistent_answers()), file_name="ok.csv")
    assert result.ok
    assert result.problems.empty
    assert "None." in result.to_html(tmp_path / "r.html").read_text(encoding="utf-8")
    assert pd.read_csv(result.to_csv(tmp_path / "r.csv")).empty


def test_html_lists_at_most_max_problems(tmp_path: Path) -> None:
    frame = frame_of(*[consistent_answers(turnover=-1)] * 30)
    html = validate(frame).to_html(tmp_path / "r.html", max_problems=10).read_text("utf-8")
    assert "The first 10 of 30 problems" in html


def test_adding_a_rule() -> None:
    def huge_turnover(data: SurveyData) -> pd.DataFrame:
        return findings(
            data,
            data.number("turnover") > 1e9,
            "turnover",
            "{column} is {value}, above a billion.",
            "Check the unit: turnover is in thousands.",
        )

    rule = Rule("huge_turnover", "Turnover is plausible.", Severity.WARNING, huge_turnover)
    frame = frame_of(consistent_answers(), consistent_answers(turnover=5e9))
    problems = validate(frame, rules=(*default_rules(), rule)).problems
    assert problems[["row", "rule", "message"]].values.tolist() == [
        [2, "huge_turnover", "turnover is 5000000000, above a billion."]
    ]


def test_configuration_mistakes_are_destat_errors() -> None:
    with pytest.raises(ConfigError, match="unknown rules"):
        default_rules({"no_such_rule": "error"})
    with pytest.raises(ConfigError, match="expected 'error' or 'warning'"):
        default_rules({"numeric": "fatal"})
    rules = default_rules()
    with pytest.raises(ConfigError, match="unique"):
        validate(frame_of(consistent_answers()), rules=(*rules, rules[0]))
    with pytest.raises(DestatError, match="DataFrame or an Arrow table"):
        validate([1, 2, 3])  # type: ignore[arg-type]


def test_arrow_tables_are_validated_like_data_frames() -> None:
    frame = frame_of(consistent_answers(), consistent_answers(turnover=-5))
    from_arrow = validate(pa.Table.from_pandas(frame, preserve_index=False)).problems
    pd.testing.assert_frame_equal(from_arrow, validate(frame).problems)


def test_100000_rows_take_about_a_second() -> None:
    rng = np.random.default_rng(5)
    n = 100_000
    base = frame_of(consistent_answers())
    frame = base.loc[np.zeros(n, dtype=int)].reset_index(drop=True)
    frame["enterprise_id"] = [f"E{i:07d}" for i in range(n)]
    frame["turnover"] = rng.integers(-2, 5000, n)
    frame["persons_using_computer"] = frame["persons_using_computer"].astype(object)
    frame.loc[rng.choice(n, 50, replace=False), "persons_using_computer"] = "todos"
    start = time.perf_counter()
    result = validate(frame, register_ids=frame["enterprise_id"])
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0
    counts = result.problems["rule"].value_counts()
    assert counts["numeric"] == 50
    assert counts["non_negative"] == int((frame["turnover"] < 0).sum())
