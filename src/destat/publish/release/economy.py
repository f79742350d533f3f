"""The digital-economy release: the indicators from macro sources, on one page per language.

``economy-<lang>.html`` from the ``macro_*`` tables of :mod:`destat.project.macro`: ICT1, ICT2
and the digital-economy tiers (OECD 2007 ICT sector; Bukht and Heeks 2017), ICT goods in
merchandise trade, ICT and digitally deliverable services (UNCTAD Technical Notes No. 3, 2015,
and No. 11, 2018), and the UNCTAD B2C E-commerce Index with the economy's rank and its region's
average. Each section shows the latest year of its table, a chart and the figures in a table.
Nothing is loaded from outside; Arabic is laid out right to left.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from destat.indicators.i18n import normalize_language
from destat.publish.release.charts import Bar, BarGroup, Chart, bar_chart, label_room
from destat.publish.release.errors import ReleaseInputError
from destat.publish.release.messages import Messages
from destat.publish.release.numbers import NumberStyle
from destat.publish.release.rendering import page_frame, render, write_page

__all__ = ["write_economy_release"]

TOTAL = "_T"
_AXIS_TOPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
_ROLES = ("payment", "internet", "servers", "delivery")
_SCORES = (*(f"{role}_value" for role in _ROLES), "index")


@dataclass(frozen=True)
class _Table:
    caption: str
    head: list[str]
    rows: list[list[str]]
    marked: int | None = None  # the row of the project's own economy


@dataclass(frozen=True)
class _Section:
    anchor: str
    heading: str
    lead: str
    caption: str
    chart: Chart
    tables: list[_Table]


@dataclass(frozen=True)
class _Style:
    lang: str
    t: Messages
    numbers: NumberStyle

    def pct(self, value: float) -> str:
        """A percentage (already in %) with one decimal, or a dash when missing."""
        return "–" if _missing(value) else self.numbers.number(value, 1)

    def amount(self, value: float) -> str:
        """A value of the source, grouped, with one decimal."""
        return "–" if _missing(value) else self.numbers.number(value, 1)


def write_economy_release(
    tables: Mapping[str, pd.DataFrame],
    out_dir: Path | str,
    lang: str = "en",
    *,
    country: str,
    economy: str | None,
    period: str,
    published: date | None = None,
) -> Path:
    """Write ``economy-<lang>.html`` from the ``macro_*`` tables present; ``economy`` is the
    country's code in the B2C index tables (its row is marked and its rank stated)."""
    code = normalize_language(lang)
    style = _Style(code, Messages(code), NumberStyle(code))
    builders: list[tuple[str, Callable[[], _Section]]] = [
        ("macro_ict_sector", lambda: _sector(tables, style)),
        ("macro_trade", lambda: _goods(tables["macro_trade"], style)),
        ("macro_services", lambda: _services(tables, style)),
        ("macro_b2c", lambda: _b2c(tables, style, country, economy)),
    ]
    sections = [build() for name, build in builders if _has_rows(tables, name)]
    if not sections:
        raise ReleaseInputError("No macro table has rows: there is nothing to publish.")
    title = style.t("econ_title", country=country, period=period)
    frame = page_frame(style.t, code, title, style.t("econ_kind"), period, published)
    html = render("economy.html.j2", **frame, sections=sections)
    return write_page(html, out_dir, f"economy-{code}.html")


