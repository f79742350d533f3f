"""Horizontal bar charts with 95% confidence whiskers, laid out for inline SVG.

This module only computes geometry and texts; ``templates/chart.svg.j2`` writes the SVG with
Jinja2's autoescape, so labels cannot inject markup. Nothing is loaded from outside. Right-to-left
languages get a mirrored chart (labels on the right, bars growing to the left); numbers keep
their own left-to-right order. Each chart has a ``<title>`` and a ``<desc>`` for screen readers
and each bar a tooltip; the page puts the same figures in a table.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Bar", "BarGroup", "Chart", "Line", "Rect", "Text", "bar_chart", "label_room"]

LABEL_WIDTH = 130
MAX_LABEL_WIDTH = 400
PLOT_WIDTH = 442
VALUE_WIDTH = 60
BAR_HEIGHT = 18
BAR_GAP = 3
GROUP_GAP = 12
TOP = 8
AXIS_HEIGHT = 44
LEGEND_HEIGHT = 24
# Colour-blind-safe pair (Okabe-Ito blue and vermilion), dark enough on white.
SERIES_COLOURS = ("#0072b2", "#d55e00")
SERIES_TINTS = ("#cfe3f1", "#f5d5c2")


@dataclass(frozen=True)
class Bar:
    """One bar: a proportion with its interval, or ``None`` and the symbol shown instead."""

    value: float | None
    low: float | None = None
    high: float | None = None
    value_text: str = ""
    symbol: str = ""
    tooltip: str = ""
    caution: bool = False
    series: int = 0


@dataclass(frozen=True)
class BarGroup:
    """The bars of one category (one per series), under one label."""

    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Rect:
    """A filled rectangle; ``kind`` is its CSS class (``bar``, ``bar caution``, ``legend``)."""

    kind: str
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str = "none"
    tooltip: str = ""


@dataclass(frozen=True)
class Line:
    """A straight line (axis, grid line, whisker part)."""

    kind: str
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str


@dataclass(frozen=True)
class Text:
    """A label; ``rtl`` marks text written right to left."""

    kind: str
    x: float
    y: float
    anchor: str
    text: str
    rtl: bool = False
    tooltip: str = ""


@dataclass(frozen=True)
class Chart:
    """A laid-out chart, ready for ``templates/chart.svg.j2``."""

    chart_id: str
    title: str
    description: str
    width: float
    height: float
    hatches: tuple[tuple[str, str, str], ...]
    rects: tuple[Rect, ...]
    lines: tuple[Line, ...]
    texts: tuple[Text, ...]

    @property
    def bar_count(self) -> int:
        """Number of bars drawn (hidden figures have none)."""
        return sum(1 for r in self.rects if r.kind.startswith("bar"))


@dataclass(frozen=True)
class _Frame:
    """Maps a proportion to a horizontal position, mirrored for right-to-left pages."""

    rtl: bool
    label_width: float = LABEL_WIDTH

    @property
    def width(self) -> float:
        return self.label_width + 8 + PLOT_WIDTH + VALUE_WIDTH

    def x(self, proportion: float) -> float:
        position = self.label_width + 8 + PLOT_WIDTH * min(max(proportion, 0.0), 1.0)
        return self.width - position if self.rtl else position

    def outward(self, x: float, step: float) -> float:
        """A position ``step`` further along the bars' direction of growth."""
        return x - step if self.rtl else x + step

    @property
    def anchor(self) -> str:
        """Anchor of numbers written beyond a bar's end."""
        return "end" if self.rtl else "start"


