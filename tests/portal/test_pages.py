"""The indicator pages and downloads, read as HTML: languages, numbers per locale, breakdowns,
flags, downloads, and nothing confidential or external anywhere."""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from .project import SECRETS


class _Table(HTMLParser):
    """The rows of the page's figures table, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._inside = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("id", "figures") in attrs:
            self._inside = True
        elif self._inside and tag == "tr":
            self.rows.append([])
        elif self._inside and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._inside = False
        elif self._inside and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(page: str) -> dict[str, list[str]]:
    """Body rows of the figures table keyed by their label."""
    parser = _Table()
    parser.feed(page)
    return {row[0]: row[1:] for row in parser.rows[1:]}


def test_root_sends_to_the_browsers_language(client: TestClient) -> None:
    answer = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}, follow_redirects=False)
    assert answer.headers["location"] == "/ru/"
    answer = client.get("/", headers={"Accept-Language": "de-DE"}, follow_redirects=False)
    assert answer.headers["location"] == "/en/"


def test_index_lists_the_indicators_in_each_language(client: TestClient) -> None:
    english = client.get("/en/").text
    assert 'href="/en/indicator/B1"' in english
    assert "Proportion of businesses using computers" in english
    assert "Proportion d&#39;entreprises utilisant des ordinateurs" in client.get("/fr/").text
    chinese = client.get("/zh/").text
    assert '<html lang="zh-Hans" dir="ltr">' in chinese


def test_indicator_page_in_english(client: TestClient) -> None:
    page = client.get("/en/indicator/B1").text
    rows = table_rows(page)
    # Hand calculation for the figure of all businesses (10+): 0.473 ± 1.96 × 0.015 gives
    # 44.36 – 50.24, shown with one decimal; SE 0.015 = 1.50 points; CV 0.015 / 0.473 = 3.2%.
    total = "10 or more persons employed (total of the usual survey scope)"
    assert rows[total] == ["47.3", "1.50", "44.4 – 50.2", "3.2", "812", "A"]
    assert rows["250 or more persons employed"] == ["..", "", "", "", "", ""]
    assert 'data-breakdown="size_class"' in page
    assert "<svg" in page
    assert '<html lang="en" dir="ltr">' in page


def test_numbers_follow_the_language(client: TestClient) -> None:
    french = table_rows(client.get("/fr/indicator/B1").text)
    total = french["10 personnes occupées ou plus (total du champ habituel de l'enquête)"]
    assert total[:3] == ["47,3", "1,50", "44,4 – 50,2"]
    russian = table_rows(client.get("/ru/indicator/B1").text)
    assert any(cells[:2] == ["47,3", "1,50"] for cells in russian.values())


def test_arabic_is_laid_out_right_to_left(client: TestClient) -> None:
    page = client.get("/ar/indicator/B1").text
    assert '<html lang="ar" dir="rtl">' in page
    assert "كينيا" in page  # the country's name in Arabic (CLDR)
    assert "نسبة المؤسسات التي تستخدم الحواسيب" in html.unescape(page)
    # CLDR's default for Arabic writes Latin digits (see docs/release.md).
    assert any(cells[:2] == ["47.3", "1.50"] for cells in table_rows(page).values())


def test_language_switcher_keeps_the_page_and_its_breakdown(client: TestClient) -> None:
    page = client.get("/en/indicator/B1?by=activity").text
    for lang in ("ar", "es", "fr", "ru", "zh"):
        assert f'href="/{lang}/indicator/B1?by=activity"' in page
    assert 'lang="ar">العربية<' in page


def test_breakdown_selector_changes_the_table(client: TestClient) -> None:
    by_size = table_rows(client.get("/en/indicator/B1").text)
    activity_page = client.get("/en/indicator/B1?by=activity").text
    by_activity = table_rows(activity_page)
    assert "Proportion of businesses using computers, by economic activity" in activity_page
    by_region = table_rows(client.get("/en/indicator/B1?by=region").text)
    assert len(by_size) == 4  # the total and three size classes
    assert len(by_activity) == 3  # the total and two activities
    assert [cells[0] for cells in by_activity.values()] == ["47.3", "51.2", "38.8"]
    # G47 has CV 0.07 / 0.388 = 18%: grade B.
    assert list(by_activity.values())[2][-1] == "B"
    assert [cells[0] for cells in by_region.values()] == ["47.3", "60.1"]
    assert "NBO" in by_region
    # An unknown breakdown falls back to the first one.
    assert table_rows(client.get("/en/indicator/B1?by=nonsense").text) == by_size


def test_period_selector(client: TestClient) -> None:
    rows = table_rows(client.get("/en/indicator/B1?period=2024").text)
    assert [cells[0] for cells in rows.values()] == ["45.0", "39.0"]


def test_unreliable_figures_show_x_and_the_notes_explain_the_symbols(client: TestClient) -> None:
    page = client.get("/en/indicator/B7").text
    rows = table_rows(page)
    assert rows["50 to 249 persons employed"] == ["x", "", "", "", "", ""]
    assert "Not published: too unreliable (coefficient of variation above 35%)." in page
    assert "Use with caution" in page


@pytest.mark.parametrize("lang", ["ar", "en", "es", "fr", "ru", "zh"])
def test_nothing_confidential_on_any_page_or_download(client: TestClient, lang: str) -> None:
    for code in ("B1", "B7"):
        for by in ("size_class", "activity", "region"):
            page = client.get(f"/{lang}/indicator/{code}?by={by}").text
            assert not [s for s in SECRETS if s in page]
        for kind in ("csv", "xml"):
            text = client.get(f"/{lang}/indicator/{code}/download.{kind}").text
            assert not [s for s in SECRETS if s in text]


def test_csv_download(client: TestClient) -> None:
    answer = client.get("/fr/indicator/B1/download.csv")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="KNBS_B1_fr.csv"'
    table = pd.read_csv(io.BytesIO(answer.content), keep_default_na=False, dtype=str)
    assert len(table) == 9  # every B1 figure, both periods
    assert set(table["indicator_name"]) == {"Proportion d'entreprises utilisant des ordinateurs"}
    hidden = table[table["size_class"] == "GE250"].iloc[0]
    assert hidden["conf_status"] == "C"
    assert [hidden[c] for c in ("estimate", "se", "ci_low", "ci_high", "cv", "n")] == [""] * 6
    total = table[(table["size_class"] == "GE10") & (table["activity"] == "_T")]
    total = total[(total["region"] == "_T") & (total["time_period"] == "2025")].iloc[0]
    assert float(total["estimate"]) == pytest.approx(0.473)


def test_excel_download(client: TestClient) -> None:
    answer = client.get("/en/indicator/B7/download.xlsx")
    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert len(records) == 4
    unreliable = next(r for r in records if r["size_class"] == "50-249")
    assert unreliable["quality"] == "C"
    assert unreliable["estimate"] is None
    assert next(r for r in records if r["size_class"] == "GE10")["estimate"] == pytest.approx(0.128)


def test_sdmx_download(client: TestClient) -> None:
    answer = client.get("/en/indicator/B7/download.xml")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="KNBS_B7_en.xml"'
    assert answer.text.count("<Obs ") == 4
    assert 'MEASURE="B1"' not in answer.text


@pytest.mark.parametrize(
    "path",
    ["/de/", "/en/indicator/B99", "/en/indicator/B1/download.pdf", "/xx/indicator/B1"],
)
def test_unknown_pages_are_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_pages_load_nothing_from_elsewhere(client: TestClient) -> None:
    for path in ("/en/", "/ar/indicator/B1", "/embargo"):
        answer = client.get(path)
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "script-src 'self'" in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        sources = re.findall(r'(?:src|href|action)="([^"]*)"', answer.text)
        assert sources
        assert all(s.startswith("/") and not s.startswith("//") for s in sources), sources
