"""The HTML statistical release: offline, per-language, with hidden figures kept hidden."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from destat.errors import DestatError
from destat.indicators.i18n import translations
from destat.publish.release import (
    Comparison,
    Methodology,
    ReleaseInputError,
    ReleaseSettingError,
    write_release,
)

SIZES = ("GE10", "10-49", "50-249", "GE250")
INDICATORS = ("B1", "B3", "B7", "B9_FIXED_BB")
CONFIDENTIAL = ("B3", "GE250")  # estimate 0.9123 must not appear
UNRELIABLE = ("B7", "50-249")  # estimate 0.0871 must not appear


def results_table() -> pd.DataFrame:
    """Four indicators by size class plus one activity row; B1 total is 0.473."""
    rows = []
    for i, indicator in enumerate(INDICATORS):
        for j, size in enumerate(SIZES):
            p = 0.473 if (indicator, size) == ("B1", "GE10") else 0.30 + 0.1 * i + 0.05 * j
            se = 0.02 if size != "50-249" else 0.07
            rows.append(_row(indicator, size, "_T", p, se))
    rows.append(_row("B1", "GE10", "C10-C33", 0.55, 0.03))
    table = pd.DataFrame(rows)
    confidential = (table.indicator == CONFIDENTIAL[0]) & (table.size_class == CONFIDENTIAL[1])
    table.loc[confidential, ["estimate", "conf_status", "n"]] = [0.9123, "C", 2]
    unreliable = (table.indicator == UNRELIABLE[0]) & (table.size_class == UNRELIABLE[1])
    table.loc[unreliable, ["estimate", "cv", "quality"]] = [0.0871, 0.62, "C"]
    return table


def _row(indicator: str, size: str, activity: str, p: float, se: float) -> dict[str, object]:
    cv = se / p
    return {
        "indicator": indicator,
        "unit": "PC_ENT",
        "size_class": size,
        "activity": activity,
        "owner_sex": "_T",
        "region": "_T",
        "time_period": "2025",
        "ref_area": "KE",
        "estimate": p,
        "se": se,
        "ci_low": p - 1.96 * se,
        "ci_high": p + 1.96 * se,
        "cv": cv,
        "n": 120,
        "quality": "A" if cv <= 0.15 else "B",
        "conf_status": "F",
        "obs_status": "A",
    }


class _Page(HTMLParser):
    """Collects attributes that load resources, inline styles and the SVG structure."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.styles: list[str] = []
        self.svgs: list[dict[str, object]] = []
        self.html_attrs: dict[str, str | None] = {}
        self.texts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_attrs = values
        for name in ("src", "href", "xlink:href", "srcset", "poster", "data", "action"):
            if values.get(name):
                self.references.append(str(values[name]))
        if values.get("style"):
            self.styles.append(str(values["style"]))
        self._in_style = tag == "style"
        if tag == "svg":
            self.svgs.append({"attrs": values, "bars": 0, "classes": []})
        if tag == "rect" and self.svgs:
            kind = str(values.get("class") or "")
            if kind.split()[:1] == ["bar"]:
                self.svgs[-1]["bars"] = int(str(self.svgs[-1]["bars"])) + 1

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
        else:
            self.texts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def _parse(path: Path) -> tuple[str, _Page]:
    text = path.read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    page.close()
    return text, page


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("release")
    table = results_table()
    return {
        lang: write_release(
            table,
            out,
            lang,
            country_name="Kenya" if lang == "en" else None,
            published=date(2026, 3, 31),
            methodology=Methodology(sampled=2400, respondents=1830),
        )
        for lang in ("en", "fr", "ar")
    }


def test_files_are_written_per_language(pages: dict[str, Path]) -> None:
    for lang, path in pages.items():
        assert path.name == f"release-{lang}.html"
        assert path.stat().st_size > 10_000


def test_nothing_is_loaded_from_outside(pages: dict[str, Path]) -> None:
    for path in pages.values():
        text, page = _parse(path)
        for reference in page.references:
            assert reference.startswith("#"), reference
        for style in page.styles:
            assert not re.search(r"url\(\s*['\"]?(?!#)", style), style
            assert "@import" not in style
        assert "http://" not in text
        assert "https://" not in text
        assert "<script" not in text


