"""The web step's pieces that need no crawl: ``[web]`` written into destat.toml, and the
release's table "Web data as auxiliary information" rendered from a GREG table."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from selectolax.lexbor import LexborHTMLParser

from destat.project.web_settings import WebSettings
from destat.publish.release import write_release
from destat.web.statistics import with_survey_status
from destat.web.statistics_config import with_web_section

CONFIG = """[project]
name = "x"  # the project

[web]
best = "old.csv"
crawl = "old"

# Outputs: where results go.
[outputs]
languages = ["en"]
breakdowns = [
  [],
  ["size_class"],
]
"""


def test_the_web_section_is_replaced_in_place_and_the_rest_kept() -> None:
    settings = WebSettings(best=Path("found/best.csv"), crawl=Path("crawl"), classifier="rules")
    text = with_web_section(CONFIG, settings)
    parsed = tomllib.loads(text)
    assert parsed["web"] == {"best": "found/best.csv", "crawl": "crawl", "classifier": "rules"}
    assert parsed["outputs"]["breakdowns"] == [[], ["size_class"]]
    assert text.startswith('[project]\nname = "x"  # the project\n\n[web]\n')
    assert text.count("[web]") == 1
    assert "old.csv" not in text
    # The [web] section ends where the next header starts; the comment before it is the web
    # section's last lines, and goes with it.
    assert text.endswith(
        '[outputs]\nlanguages = ["en"]\nbreakdowns = [\n  [],\n  ["size_class"],\n]\n'
    )
    assert with_web_section(text, settings) == text


def test_a_web_section_is_added_and_odd_paths_survive() -> None:
    settings = WebSettings(best=Path('we"ird\\name.csv'), crawl=Path("crawl dir/ñ"))
    text = with_web_section('[project]\nname = "x"\n', settings)
    parsed = tomllib.loads(text)
    assert parsed["project"] == {"name": "x"}
    assert parsed["web"]["best"] == 'we"ird\\name.csv'
    assert parsed["web"]["crawl"] == "crawl dir/ñ"
    assert parsed["web"]["classifier"] == "model"


# A results table as `destat run` publishes it: B5 in total, by size class and for one activity,
# 50-249 confidential (C: its numbers removed); B7 in total only, not reliable enough (grade C).
RESULTS = pd.DataFrame(
    {
        "indicator": ["B5", "B5", "B5", "B5", "B7"],
        "size_class": ["GE10", "10-49", "50-249", "GE10", "GE10"],
        "activity": ["_T", "_T", "_T", "C10-C12", "_T"],
        "owner_sex": "_T",
        "region": "_T",
        "estimate": [0.573, 0.535, np.nan, 0.582, 0.27],
        "ci_low": [0.55, 0.51, np.nan, 0.49, 0.1],
        "ci_high": [0.59, 0.55, np.nan, 0.67, 0.44],
        "cv": [0.017, 0.02, np.nan, 0.079, 0.4],
        "n": [917, 700, np.nan, 80, 917],
        "quality": ["A", "A", "A", "A", "C"],
        "conf_status": ["F", "F", "C", "F", "F"],
    }
)
# The web step's GREG table for the same figures (and one the release does not publish).
GREG = pd.DataFrame(
    {
        "indicator": ["B5", "B5", "B5", "B5", "B7", "B5"],
        "size_class": ["GE10", "10-49", "50-249", "GE10", "GE10", "GE250"],
        "activity": ["_T", "_T", "_T", "C10-C12", "_T", "_T"],
        "estimate_register": [0.5731, 0.53549, 0.9, 0.58249, 0.27, 1.0],
        "se_register": [0.009712, 0.010749, 0.02, 0.046, 0.1, 0.0],
        "estimate_web": [0.5764, 0.539, 0.91, 0.5811, 0.26, 1.0],
        "se_web": [0.007871, 0.008705, 0.01, 0.0457, 0.09, 0.0],
        "se_ratio": [0.810441, 0.809843, 0.5, 0.993478, 0.9, np.nan],
    }
)


def _auxiliary_rows(html: str) -> dict[str, list[tuple[str, ...]]]:
    """Per indicator code, the rows (label, then the cells) of its auxiliary table."""
    section = LexborHTMLParser(html).css_first("section#web-auxiliary")
    assert section is not None
    tables: dict[str, list[tuple[str, ...]]] = {}
    for heading, table in zip(section.css("h3"), section.css("table"), strict=True):
        code = heading.css_first("span.code").text()
        rows = [
            r for r in table.css("tbody tr") if "group" not in (r.attributes.get("class") or "")
        ]
        tables[code] = [tuple(c.text(strip=True) for c in row.css("th, td")) for row in rows]
    return tables


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_release_shows_the_greg_table_as_the_release_prints_numbers(
    tmp_path: Path, lang: str
) -> None:
    page = write_release(
        RESULTS,
        tmp_path,
        lang,
        country_name="Demo Land",
        reference_period="2025",
        auxiliary=GREG,
        published=date(2026, 3, 1),
    )
    html = page.read_text(encoding="utf-8")
    tables = _auxiliary_rows(html)
    # Estimates in % with one decimal, SEs in percentage points with two, the ratio with two;
    # in French with a decimal comma. Hidden survey figures show their symbol, no number.
    comma = (lambda s: s.replace(".", ",") if s != ".." else s) if lang == "fr" else str
    expected_b5 = [
        ("57.3", "0.97", "57.6", "0.79", "0.81"),  # 100 * 0.5731 = 57.31; 100 * 0.009712 = 0.97
        ("53.5", "1.07", "53.9", "0.87", "0.81"),  # 53.549 -> 53.5; 0.8705 -> 0.87
        ("..",),  # 50-249 is confidential in the survey: no GREG number either
        ("58.2", "4.60", "58.1", "4.57", "0.99"),  # 58.249 -> 58.2; 0.993478 -> 0.99
    ]
    assert [row[1:] for row in tables["B5"]] == [tuple(map(comma, r)) for r in expected_b5]
    assert [row[1:] for row in tables["B7"]] == [("x",)]  # not reliable enough in the survey
    assert "250 or more" not in html  # the GREG table's GE250 row has no survey figure
    if lang == "en":
        assert [row[0] for row in tables["B5"]][1:3] == [
            "10 to 49 persons employed",
            "50 to 249 persons employed",
        ]
        assert "Web data as auxiliary information" in html
        assert 'href="#web-auxiliary"' in html
    else:
        assert "Données du web comme information auxiliaire" in html


def test_without_a_greg_table_the_release_has_no_such_section(tmp_path: Path) -> None:
    page = write_release(RESULTS, tmp_path, "en", country_name="Demo Land", reference_period="2025")
    assert "web-auxiliary" not in page.read_text(encoding="utf-8")


def test_the_greg_table_loses_the_numbers_of_figures_the_survey_keeps_confidential() -> None:
    table = with_survey_status(GREG, RESULTS)
    assert len(table) == 5  # GE250 has no survey figure: left out
    hidden = table[table["size_class"] == "50-249"]
    assert hidden["conf_status"].tolist() == ["C"]
    numbers = ["estimate_register", "se_register", "estimate_web", "se_web", "se_ratio"]
    assert hidden[numbers].isna().all(axis=None)
    shown = table[table["conf_status"] == "F"]
    assert shown["estimate_register"].tolist() == [0.5731, 0.53549, 0.58249, 0.27]
    assert table.loc[table["indicator"] == "B7", "quality"].tolist() == ["C"]