def _has_rows(tables: Mapping[str, pd.DataFrame], name: str) -> bool:
    return name in tables and not tables[name].empty


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _latest(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The rows of the latest year (all rows when the table has no year) and that year."""
    if "year" not in frame.columns:
        return frame, ""
    year = max(frame["year"].astype(str))
    return frame[frame["year"].astype(str) == year], year


def _axis_top(values: Sequence[float]) -> float:
    """The smallest of 1, 2, 5 ... 100 % (as a proportion) that holds every value (in %)."""
    largest = max((v for v in values if not _missing(v)), default=0.0)
    return next((top for top in _AXIS_TOPS if largest <= 100 * top), 1.0)


def _bar(value: float, label: str, top: float, style: _Style, series: int = 0) -> Bar:
    if _missing(value):
        return Bar(None, symbol="–", tooltip=f"{label}: –", series=series)
    text = style.pct(value)
    return Bar(value / (100 * top), value_text=text, tooltip=f"{label}: {text}", series=series)


def _chart(
    groups: Sequence[BarGroup],
    series: Sequence[str],
    chart_id: str,
    caption: str,
    style: _Style,
    top: float,
) -> Chart:
    return bar_chart(
        groups,
        chart_id=chart_id,
        title=caption,
        description=caption,
        axis_label="%",
        tick_text=lambda p: style.numbers.number(100 * top * p, 0 if top >= 0.05 else 1),
        rtl=style.lang == "ar",
        series_names=series,
        label_width=label_room([group.label for group in groups]),
    )


def _shares_chart(
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[str],
    chart_id: str,
    caption: str,
    style: _Style,
) -> Chart:
    """One group of bars per row, one bar per series, on an axis that fits the largest."""
    top = _axis_top([v for _, values in rows for v in values])
    groups = [
        BarGroup(label, tuple(_bar(v, label, top, style, i) for i, v in enumerate(values)))
        for label, values in rows
    ]
    return _chart(groups, series, chart_id, caption, style, top)


def _sector(tables: Mapping[str, pd.DataFrame], style: _Style) -> _Section:
    frame, year = _latest(tables["macro_ict_sector"])
    measures = (("ICT1", "persons_employed"), ("ICT2", "value_added"))
    tiers = _latest(tables["macro_tiers"])[0] if "macro_tiers" in tables else frame.iloc[:0]
    parts = [*dict.fromkeys(frame["part"]), *dict.fromkeys(tiers.get("part", []))]
    groups, rows = [], []
    for part in parts:
        cells = []
        for indicator, measure in measures:
            source, column = (
                (frame, "indicator") if part in set(frame["part"]) else (tiers, "measure")
            )
            key = indicator if column == "indicator" else measure
            rows_of = source[(source[column] == key) & (source["part"] == part)]
            cells.append(float(rows_of["value_pct"].iloc[0]) if len(rows_of) else math.nan)
        label = style.t.named("econ_part", part)
        groups.append((label, cells))
        rows.append([label, *(style.pct(v) for v in cells)])
    head = [style.t("econ_part_column"), style.t("econ_employment"), style.t("econ_value_added")]
    caption = style.t("econ_sector_caption", year=year)
    series = (style.t("econ_employment"), style.t("econ_value_added"))
    return _Section(
        "ict-sector",
        style.t("econ_sector"),
        style.t("econ_sector_lead"),
        caption,
        _shares_chart(groups, series, "chart-ict-sector", caption, style),
        [_Table(caption, head, rows)],
    )


def _goods(trade: pd.DataFrame, style: _Style) -> _Section:
    frame, year = _latest(trade[trade["partner"] == TOTAL])
    flows = ("M", "X")
    names = (style.t("econ_imports"), style.t("econ_exports"))
    groups, rows = [], []
    for part in dict.fromkeys(frame["part"]):
        mine = frame[frame["part"] == part]
        shares = [_cell(mine, "flow", flow, "value_pct") for flow in flows]
        values = [_cell(mine, "flow", flow, "numerator") for flow in flows]
        label = style.t.named("econ_part", part)
        groups.append((label, shares))
        rows.append([label, *(style.amount(v) for v in values), *(style.pct(s) for s in shares)])
    head = [style.t("econ_part_column"), *names]
    head += [f"{name}, {style.t('econ_share_of_trade')}" for name in names]
    caption = style.t("econ_goods_caption", year=year)
    return _Section(
        "ict-goods",
        style.t("econ_goods"),
        style.t("econ_goods_lead"),
        caption,
        _shares_chart(groups, names, "chart-ict-goods", caption, style),
        [_Table(caption, head, rows)],
    )


def _cell(frame: pd.DataFrame, column: str, key: str, value: str) -> float:
    rows = frame[frame[column] == key]
    return float(rows[value].iloc[0]) if len(rows) else math.nan


def _services(tables: Mapping[str, pd.DataFrame], style: _Style) -> _Section:
    frame, year = _latest(tables["macro_services"])
    flows = ("X", "M")
    names = (style.t("econ_exports"), style.t("econ_imports"))
    groups, rows = [], []
    for part in dict.fromkeys(frame["part"]):
        mine = frame[frame["part"] == part]
        shares = [_cell(mine, "flow", flow, "value_pct") for flow in flows]
        label = style.t.named("econ_part", part)
        groups.append((label, shares))
        rows.append([label, *(style.pct(s) for s in shares)])
    caption = style.t("econ_services_caption", year=year)
    head = [style.t("econ_part_column"), *names]
    section_tables = [_Table(caption, head, rows)]
    if _has_rows(tables, "macro_services_delivered"):
        section_tables.append(_delivered(tables["macro_services_delivered"], style))
    return _Section(
        "services",
        style.t("econ_services"),
        style.t("econ_services_lead"),
        caption,
        _shares_chart(groups, names, "chart-services", caption, style),
        section_tables,
    )


def _delivered(delivered: pd.DataFrame, style: _Style) -> _Table:
    frame, year = _latest(delivered)
    rows = [
        [
            style.t.named("econ_item", str(row["item"])),
            style.amount(float(row["value"])),
            style.pct(float(row["share_pct"])),
            style.amount(float(row["delivered"])),
        ]
        for _, row in frame.iterrows()
    ]
    head = [
        style.t("econ_item_column"),
        style.t("econ_exports"),
        style.t("econ_delivered_share"),
        style.t("econ_delivered_value"),
    ]
    return _Table(style.t("econ_delivered_caption", year=year), head, rows)


def _b2c(
    tables: Mapping[str, pd.DataFrame], style: _Style, country: str, economy: str | None
) -> _Section:
    index = tables["macro_b2c"]
    year = int(index["reference_year"].max())
    frame = index[index["reference_year"] == year].sort_values(["rank", "country"])
    averages = tables.get("macro_b2c_groups", pd.DataFrame())
    averages = averages[averages["reference_year"] == year] if len(averages) else averages
    names = [country if code == economy else str(code) for code in frame["country"]]
    caption = style.t("econ_b2c_caption", year=year, edition=int(frame["edition"].iloc[0]))
    bars = [
        BarGroup(f"{rank}. {name}", (_bar(float(value), name, 1.0, style, int(name == country)),))
        for rank, name, value in zip(frame["rank"], names, frame["index"], strict=True)
    ]
    for _, row in averages.iterrows():
        label = style.t("econ_average", group=row["group"])
        bars.append(BarGroup(label, (_bar(float(row["index"]), label, 1.0, style, 1),)))
    rows = [
        [str(row["rank"]), name, *(style.pct(float(row[column])) for column in _SCORES)]
        for name, (_, row) in zip(names, frame.iterrows(), strict=True)
    ]
    head = [style.t("econ_rank"), style.t("econ_economy")]
    head += [style.t(f"econ_{role}") for role in (*_ROLES, "index")]
    marked = names.index(country) if economy in set(frame["country"]) else None
    section_tables = [_Table(caption, head, rows, marked)]
    if len(averages):
        section_tables.append(_group_table(averages, style, year))
    lead = style.t("econ_b2c_lead")
    if marked is not None:
        lead += " " + _standing(frame, averages, economy or "", country, style)
    excluded = tables.get("macro_b2c_excluded", pd.DataFrame())
    left_out: list[str] = (
        list(excluded.loc[excluded["reference_year"] == year, "country"]) if len(excluded) else []
    )
    if left_out:
        codes = ", ".join(country if code == economy else str(code) for code in left_out)
        lead += " " + style.t("econ_excluded", economies=codes)
    chart = _chart(bars, (), "chart-b2c", caption, style, 1.0)
    return _Section("b2c", style.t("econ_b2c"), lead, caption, chart, section_tables)


def _group_table(averages: pd.DataFrame, style: _Style, year: int) -> _Table:
    rows = [
        [
            str(row["group"]),
            style.numbers.number(int(row["economies"])),
            *(style.pct(float(row[column])) for column in _SCORES),
        ]
        for _, row in averages.iterrows()
    ]
    head = [style.t("econ_group"), style.t("econ_economies")]
    head += [style.t(f"econ_{role}") for role in (*_ROLES, "index")]
    return _Table(style.t("econ_groups_caption", year=year), head, rows)


def _standing(
    frame: pd.DataFrame, averages: pd.DataFrame, economy: str, country: str, style: _Style
) -> str:
    """Where the economy ranks, and the average of each group it belongs to."""
    row = frame[frame["country"] == economy].iloc[0]
    text = style.t(
        "econ_b2c_rank",
        economy=country,
        rank=style.numbers.number(int(row["rank"])),
        count=style.numbers.number(len(frame)),
        index=style.pct(float(row["index"])),
    )
    for _, group in averages.iterrows():
        if economy in str(group.get("members", "")).split():
            text += " " + style.t(
                "econ_b2c_group", group=group["group"], average=style.pct(float(group["index"]))
            )
    return text