def test_arabic_page_is_right_to_left_with_catalogue_names(pages: dict[str, Path]) -> None:
    text, page = _parse(pages["ar"])
    assert page.html_attrs == {"lang": "ar", "dir": "rtl"}
    catalogue_name = translations("ar").gettext("Proportion of businesses using computers")
    assert catalogue_name != "Proportion of businesses using computers"
    assert catalogue_name in text
    assert "كينيا" in text  # the country's name from CLDR, from ref_area KE


def test_numbers_follow_the_language(pages: dict[str, Path]) -> None:
    english, _ = _parse(pages["en"])
    french, _ = _parse(pages["fr"])
    arabic, _ = _parse(pages["ar"])
    assert ">47.3<" in english
    assert ">47,3<" in french
    assert ">47.3<" not in french
    assert "47,3\u00a0%" in french  # headline figure
    assert ">47.3<" in arabic  # CLDR's default for Arabic: Latin digits


def test_arabic_indic_digits_on_request(tmp_path: Path) -> None:
    path = write_release(results_table(), tmp_path, "ar", number_locale="ar_EG")
    assert ">٤٧٫٣<" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_hidden_figures_show_a_symbol_and_no_number(pages: dict[str, Path], lang: str) -> None:
    text, page = _parse(pages[lang])
    shown = "\n".join(page.texts)
    assert "47" in shown
    for hidden in ("91.2", "91,2", "8.7", "8,7", "62.0", "62,0"):
        assert hidden not in shown
    assert '<td class="num hidden">..</td>' in text
    assert '<td class="num hidden">x</td>' in text


def test_one_bar_per_visible_figure(pages: dict[str, Path]) -> None:
    table = results_table()
    in_charts = table[table.activity == "_T"]
    for path in pages.values():
        _, page = _parse(path)
        assert len(page.svgs) == len(INDICATORS)
        for indicator, svg in zip(INDICATORS, page.svgs, strict=True):
            figures = in_charts[in_charts.indicator == indicator]
            visible = figures[(figures.conf_status == "F") & (figures.quality != "C")]
            assert svg["bars"] == len(visible), indicator
            attrs = svg["attrs"]
            assert isinstance(attrs, dict)
            assert attrs["role"] == "img"
            assert attrs["aria-labelledby"].endswith("-desc")


def test_definitions_methods_and_citation(pages: dict[str, Path]) -> None:
    text, _ = _parse(pages["en"])
    assert "Businesses that used computers during the reference period" in text
    assert "Fixed broadband" in text
    assert "2,400 businesses were sampled and 1,830 responded." in text
    assert "1.96 standard errors" in text
    assert "Kenya (2026). ICT use by businesses in Kenya, 2025." in text
    assert "Confidential: not shown" in text
    assert "coefficient of variation above 35%" in text


def test_untrusted_text_is_escaped(tmp_path: Path) -> None:
    table = results_table()
    others = table[["indicator", "size_class", "activity", "owner_sex", "region"]].assign(
        estimate=0.5
    )
    evil = '<script>alert("x")</script>'
    path = write_release(
        table,
        tmp_path,
        "en",
        title=evil,
        country_name=evil,
        comparison=Comparison(others, evil),
    )
    text = path.read_text(encoding="utf-8")
    assert "<script" not in text
    assert "&lt;script&gt;" in text


def test_comparison_sits_beside_the_survey(tmp_path: Path) -> None:
    table = results_table()
    web = table[table.indicator == "B1"][
        ["indicator", "size_class", "activity", "owner_sex", "region"]
    ].assign(estimate=0.5)
    path = write_release(
        table, tmp_path, "fr", country_name="Kenya", comparison=Comparison(web, "Sites web")
    )
    text, page = _parse(path)
    assert "Comparaison avec Sites web" in text
    grouped = page.svgs[1]  # B1's own chart, then its comparison chart
    # 4 survey bars and 4 comparison bars (the activity row is not charted)
    assert grouped["bars"] == 8
    assert ">2,7<" in text  # 50.0 - 47.3 percentage points, French decimal comma


def test_errors_say_what_and_how(tmp_path: Path) -> None:
    table = results_table()
    with pytest.raises(ReleaseInputError, match=r"'B99'.*row 1"):
        write_release(table.assign(indicator=["B99", *table.indicator[1:]]), tmp_path)
    with pytest.raises(ReleaseInputError, match="lacks the column"):
        write_release(table.drop(columns="cv"), tmp_path)
    with pytest.raises(ReleaseInputError, match="several reference periods"):
        write_release(table.assign(time_period=["2024", *table.time_period[1:]]), tmp_path)
    with pytest.raises(ReleaseInputError, match="divide percentages by 100"):
        write_release(table.assign(estimate=table.estimate * 100), tmp_path)
    with pytest.raises(ReleaseSettingError, match="quality_thresholds"):
        write_release(table, tmp_path, quality_thresholds=(0.35, 0.15))
    with pytest.raises(DestatError, match="six UN languages"):
        write_release(table, tmp_path, "de")


