"""The household release: ICT use by individuals and households, women and men side by side.

One self-contained HTML page per language (``household-<lang>.html``) from the tables that
:mod:`destat.project.household` publishes: per indicator a chart of the women's and men's shares
with their 95% intervals by each breakdown, and a table with both sexes, the gender parity index
(women / men) and the difference, each with its interval. Figures graded C or confidential show
a symbol instead of any number, and so does a gap built on one of them. Nothing is loaded from
outside; Arabic is laid out right to left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from destat.indicators.i18n import normalize_language
from destat.macro.household import HOUSEHOLD_INDICATORS
from destat.publish.release.charts import Bar, BarGroup, Chart, bar_chart, label_room
from destat.publish.release.errors import ReleaseInputError
from destat.publish.release.figures import Status, figure_status
from destat.publish.release.messages import Messages
from destat.publish.release.numbers import NumberStyle
from destat.publish.release.rendering import page_frame, render, write_page

__all__ = ["write_household_release"]

BREAKDOWNS = ("age_group", "area", "education")
TOTAL = "_T"
_ORDER = {i.code: n for n, i in enumerate(HOUSEHOLD_INDICATORS)}


@dataclass(frozen=True)
class _Row:
    label: str
    women: str
    men: str
    both: str
    ratio: str
    difference: str


@dataclass(frozen=True)
class _Group:
    heading: str
    rows: list[_Row]


@dataclass(frozen=True)
class _Section:
    code: str
    name: str
    caption: str
    chart: Chart
    groups: list[_Group]
    note: str


@dataclass(frozen=True)
class _Style:
    lang: str
    messages: Messages
    numbers: NumberStyle

    def named(self, group: str, code: str) -> str:
        """The name of ``code`` in the message group ``group``, or the code itself."""
        return self.messages.named(group, code)


def write_household_release(
    shares: pd.DataFrame,
    gaps: pd.DataFrame,
    out_dir: Path | str,
    lang: str = "en",
    *,
    country: str,
    period: str,
    caution: float = 0.35,
    published: date | None = None,
) -> Path:
    """Write ``household-<lang>.html`` from the ``household`` and ``household_gaps`` tables;
    ``caution`` is the CV above which a figure (graded C) is not published."""
    code = normalize_language(lang)
    if shares.empty:
        raise ReleaseInputError("The household table is empty: there is nothing to publish.")
    style = _Style(code, Messages(code), NumberStyle(code))
    indicators = sorted(set(shares["indicator"]), key=lambda c: _ORDER.get(c, len(_ORDER)))
    sections = [_section(i, shares, gaps, style) for i in indicators]
    messages = style.messages
    frame = page_frame(
        messages,
        code,
        messages("hh_title", country=country, period=period),
        messages("hh_kind"),
        period,
        published,
    )
    html = render(
        "household.html.j2",
        **frame,
        sections=sections,
        symbols=[
            (Status.CONFIDENTIAL.value, messages("symbol_confidential")),
            (
                Status.UNRELIABLE.value,
                messages("symbol_unreliable", b=style.numbers.number(100 * caution, 0)),
            ),
        ],
    )
    return write_page(html, out_dir, f"household-{code}.html")


def _section(code: str, shares: pd.DataFrame, gaps: pd.DataFrame, style: _Style) -> _Section:
    mine = shares[shares["indicator"] == code]
    gap = gaps[gaps["indicator"] == code]
    name = style.named("hh_indicator", code)
    groups, bars = [], []
    for dimension in (None, *BREAKDOWNS):
        levels = _levels(mine, dimension)
        if not levels:
            continue
        heading = (
            style.messages("hh_all")
            if dimension is None
            else style.named("hh_dimension", dimension)
        )
        rows = []
        for level in levels:
            label = heading if dimension is None else style.named("hh_code", level)
            cells = {s: _cell(mine, dimension, level, s) for s in ("F", "M", TOTAL)}
            rows.append(_row(label, cells, gap, dimension, level, style))
            bar_pair = tuple(_bar(cells[s], label, i, style) for i, s in enumerate(("F", "M")))
            bars.append(BarGroup(label, bar_pair))
        groups.append(_Group(heading, rows))
    caption = style.messages("hh_chart_caption", name=name)
    chart = bar_chart(
        bars,
        chart_id=f"chart-{code}",
        title=caption,
        description=caption,
        axis_label="%",
        tick_text=lambda p: style.numbers.percent(p, 0),
        rtl=style.lang == "ar",
        series_names=(style.messages("hh_women"), style.messages("hh_men")),
        label_width=label_room([b.label for b in bars]),
    )
    of_households = bool((mine["unit"] == "PC_HH").all())
    note = style.messages("hh_head_note") if of_households else ""
    return _Section(code, name, caption, chart, groups, note)


def _levels(frame: pd.DataFrame, dimension: str | None) -> list[str]:
    if dimension is None:
        return [TOTAL]
    if dimension not in frame:
        return []
    others = [d for d in BREAKDOWNS if d != dimension and d in frame]
    rows = frame[(frame[dimension] != TOTAL) & (frame[others] == TOTAL).all(axis=1)]
    return sorted(set(rows[dimension]))


def _select(frame: pd.DataFrame, dimension: str | None, level: str) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column in (c for c in BREAKDOWNS if c in frame):
        mask &= frame[column] == (level if column == dimension else TOTAL)
    return frame[mask]


def _cell(frame: pd.DataFrame, dimension: str | None, level: str, sex: str) -> pd.Series | None:
    rows = _select(frame, dimension, level)
    rows = rows[rows["sex"] == sex]
    return rows.iloc[0] if len(rows) else None


def _hidden(row: pd.Series | None) -> str | None:
    """The symbol shown instead of a figure, or None when it is published."""
    if row is None:
        return Status.MISSING.value
    status = figure_status(row["conf_status"], row["quality"], row["estimate"])
    return None if status is Status.SHOWN else status.value


def _share_text(row: pd.Series | None, style: _Style) -> str:
    symbol = _hidden(row)
    if symbol is not None or row is None:
        return symbol or ""
    low, high = (style.numbers.percent(max(min(row[c], 1.0), 0.0)) for c in ("ci_low", "ci_high"))
    return f"{style.numbers.percent(row['estimate'])} ({low}–{high})"


def _gap_text(
    gap: pd.DataFrame, unit: str, dimension: str | None, level: str, style: _Style
) -> str:
    rows = _select(gap[gap["unit"] == unit], dimension, level)
    row = rows.iloc[0] if len(rows) else None
    symbol = _hidden(row)
    if symbol is not None or row is None:
        return symbol or ""
    if unit == "RATIO_FM":
        low, high = (style.numbers.number(row[c], 2) for c in ("ci_low", "ci_high"))
        return f"{style.numbers.number(row['estimate'], 2)} ({low}–{high})"
    low, high = (style.numbers.number(100 * row[c], 1) for c in ("ci_low", "ci_high"))
    return f"{style.numbers.number(100 * row['estimate'], 1)} ({low}; {high})"


def _row(
    label: str,
    cells: dict[str, pd.Series | None],
    gap: pd.DataFrame,
    dimension: str | None,
    level: str,
    style: _Style,
) -> _Row:
    return _Row(
        label,
        _share_text(cells["F"], style),
        _share_text(cells["M"], style),
        _share_text(cells[TOTAL], style),
        _gap_text(gap, "RATIO_FM", dimension, level, style),
        _gap_text(gap, "DIFF_FM", dimension, level, style),
    )


def _bar(row: pd.Series | None, label: str, series: int, style: _Style) -> Bar:
    symbol = _hidden(row)
    if symbol is not None or row is None:
        return Bar(None, symbol=symbol or "", tooltip=f"{label}: {symbol}", series=series)
    estimate = float(row["estimate"])
    low, high = max(float(row["ci_low"]), 0.0), min(float(row["ci_high"]), 1.0)
    text = style.numbers.percent(estimate)
    return Bar(
        estimate,
        low,
        high,
        text,
        tooltip=f"{label}: {text}",
        caution=row["quality"] == "B",
        series=series,
    )
