"""``destat indicators`` through the real command-line application."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from destat.cli import app

runner = CliRunner()


def test_french_table() -> None:
    result = runner.invoke(app, ["indicators", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "Proportion d'entreprises utilisant des ordinateurs" in result.output
    assert "% des personnes occupées" in result.output
    assert "20 indicateurs" in result.output


def test_french_csv_has_every_row() -> None:
    result = runner.invoke(app, ["indicators", "--lang", "fr", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [row["code"] for row in rows][:3] == ["B1", "B2", "B3"]
    assert rows[10]["name"] == "Proportion d'entreprises disposant d'un extranet"


def test_arabic_output() -> None:
    result = runner.invoke(app, ["indicators", "--lang", "ar", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["name"] == "نسبة المؤسسات التي تستخدم الحواسيب"
    assert rows[2]["population"] == "جميع المؤسسات المشمولة بالنطاق"
    table = runner.invoke(app, ["indicators", "-l", "ar"])
    assert "نسبة المؤسسات التي تستخدم الإنترنت" in table.output


def test_unknown_language_is_a_clear_error() -> None:
    result = runner.invoke(app, ["indicators", "--lang", "de"])
    assert result.exit_code == 2
    assert "Language 'de' is not available" in result.output
    assert "ar (Arabic), en (English), es (Spanish), fr (French), ru (Russian), zh (Chinese)" in (
        result.output
    )