def test_caution_bars_are_hatched_and_explained(pages: dict[str, Path]) -> None:
    text, _ = _parse(pages["en"])
    assert text.count('class="bar series-0 caution"') == 1  # B1, 50 to 249 (CV 17.5%)
    assert "Hatched bars: use with caution (grade B)." in text


@pytest.mark.parametrize("lang", ["es", "ru", "zh"])
def test_every_language_renders(tmp_path: Path, lang: str) -> None:
    text = write_release(results_table(), tmp_path, lang).read_text(encoding="utf-8")
    assert translations(lang).gettext("Proportion of businesses using computers") in text
    expected = ">47,3<" if lang in ("es", "ru") else ">47.3<"
    assert expected in text


def test_interface_texts_exist_in_six_languages_with_the_same_placeholders() -> None:
    from destat.indicators.i18n import LANGUAGES
    from destat.publish.release.messages import message_table

    def entries(table: dict[str, object], prefix: str = "") -> list[tuple[str, dict[str, str]]]:
        found = []
        for key, value in table.items():
            assert isinstance(value, dict)
            if "en" in value:
                found.append((prefix + key, value))
            else:
                found += entries(value, f"{prefix}{key}.")
        return found

    for key, texts in entries(message_table()):
        assert set(texts) == set(LANGUAGES), key
        placeholders = {lang: set(re.findall(r"\{(\w+)\}", text)) for lang, text in texts.items()}
        assert all(p == placeholders["en"] for p in placeholders.values()), key


def test_every_breakdown_of_the_publishing_example(tmp_path: Path) -> None:
    from .tables import REGIONS, make_results

    path = write_release(make_results(), tmp_path, "en", region_names=REGIONS)
    text, _ = _parse(path)
    for heading in ("Economic activity (ISIC Rev.4 aggregate)", "Sex of owner or manager"):
        assert f'<th scope="colgroup" colspan="6">{heading}</th>' in text
    assert "Nairobi" in text
    assert "Retail trade, except of motor vehicles and motorcycles" in text
    assert "% of persons employed" in text  # B2's unit, from the catalogue
    assert '<td class="num hidden">:</td>' in text  # not collected (obs_status L)
    assert "<strong>E</strong> Estimated value" in text


def test_categories_of_an_indicator_share_a_section(tmp_path: Path) -> None:
    table = results_table()
    b9 = table[table.indicator == "B9_FIXED_BB"]
    mobile = b9.assign(indicator="B9_MOBILE_BB", estimate=0.61)
    narrow = b9.assign(indicator="B9_NARROWBAND", conf_status="D")
    path = write_release(pd.concat([table, mobile, narrow]), tmp_path, "en")
    text, page = _parse(path)
    assert text.count('<section class="indicator" id="indicator-B9">') == 1
    for category in ("Narrowband", "Fixed broadband", "Mobile broadband"):
        assert f"<h3>{category}</h3>" in text
    overview = next(s for s in page.svgs if s["attrs"]["aria-labelledby"].startswith("chart-B9-"))
    assert overview["bars"] == 2  # narrowband is confidential: its symbol, no bar
    # no headline card for B9: its overview chart stands for it
    assert 'href="#indicator-B9_FIXED_BB" class="headline-link"' not in text
    assert '<a href="#indicator-B9_MOBILE_BB">Mobile broadband</a>' in text  # contents


def test_comparison_figures_without_a_survey_figure_are_left_out_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    table = results_table()
    web = pd.DataFrame(
        {
            "indicator": ["B1", "B5"],
            "size_class": ["GE10", "GE10"],
            "activity": ["_T", "_T"],
            "owner_sex": ["_T", "_T"],
            "region": ["_T", "_T"],
            "estimate": [0.5, 0.6],
        }
    )
    with caplog.at_level("WARNING", logger="destat.publish.release"):
        write_release(table, tmp_path, "en", comparison=Comparison(web, "Web"))
    assert "1 figure(s) of the comparison table 'Web' have no survey figure" in caplog.text
