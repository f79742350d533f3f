"""The household release page: women and men side by side with the gaps, in six languages,
hidden figures shown as symbols only, nothing loaded from outside."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from destat.macro.household import estimate_household_indicators
from destat.publish.release.household import write_household_release

DATA = Path(__file__).parents[1] / "data" / "household"


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    figures = estimate_household_indicators(DATA / "persons.csv", DATA / "households.csv")
    shares = figures.figures.assign(quality="A", conf_status="F")
    gaps = figures.gaps.assign(quality="A", conf_status="F")
    return shares, gaps


def _page(tables: tuple[pd.DataFrame, pd.DataFrame], folder: Path, lang: str) -> str:
    shares, gaps = tables
    path = write_household_release(
        shares, gaps, folder, lang, country="Demo Land", period="2025", published=date(2026, 1, 5)
    )
    assert path.name == f"household-{lang}.html"
    return path.read_text("utf-8")


def _row(shares: pd.DataFrame, indicator: str, sex: str) -> pd.Series:
    overall = (shares[["age_group", "area", "education"]] == "_T").all(axis=1)
    return shares[overall & (shares["indicator"] == indicator) & (shares["sex"] == sex)].iloc[0]


def test_the_english_page_shows_the_shares_and_the_gap(
    tables: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path
) -> None:
    html = _page(tables, tmp_path, "en")
    shares = tables[0]
    women, men = _row(shares, "HH7", "F"), _row(shares, "HH7", "M")
    # 51.2% of women and 60.8% of men used the Internet: the page prints both with one decimal.
    assert f"{100 * women['estimate']:.1f} ({100 * women['ci_low']:.1f}–" in html
    assert f"{100 * men['estimate']:.1f} (" in html
    ratio = women["estimate"] / men["estimate"]
    assert f"{ratio:.2f} (" in html
    assert "Individuals using the Internet" in html
    assert "Households are counted by the sex of the household head." in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert 'dir="ltr"' in html


@pytest.mark.parametrize("lang", ["ar", "es", "fr", "ru", "zh"])
def test_every_language_has_its_texts(
    tables: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path, lang: str
) -> None:
    html = _page(tables, tmp_path, lang)
    assert "Individuals using the Internet" not in html
    assert ('dir="rtl"' in html) == (lang == "ar")
    if lang in ("fr", "es", "ru"):
        women = _row(tables[0], "HH7", "F")
        assert f"{100 * women['estimate']:.1f}".replace(".", ",") in html


def test_hidden_figures_show_a_symbol_and_no_number(
    tables: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path
) -> None:
    shares, gaps = tables
    women = _row(shares, "HH7", "F")
    confidential = shares.copy()
    mask = (confidential["indicator"] == "HH7") & (confidential["estimate"] == women["estimate"])
    confidential.loc[mask, "conf_status"] = "C"
    confidential.loc[mask, "estimate"] = float("nan")  # as projects publish it: numbers gone
    unreliable = gaps.copy()
    overall = (unreliable[["age_group", "area", "education"]] == "_T").all(axis=1)
    unreliable.loc[overall & (unreliable["indicator"] == "HH7"), "quality"] = "C"
    html = write_household_release(
        confidential, unreliable, tmp_path, "en", country="Demo Land", period="2025"
    ).read_text("utf-8")
    section = html[html.index('id="HH7"') : html.index('id="HH18"')]
    assert f"{100 * women['estimate']:.1f}" not in section
    first_row = re.search(r"<tr><th scope=\"row\">All</th>(.*?)</tr>", section, re.S)
    assert first_row is not None
    cells = re.findall(r'<td class="num">(.*?)</td>', first_row.group(1))
    assert cells[0] == ".."  # women: confidential
    assert cells[3:] == ["x", "x"]  # the gaps: graded C
