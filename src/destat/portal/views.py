"""What an indicator page shows: the figures of one breakdown as a chart and a table.

A page shows one indicator code (``B1``, ``B9_FIXED_BB``) in one reference period and one
breakdown (size class, economic activity, sex of the owner, region): the figure for all
businesses in scope, then one figure per code of the breakdown. Names, symbols and numbers come
from the release (:mod:`destat.publish.release`), so the portal and the release agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from destat.indicators.catalogue import Catalogue
from destat.portal.store import Publication
from destat.portal.texts import PortalTexts
from destat.publish.release.charts import BarGroup, Chart, bar_chart, label_room
from destat.publish.release.figures import KEYS, Figure, Status, read_figures, split_code
from destat.publish.release.labels import DIMENSIONS, Labels
from destat.publish.release.numbers import NumberStyle
from destat.publish.release.sections import Context, Row, figure_bar, figure_order, figure_row

__all__ = [
    "IndicatorView",
    "TableRow",
    "breakdowns_of",
    "context",
    "indicator_names",
    "indicator_view",
]


@dataclass(frozen=True)
class TableRow:
    """A table row: the release's cells and the standard error."""

    cells: Row
    se: str


@dataclass(frozen=True)
class IndicatorView:
    """Everything an indicator page shows."""

    code: str
    name: str
    unit: str
    definition: str
    period: str
    periods: tuple[str, ...]
    by: str
    breakdowns: tuple[tuple[str, str], ...]
    chart: Chart | None
    caption: str
    rows: tuple[TableRow, ...]
    notes: tuple[tuple[str, str], ...]


def context(lang: str, catalogue: Catalogue) -> Context:
    """Names, texts and number style of one language."""
    return Context(Labels(lang, catalogue), PortalTexts(lang), NumberStyle(lang))


def indicator_names(publication: Publication, lang: str) -> list[tuple[str, str]]:
    """(code, name) of every published indicator code, in catalogue order."""
    labels = Labels(lang, publication.catalogue)
    ranks = {code: i for i, code in enumerate(publication.catalogue.codes)}

    def rank(code: str) -> tuple[int, str]:
        return ranks.get(split_code(code)[0], len(ranks)), code

    return [
        (code, labels.indicator_name(code)) for code in sorted(publication.indicators, key=rank)
    ]


def _key(figure: Figure) -> tuple[str, ...]:
    return tuple(str(getattr(figure, k)) for k in KEYS)


def _se_texts(rows: pd.DataFrame, numbers: NumberStyle) -> dict[tuple[str, ...], str]:
    texts = {}
    for row in rows.to_dict(orient="records"):
        se = row["se"]
        shown = se is not None and not pd.isna(se) and math.isfinite(float(se))
        texts[tuple(str(row[k]) for k in KEYS)] = (
            numbers.number(100 * float(se), 2) if shown else ""
        )
    return texts


def _notes(
    figures: Sequence[Figure], publication: Publication, ctx: Context
) -> tuple[tuple[str, str], ...]:
    quality = publication.config.quality
    a, b = (ctx.numbers.number(100 * t) for t in (quality.reliable, quality.caution))
    notes = [("A", ctx.messages("grade_a", a=a)), ("B", ctx.messages("grade_b", a=a, b=b))]
    texts = {
        Status.CONFIDENTIAL: ctx.messages("symbol_confidential"),
        Status.UNRELIABLE: ctx.messages("symbol_unreliable", b=b),
        Status.MISSING: ctx.messages("symbol_missing"),
    }
    hidden = dict.fromkeys(f.status for f in figures if not f.shown)
    notes += [(status.value, texts[status]) for status in hidden]
    return tuple(notes)


def _chart(figures: Sequence[Figure], code: str, caption: str, ctx: Context) -> Chart | None:
    if not figures:
        return None
    labels = [ctx.labels.breakdown_name(f) for f in figures]
    groups = [
        BarGroup(label, (figure_bar(f, label, ctx),))
        for f, label in zip(figures, labels, strict=True)
    ]
    return bar_chart(
        groups,
        chart_id=f"chart-{code}",
        title=caption,
        description=caption,
        axis_label=ctx.labels.unit(code),
        tick_text=lambda p: ctx.numbers.percent(p, 0),
        rtl=ctx.rtl,
        label_width=label_room(labels),
    )


def _caption(name: str, unit: str, by: str, ctx: Context) -> str:
    if not by:
        return ctx.messages("chart_total", name=name, unit=unit)
    breakdown = ctx.labels.dimension(by)
    # Mid-sentence: "by employment size class" (no effect on Arabic or Chinese).
    breakdown = breakdown[:1].lower() + breakdown[1:]
    return ctx.messages("chart_by", name=name, breakdown=breakdown, unit=unit)


def breakdowns_of(figures: Sequence[Figure]) -> list[str]:
    """The breakdowns (results columns) in which an indicator has figures, in key order."""
    found = {f.breakdown[0] for f in figures if len(f.breakdown) == 1}
    return [d for d in DIMENSIONS if d in found]


def indicator_view(
    publication: Publication, lang: str, code: str, by: str | None, period: str | None
) -> IndicatorView | None:
    """The page of ``code``; None if it is not published (in that period)."""
    ctx = context(lang, publication.catalogue)
    periods = publication.periods
    chosen_period = period if period in periods else periods[-1]
    table = publication.results
    rows = table[(table["indicator"] == code) & (table["time_period"].astype(str) == chosen_period)]
    if rows.empty:
        return None
    figures = figure_order(read_figures(rows, publication.catalogue), ctx.labels)
    available = breakdowns_of(figures)
    chosen = by if by in available else (available[0] if available else "")
    shown = [f for f in figures if not f.breakdown or f.breakdown == (chosen,)]
    name, unit = ctx.labels.indicator_name(code), ctx.labels.unit(code)
    caption = _caption(name, unit, chosen, ctx)
    se = _se_texts(rows, ctx.numbers)
    return IndicatorView(
        code=code,
        name=name,
        unit=unit,
        definition=ctx.labels.text(ctx.labels.base(code).definition),
        period=chosen_period,
        periods=periods,
        by=chosen,
        breakdowns=tuple((d, ctx.labels.dimension(d)) for d in available),
        chart=_chart(shown, code, caption, ctx),
        caption=caption,
        rows=tuple(
            TableRow(figure_row(f, ctx.labels.breakdown_name(f), ctx.numbers), se[_key(f)])
            for f in shown
        ),
        notes=_notes(shown, publication, ctx),
    )
