"""The digital-economy release page: ICT sector and tiers, ICT goods, services and the B2C index
with the economy's rank and its region's average, in English, Arabic (right to left) and
French; nothing loaded from outside, user text escaped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from destat.macro.b2c import compute_index, edition_rules, from_table
from destat.macro.ict_goods import ict_goods_shares
from destat.macro.ict_sector import ict_sector_indicators
from destat.macro.services import digitally_delivered_exports, services_shares
from destat.macro.tiers import tier_shares
from destat.publish.release.economy import write_economy_release
from destat.publish.release.errors import ReleaseInputError
from destat.publish.release.messages import MESSAGE_FILES, message_table

# The SBS example of docs/macro.md: ICT1 = 7,600 / 36,500 = 20.82 %.
SBS = pd.DataFrame(
    {
        "year": ["2023"] * 6,
        "isic": ["2620", "4651", "6110", "6201", "4791", "4711"],
        "persons_employed": [1200, 800, 2100, 3500, 900, 28000],
        "value_added": [95.0, 60.5, 410.0, 280.0, 45.0, 1430.0],
    }
)
# Imports of 1,000 with 40 of computers (847130) and 60 of telephones (851712): 10 % ICT.
TRADE = pd.DataFrame(
    {
        "year": ["2023"] * 4,
        "flow": ["M", "M", "M", "X"],
        "hs": ["847130", "851712", "271019", "090111"],
        "value": [40.0, 60.0, 900.0, 500.0],
    }
)
# Exports: SI 200 of S 1,000 (20 %); digitally deliverable 10+40+5+200+300+5 = 560 (56 %).
BOP = pd.DataFrame(
    {
        "year": ["2023"] * 8,
        "flow": ["X"] * 8,
        "ebops": ["S", "SF", "SG", "SH", "SI", "SJ", "SK1", "SD"],
        "value": [1000.0, 10.0, 40.0, 5.0, 200.0, 300.0, 5.0, 440.0],
    }
)
SHARES = pd.DataFrame({"ebops": ["SI", "SJ"], "share_ict_delivered": [0.9, 0.5]})
# Servers 1000, 100, 10 per million score 100, 50, 0 on the log scale; indexes
# XAA (80 + 90 + 100 + 90) / 4 = 90, XDL (50 + 60 + 50 + 60) / 4 = 55,
# XBB (20 + 30 + 0 + 30) / 4 = 20. South = XDL and XBB: (55 + 20) / 2 = 37.5.
COMPONENTS: dict[str, tuple[float | None, ...]] = {
    "XAA": (80.0, 90.0, 1000.0, 90.0),
    "XDL": (50.0, 60.0, 100.0, 60.0),
    "XBB": (20.0, 30.0, 10.0, 30.0),
    "XCC": (40.0, 40.0, 40.0, None),  # no postal score: left out
}
SERIES = ("account", "internet", "servers", "postal_reliability")


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    rows = [
        {"country": code, "year": "2019", "series": name, "value": str(value)}
        for code, values in COMPONENTS.items()
        for name, value in zip(SERIES, values, strict=True)
        if value is not None
    ]
    groups = pd.DataFrame(
        {
            "country": ["XAA", "XDL", "XBB"],
            "grouping": "region",
            "group": ["North", "South", "South"],
        }
    )
    b2c = compute_index(from_table(pd.DataFrame(rows), "b2c.csv"), edition_rules(2020), groups)
    aggregates = b2c.aggregates.assign(members=lambda t: t["group"].map({"North": "XAA"}))
    aggregates.loc[aggregates["group"] == "South", "members"] = "XBB XDL"
    return {
        "macro_ict_sector": ict_sector_indicators(SBS, by=["year"]),
        "macro_tiers": tier_shares(SBS, by=["year"]),
        "macro_trade": ict_goods_shares(TRADE, by=["year", "flow"]).assign(partner="_T"),
        "macro_services": services_shares(BOP, by=["year", "flow"]),
        "macro_services_delivered": digitally_delivered_exports(BOP, SHARES, by=["year"]),
        "macro_b2c": b2c.economies,
        "macro_b2c_groups": aggregates,
        "macro_b2c_excluded": b2c.excluded,
    }


def _page(tables: dict[str, pd.DataFrame], folder: Path, lang: str) -> str:
    path = write_economy_release(
        tables,
        folder,
        lang,
        country="Demo Land",
        economy="XDL",
        period="2025",
        published=date(2026, 1, 5),
    )
    assert path.name == f"economy-{lang}.html"
    return path.read_text("utf-8")


def test_the_english_page_shows_each_indicator_and_the_rank(
    tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    html = _page(tables, tmp_path, "en")
    for heading in (
        "ICT sector and digital economy",
        "ICT goods in merchandise trade",
        "ICT and digitally deliverable services",
        "UNCTAD B2C E-commerce Index",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert '<td class="num">20.8</td>' in html  # ICT1 of the ICT sector
    assert '<td class="num">10.0</td>' in html  # ICT goods in imports
    assert '<td class="num">56.0</td>' in html  # digitally deliverable exports
    # Delivered: 0.9 * 200 + 0.5 * 300 = 330 of 1,000 exports = 33 %.
    assert '<td class="num">33.0</td>' in html
    assert "Demo Land ranks 2 of 3 economies, with an index of 55.0." in html
    assert "The average of South is 37.5." in html
    assert "Left out for lack of a component: XCC." in html
    assert '<tr class="marked"><th scope="row">2</th><td class="num">Demo Land</td>' in html
    assert html.count('<svg class="chart"') == 4


def test_the_arabic_page_is_right_to_left_and_the_french_uses_decimal_commas(
    tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    arabic = _page(tables, tmp_path, "ar")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "الاقتصاد الرقمي" in arabic
    french = _page(tables, tmp_path, "fr")
    assert '<td class="num">20,8</td>' in french
    assert "Demo Land se classe au rang 2 sur 3 économies, avec un indice de 55,0." in french


def test_nothing_is_loaded_from_outside_and_user_text_is_escaped(
    tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    hostile = dict(tables)
    groups = tables["macro_b2c_groups"].copy()
    groups["group"] = groups["group"].replace("North", "<script>alert(1)</script>")
    hostile["macro_b2c_groups"] = groups
    html = _page(hostile, tmp_path, "en")
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "src=" not in html
    assert "http://" not in html.replace("http://www.w3.org", "")


def test_every_text_has_all_six_languages() -> None:
    assert "economy.toml" in MESSAGE_FILES
    table = message_table()
    keys = [key for key in table if key.startswith("econ_")]
    assert len(keys) > 30
    for key in keys:
        entries = table[key].values() if "en" not in table[key] else [table[key]]
        for entry in entries:
            assert set(entry) == {"ar", "en", "es", "fr", "ru", "zh"}, key


def test_a_page_without_any_table_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReleaseInputError, match="nothing to publish"):
        write_economy_release({}, tmp_path, "en", country="X", economy=None, period="2025")
