"""One section per indicator: its chart by size class, its table, and an optional comparison."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

from destat.indicators.codelists import get_codelist
from destat.publish.release.charts import Bar, BarGroup, Chart, bar_chart, label_room
from destat.publish.release.figures import KEYS, Figure, Status, split_code
from destat.publish.release.labels import Labels
from destat.publish.release.messages import Messages
from destat.publish.release.numbers import NumberStyle

__all__ = [
    "Context",
    "IndicatorGroup",
    "Row",
    "Section",
    "build_sections",
    "figure_bar",
    "figure_order",
    "figure_row",
    "group_sections",
]

_ORDERED_LISTS = {"size_class": "SIZE_CLASS", "activity": "ISIC4_AGG", "owner_sex": "SEX"}
_DIMENSIONS = tuple(d for d in KEYS if d != "indicator")


@dataclass(frozen=True)
class Context:
    """What every part of the page needs: language, texts, names and number style."""

    labels: Labels
    messages: Messages
    numbers: NumberStyle

    @property
    def rtl(self) -> bool:
        """True for right-to-left languages."""
        return self.labels.lang == "ar"


@dataclass(frozen=True)
class Row:
    """A table row: the label and the printed cells (a symbol in ``estimate`` if hidden)."""

    label: str
    estimate: str
    ci: str = ""
    cv: str = ""
    n: str = ""
    flags: str = ""
    hidden: bool = False
    other: str = ""
    difference: str = ""


@dataclass(frozen=True)
class RowGroup:
    """Rows of one breakdown (or the total) under a heading."""

    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class ComparisonView:
    """The comparison of one indicator: a grouped chart and a side-by-side table."""

    label: str
    chart: Chart | None
    caption: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Section:
    """Everything shown for one indicator code."""

    code: str
    anchor: str
    name: str
    category: str
    unit: str
    chart: Chart | None
    caption: str
    table_caption: str
    groups: tuple[RowGroup, ...]
    symbols: tuple[Status, ...]
    statuses: tuple[str, ...]
    caution: bool
    comparison: ComparisonView | None = None
    total: Figure | None = None

    @property
    def short_code(self) -> str:
        """The catalogue code shown to readers (``B9`` for ``B9_FIXED_BB``)."""
        return split_code(self.code)[0]


def figure_order(figures: Sequence[Figure], labels: Labels) -> list[Figure]:
    """Figures in catalogue order of indicators and categories, the total first, then by
    breakdown in code-list order."""
    catalogue = labels.catalogue
    ranks = {code: i for i, code in enumerate(catalogue.codes)}
    code_ranks = {
        column: {code: i for i, code in enumerate(get_codelist(name).by_code)}
        for column, name in _ORDERED_LISTS.items()
    }
    code_ranks["region"] = {code: i for i, code in enumerate(labels.regions)}

    def key(figure: Figure) -> tuple[object, ...]:
        base, category = split_code(figure.indicator)
        categories = [c.code for c in catalogue.indicator(base).categories]
        category_rank = -1 if category is None else categories.index(category)
        dims = tuple(_DIMENSIONS.index(d) for d in figure.breakdown)
        codes = tuple(
            (code_ranks[d].get(getattr(figure, d), len(code_ranks[d])), getattr(figure, d))
            for d in _DIMENSIONS
        )
        return (ranks[base], category_rank, len(dims), dims, codes)

    return sorted(figures, key=key)


def _ci(figure: Figure, numbers: NumberStyle) -> str:
    if figure.ci_low is None or figure.ci_high is None:
        return ""
    low, high = max(figure.ci_low, 0.0), min(figure.ci_high, 1.0)
    return f"{numbers.percent(low)} – {numbers.percent(high)}"


def _flags(figure: Figure) -> str:
    """The grade, then the observation status unless it is A (normal value)."""
    status = figure.obs_status if figure.obs_status != "A" else ""
    return " ".join(f for f in (figure.quality, status) if f)


def figure_row(figure: Figure, label: str, numbers: NumberStyle) -> Row:
    """The printed cells of a figure; a hidden one shows its symbol and nothing else."""
    estimate = figure.shown_estimate
    if estimate is None:
        return Row(label, figure.status.value, hidden=True)
    return Row(
        label,
        numbers.percent(estimate),
        _ci(figure, numbers),
        numbers.optional_percent(figure.cv),
        numbers.count(figure.n),
        _flags(figure),
    )


def figure_bar(figure: Figure | None, label: str, ctx: Context, series: int = 0) -> Bar:
    estimate = figure.shown_estimate if figure is not None else None
    if figure is None or estimate is None:
        symbol = figure.status.value if figure is not None else Status.MISSING.value
        return Bar(None, symbol=symbol, tooltip=f"{label}: {symbol}", series=series)
    numbers = ctx.numbers
    low = max(figure.ci_low, 0.0) if figure.ci_low is not None else None
    high = min(figure.ci_high, 1.0) if figure.ci_high is not None else None
    tooltip = ctx.messages(
        "bar_tooltip",
        label=label,
        value=numbers.percent(estimate),
        low=numbers.optional_percent(low),
        high=numbers.optional_percent(high),
    )
    return Bar(
        estimate,
        low,
        high,
        numbers.percent(estimate),
        tooltip=tooltip,
        caution=figure.quality == "B",
        series=series,
    )


def _charted(figures: Sequence[Figure]) -> list[Figure]:
    """The figures a chart shows: the total and the size classes, other dimensions at total."""
    return [f for f in figures if set(f.breakdown) <= {"size_class"}]


def _chart(
    code: str,
    series: Sequence[Mapping[tuple[str, ...], Figure]],
    keys: Sequence[Figure],
    ctx: Context,
    caption: str,
    names: Sequence[str] = (),
) -> Chart | None:
    if not keys:
        return None
    groups = []
    for figure in keys:
        label = ctx.messages.size_short(figure.size_class)
        key = _key(figure)
        bars = tuple(figure_bar(s.get(key), label, ctx, i) for i, s in enumerate(series))
        groups.append(BarGroup(label, bars))
    suffix = "-comparison" if names else ""
    return bar_chart(
        groups,
        chart_id=f"chart-{code}{suffix}",
        title=caption,
        description=caption,
        axis_label=ctx.labels.unit(code),
        tick_text=lambda p: ctx.numbers.percent(p, 0),
        rtl=ctx.rtl,
        series_names=names,
    )


def _key(figure: Figure) -> tuple[str, ...]:
    return tuple(str(getattr(figure, k)) for k in KEYS)


def _row_groups(figures: Sequence[Figure], ctx: Context) -> tuple[RowGroup, ...]:
    groups = []
    for breakdown, members in groupby(figures, key=lambda f: f.breakdown):
        items = list(members)
        heading = ctx.messages("total") if not breakdown else ctx.labels.breakdown_heading(items[0])
        rows = tuple(figure_row(f, ctx.labels.breakdown_name(f), ctx.numbers) for f in items)
        groups.append(RowGroup(heading, rows))
    return tuple(groups)


def _comparison_view(
    code: str,
    figures: Sequence[Figure],
    others: Mapping[tuple[str, ...], Figure],
    label: str,
    ctx: Context,
) -> ComparisonView | None:
    matched = [f for f in figures if _key(f) in others]
    if not matched:
        return None
    rows = []
    for figure in matched:
        other = others[_key(figure)]
        own = figure_row(figure, ctx.labels.breakdown_name(figure), ctx.numbers)
        theirs = figure_row(other, "", ctx.numbers)
        difference = ""
        ours, their = figure.shown_estimate, other.shown_estimate
        if ours is not None and their is not None:
            difference = ctx.numbers.number(100 * (their - ours), 1)
        rows.append(
            Row(
                own.label,
                own.estimate,
                hidden=own.hidden,
                other=theirs.estimate,
                difference=difference,
            )
        )
    name = ctx.labels.indicator_name(code)
    caption = ctx.messages("comparison_caption", name=name, label=label, unit=ctx.labels.unit(code))
    own_map = {_key(f): f for f in figures}
    chart = _chart(
        code,
        (own_map, others),
        _charted(matched),
        ctx,
        caption,
        (ctx.messages("survey"), label),
    )
    return ComparisonView(label, chart, caption, tuple(rows))


def build_sections(
    figures: Sequence[Figure],
    ctx: Context,
    comparison: Sequence[Figure] = (),
    comparison_label: str = "",
) -> list[Section]:
    """One section per indicator code, in the order of ``figures`` (see :func:`figure_order`)."""
    others = {_key(f): f for f in comparison}
    sections = []
    for code, members in groupby(figures, key=lambda f: f.indicator):
        items = list(members)
        name = ctx.labels.indicator_name(code)
        unit = ctx.labels.unit(code)
        caption = ctx.messages("chart_caption", name=name, unit=unit)
        in_chart = _charted(items)
        sections.append(
            Section(
                code=code,
                anchor=f"indicator-{code}",
                name=name,
                category=ctx.labels.category_name(code),
                unit=unit,
                chart=_chart(code, ({_key(f): f for f in items},), in_chart, ctx, caption),
                caption=caption,
                table_caption=ctx.messages("table_caption", name=name, unit=unit),
                groups=_row_groups(items, ctx),
                symbols=tuple(dict.fromkeys(f.status for f in items if not f.shown)),
                statuses=tuple(
                    dict.fromkeys(f.obs_status for f in items if f.shown and f.obs_status != "A")
                ),
                caution=any(f.shown and f.quality == "B" for f in in_chart),
                comparison=(
                    _comparison_view(code, items, others, comparison_label, ctx) if others else None
                ),
                total=next((f for f in items if f.is_total), None),
            )
        )
    return sections


@dataclass(frozen=True)
class IndicatorGroup:
    """An indicator's sections: one, or one per category with an overview chart above them."""

    code: str
    anchor: str
    name: str
    sections: tuple[Section, ...]
    overview: Chart | None = None
    overview_caption: str = ""

    @property
    def categorised(self) -> bool:
        """True if the indicator is shown by category (two categories or more)."""
        return len(self.sections) > 1