def _is_rtl_text(text: str) -> bool:
    """True if ``text`` holds right-to-left letters (a label such as ``250+`` stays LTR)."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def _ltr(text: str, rtl_chart: bool) -> str:
    """In a right-to-left chart, keep a label without RTL letters in its own order (``250+``)."""
    if rtl_chart and not _is_rtl_text(text):
        return f"\u2066{text}\u2069"  # left-to-right isolate ... pop directional isolate
    return text


@dataclass
class _Canvas:
    rects: list[Rect]
    lines: list[Line]
    texts: list[Text]


def _draw_bar(canvas: _Canvas, bar: Bar, y: float, frame: _Frame, chart_id: str) -> None:
    zero = frame.x(0.0)
    middle = y + BAR_HEIGHT / 2
    if bar.value is None:
        canvas.texts.append(
            Text(
                "symbol",
                frame.outward(zero, 4),
                middle + 4,
                frame.anchor,
                bar.symbol,
                tooltip=bar.tooltip,
            )
        )
        return
    end = frame.x(bar.value)
    colour = SERIES_COLOURS[bar.series % len(SERIES_COLOURS)]
    fill = f"url(#{chart_id}-hatch-{bar.series})" if bar.caution else colour
    kind = f"bar series-{bar.series}" + (" caution" if bar.caution else "")
    canvas.rects.append(
        Rect(kind, min(zero, end), y, abs(end - zero), BAR_HEIGHT, fill, colour, bar.tooltip)
    )
    reach = end
    if bar.low is not None and bar.high is not None:
        low, high = frame.x(bar.low), frame.x(bar.high)
        canvas.lines += [
            Line("whisker", low, middle, high, middle, "#222"),
            Line("whisker", low, middle - 5, low, middle + 5, "#222"),
            Line("whisker", high, middle - 5, high, middle + 5, "#222"),
        ]
        reach = min(low, high, end) if frame.rtl else max(low, high, end)
    canvas.texts.append(
        Text("value", frame.outward(reach, 4), middle + 4, frame.anchor, bar.value_text)
    )


def _draw_axis(
    canvas: _Canvas, frame: _Frame, y: float, tick_text: Callable[[float], str], label: str
) -> None:
    canvas.lines.append(Line("axis", frame.x(0), y, frame.x(1), y, "#444"))
    for step in range(6):
        x = frame.x(step / 5)
        canvas.lines.append(Line("grid", x, TOP, x, y + 4, "#ddd"))
        canvas.texts.append(Text("tick", x, y + 16, "middle", tick_text(step / 5)))
    middle = (frame.x(0) + frame.x(1)) / 2
    canvas.texts.append(Text("axis-label", middle, y + 34, "middle", label, rtl=frame.rtl))


def _draw_legend(canvas: _Canvas, names: Sequence[str], y: float, frame: _Frame) -> None:
    x = frame.x(0.0)
    for i, name in enumerate(names):
        box = x - 12 if frame.rtl else x
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        canvas.rects.append(Rect("legend", box, y, 12, 12, colour))
        rtl_name = frame.rtl and _is_rtl_text(name)
        # In a mirrored chart the name's right edge sits beside its swatch.
        anchor = ("start" if rtl_name else "end") if frame.rtl else "start"
        canvas.texts.append(
            Text("legend", frame.outward(x, 16), y + 11, anchor, name, rtl=rtl_name)
        )
        # Room for the name: a rough 7 px per character at 12 px type.
        x = frame.outward(x, 40 + 7 * len(name))


def _text_width(text: str) -> float:
    """A rough width at 12 px: 6.5 px a character, twice that for wide (CJK) characters."""
    return sum(13.0 if unicodedata.east_asian_width(c) in ("W", "F") else 6.5 for c in text)


def _fit(text: str, room: float) -> str:
    """``text``, cut with an ellipsis if it would not fit in ``room`` pixels."""
    if _text_width(text) <= room:
        return text
    while text and _text_width(text + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…"


def label_room(labels: Sequence[str]) -> float:
    """Room for the longest label, within limits (longer labels are cut with an ellipsis)."""
    longest = max((_text_width(label) for label in labels), default=0.0)
    return min(max(LABEL_WIDTH, longest + 8), MAX_LABEL_WIDTH)


def bar_chart(
    groups: Sequence[BarGroup],
    *,
    chart_id: str,
    title: str,
    description: str,
    axis_label: str,
    tick_text: Callable[[float], str],
    rtl: bool = False,
    series_names: Sequence[str] = (),
    label_width: float = LABEL_WIDTH,
) -> Chart:
    """Lay out one row of bars per group along an axis from 0 to 100%; ``label_width`` (in
    pixels of a 640-pixel-wide chart) is the room left for the groups' labels."""
    frame = _Frame(rtl, label_width)
    canvas = _Canvas([], [], [])
    y = float(TOP)
    for group in groups:
        band = len(group.bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        # Labels are right-aligned in both directions: against the axis in LTR, against the
        # chart's right edge (where reading starts) in RTL.
        label_x = frame.width - 4 if rtl else label_width
        rtl_label = rtl and _is_rtl_text(group.label)
        anchor = "start" if rtl_label else "end"
        fitted = _fit(group.label, label_width - 4)
        full = group.label if fitted != group.label else ""
        canvas.texts.append(
            Text("category", label_x, y + band / 2 + 4, anchor, _ltr(fitted, rtl), rtl_label, full)
        )
        for bar in group.bars:
            _draw_bar(canvas, bar, y, frame, chart_id)
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP - BAR_GAP
    _draw_axis(canvas, frame, y, tick_text, axis_label)
    height = y + AXIS_HEIGHT
    if series_names:
        _draw_legend(canvas, series_names, height, frame)
        height += LEGEND_HEIGHT
    hatches = tuple(
        (f"{chart_id}-hatch-{i}", colour, tint)
        for i, (colour, tint) in enumerate(zip(SERIES_COLOURS, SERIES_TINTS, strict=True))
    )
    return Chart(
        chart_id,
        title,
        description,
        frame.width,
        height,
        hatches,
        tuple(canvas.rects),
        tuple(canvas.lines),
        tuple(canvas.texts),
    )
