"""Validation reports: a CSV file with one row per problem, and a self-contained HTML page.

Cell values come from the user's file and are treated as hostile. In HTML, Jinja2 escapes every
value (autoescape) and the page loads nothing from outside (no scripts, inline CSS only, and a
Content-Security-Policy that forbids the rest). In CSV meant for spreadsheets, a text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an apostrophe
so that Excel or LibreOffice shows it as text instead of running it as a formula (OWASP, "CSV
Injection"); plain numbers such as ``-394`` are left as they are, since no spreadsheet runs them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

import jinja2
import pandas as pd

__all__ = ["neutralise_formulas", "safe_for_spreadsheets", "write_csv", "write_html"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise_formulas(values: pd.Series) -> pd.Series:
    """Prefix with ``'`` the text cells a spreadsheet would read as a formula."""
    text = values.astype("string")
    risky = text.str.startswith(_FORMULA_START).fillna(False) & ~text.str.fullmatch(
        _PLAIN_NUMBER
    ).fillna(False)
    return values.astype(object).where(~risky, "'" + text.astype(object))


def safe_for_spreadsheets(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (of any text dtype) cannot start a formula."""
    table = frame.copy()
    for name in table.columns:
        if not pd.api.types.is_numeric_dtype(table[name]):
            table[name] = neutralise_formulas(table[name])
    return table


def write_csv(problems: pd.DataFrame, path: Path, spreadsheet_safe: bool = True) -> Path:
    """Write the problems as UTF-8 CSV, one row per problem.

    With ``spreadsheet_safe`` (the default) cells that would run as formulas are neutralised;
    pass False for a file read only by programs.
    """
    table = safe_for_spreadsheets(problems) if spreadsheet_safe else problems
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, encoding="utf-8")
    return path


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: (files("destat.survey.validation") / "templates" / name).read_text(
                encoding="utf-8"
            )
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def _records(table: pd.DataFrame) -> list[dict[str, object]]:
    return [
        {str(key): ("" if pd.isna(value) else value) for key, value in row.items()}
        for row in table.to_dict(orient="records")
    ]


def write_html(
    problems: pd.DataFrame,
    summary: pd.DataFrame,
    path: Path,
    file_name: str,
    rows: int,
    max_problems: int = 10_000,
) -> Path:
    """Write the HTML report: totals, problems by rule and severity, then the problems.

    Only the first ``max_problems`` problems are listed, so the page stays light; the CSV report
    has them all.
    """
    template = _environment().get_template("report.html.j2")
    html = template.render(
        file_name=file_name,
        rows=rows,
        created=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        errors=int((problems["severity"] == "error").sum()),
        warnings=int((problems["severity"] == "warning").sum()),
        summary=_records(summary),
        problems=_records(problems.head(max_problems)),
        total=len(problems),
        shown=min(len(problems), max_problems),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