def _overview(code: str, sections: Sequence[Section], ctx: Context) -> tuple[Chart, str]:
    """One bar per category: the figure for all businesses in scope."""
    name = ctx.labels.text(ctx.labels.base(code).name)
    caption = ctx.messages("category_caption", name=name, unit=ctx.labels.unit(code))
    groups = [
        BarGroup(section.category, (figure_bar(section.total, section.category, ctx),))
        for section in sections
    ]
    chart = bar_chart(
        groups,
        chart_id=f"chart-{code}-categories",
        title=caption,
        description=caption,
        axis_label=ctx.labels.unit(code),
        tick_text=lambda p: ctx.numbers.percent(p, 0),
        rtl=ctx.rtl,
        label_width=label_room([g.label for g in groups]),
    )
    return chart, caption


def group_sections(sections: Sequence[Section], ctx: Context) -> list[IndicatorGroup]:
    """Sections gathered by catalogue indicator (``B9_FIXED_BB`` and ``B9_MOBILE_BB`` in B9)."""
    groups = []
    for code, members in groupby(sections, key=lambda s: s.short_code):
        items = tuple(members)
        if len(items) == 1:
            only = items[0]
            groups.append(IndicatorGroup(code, only.anchor, only.name, items))
            continue
        chart, caption = _overview(code, items, ctx)
        name = ctx.labels.text(ctx.labels.base(code).name)
        groups.append(IndicatorGroup(code, f"indicator-{code}", name, items, chart, caption))
    return groups
