"""The quality report: the UNCTAD Manual's quality self-assessment filled with the run's numbers.

Sections: unit response by stratum, item non-response and imputation per question, edits by
rule, precision (CV and grade of every figure), coverage of the business register, and the
g-weights of calibration. Every input is optional; a section without data says so, so that gaps
are visible rather than silently left out. CVs of confidential figures are hidden as in the
release. Response rates follow the usual definition: respondents over eligible units (sampled
minus those found out of scope); the weighted rate weights each stratum's rate by its population.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
from babel.dates import format_date

from destat.indicators.catalogue import load_catalogue
from destat.indicators.i18n import normalize_language
from destat.publish.release.errors import ReleaseInputError
from destat.publish.release.figures import Status, check_thresholds, read_figures, split_code
from destat.publish.release.labels import Labels
from destat.publish.release.messages import Messages
from destat.publish.release.numbers import NumberStyle
from destat.publish.release.rendering import destat_version, page_language, render, write_page
from destat.publish.release.sections import Context, figure_order

__all__ = ["QualityInputs", "Table", "write_quality_report"]

PERCENTILES = (1, 5, 25, 50, 75, 95, 99)


@dataclass(frozen=True, eq=False)
class QualityInputs:
    """What the pipeline knows about the run's quality; leave out what it does not have.

    - ``response``: one row per stratum with ``stratum``, ``sampled``, ``respondents`` and,
      optionally, ``out_of_scope`` and ``population`` (units in the stratum's population).
    - ``item_response``: per question, ``variable``, ``applicable``, ``imputed``,
      ``still_missing`` and optionally ``deductive`` (the ``rates`` of an imputation result).
    - ``edits``: one row per changed value with ``rule`` (or ``method``) and ``variable``
      (the ``edits`` of an imputation result).
    - ``results``: destat's results table, for the CVs and grades.
    - ``coverage``: per group, ``group`` and ``frame_units``, optionally ``reference_units``
      (units of an independent source), ``sampled`` and ``out_of_scope``.
    - ``g_weights``: calibrated weight ÷ design weight of every respondent.
    """

    response: pd.DataFrame | None = None
    item_response: pd.DataFrame | None = None
    edits: pd.DataFrame | None = None
    results: pd.DataFrame | None = None
    coverage: pd.DataFrame | None = None
    g_weights: Sequence[float] | npt.NDArray[np.float64] | pd.Series | None = None
    calibration_method: str | None = None
    calibration_bounds: tuple[float, float] | None = None
    cv_thresholds: tuple[float, float] = (0.15, 0.35)
    country_name: str | None = None
    reference_period: str | None = None


@dataclass(frozen=True)
class Table:
    """A printed table: column headings (numeric ones flagged) and rows of text cells."""

    columns: tuple[tuple[str, bool], ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ReleaseInputError(
            f"QualityInputs.{what} lacks the column(s) {', '.join(missing)}; it has "
            f"{', '.join(map(str, frame.columns))}. See QualityInputs for the expected columns."
        )


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def _response(frame: pd.DataFrame, ctx: Context) -> tuple[Table, str]:
    _require(frame, ("stratum", "sampled", "respondents"), "response")
    t, num = ctx.messages, ctx.numbers
    data = frame.assign(out_of_scope=frame.get("out_of_scope", 0)).fillna({"out_of_scope": 0})
    data["eligible"] = data["sampled"] - data["out_of_scope"]
    columns = [
        (t("stratum"), False),
        (t("sampled"), True),
        (t("out_of_scope"), True),
        (t("eligible"), True),
        (t("respondents"), True),
        (t("response_rate"), True),
    ]
    has_population = "population" in data
    if has_population:
        columns.append((t("population"), True))

    def cells(label: str, row: pd.Series) -> tuple[str, ...]:
        rate = _ratio(float(row["respondents"]), float(row["eligible"]))
        values = [
            label,
            *(
                num.count(float(row[c]))
                for c in ("sampled", "out_of_scope", "eligible", "respondents")
            ),
            num.optional_percent(rate),
        ]
        if has_population:
            values.append(num.count(float(row["population"])))
        return tuple(values)

    rows = tuple(cells(str(r["stratum"]), r) for _, r in data.iterrows())
    sums = data[["sampled", "out_of_scope", "eligible", "respondents"]].sum()
    if has_population:
        sums["population"] = data["population"].sum()
    weighted = ""
    if has_population:
        rates = data["respondents"] / data["eligible"].where(data["eligible"] > 0)
        usable = rates.notna()
        value = _ratio(
            float((rates[usable] * data["population"][usable]).sum()),
            float(data["population"][usable].sum()),
        )
        if value is not None:
            weighted = t("weighted_rate", rate=num.percent(value))
    return Table(tuple(columns), rows, cells(t("total"), sums)), weighted


def _item_response(frame: pd.DataFrame, ctx: Context) -> Table:
    _require(frame, ("variable", "applicable", "imputed", "still_missing"), "item_response")
    t, num = ctx.messages, ctx.numbers
    variables = load_catalogue().variables
    rows = []
    for _, row in frame.iterrows():
        name = str(row["variable"])
        label = f"{name}: {variables[name].label}" if name in variables else name
        applicable = float(row["applicable"])
        missing = float(row["imputed"]) + float(row["still_missing"])
        rows.append(
            (
                label,
                num.count(applicable),
                num.count(missing),
                num.optional_percent(_ratio(missing, applicable)),
                num.count(float(row["imputed"])),
                num.optional_percent(_ratio(float(row["imputed"]), applicable)),
                num.count(float(row["deductive"])) if "deductive" in frame else "",
                num.count(float(row["still_missing"])),
            )
        )
    columns = (
        (t("variable"), False),
        (t("applicable"), True),
        (t("missing"), True),
        (t("item_rate"), True),
        (t("imputed"), True),
        (t("imputation_rate"), True),
        (t("deductive"), True),
        (t("still_missing"), True),
    )
    return Table(columns, tuple(rows))


def _edits(frame: pd.DataFrame, ctx: Context) -> Table:
    rule = "rule" if "rule" in frame else "method"
    _require(frame, (rule,), "edits")
    t, num = ctx.messages, ctx.numbers
    counts = frame.groupby(rule, sort=True).agg(
        edits=(rule, "size"),
        variables=("variable", "nunique") if "variable" in frame else (rule, "size"),
    )
    total = len(frame)
    rows = tuple(
        (
            str(name),
            num.count(float(row["edits"])),
            num.count(float(row["variables"])) if "variable" in frame else "",
            num.optional_percent(_ratio(float(row["edits"]), total)),
        )
        for name, row in counts.sort_values("edits", ascending=False).iterrows()
    )
    columns = (
        (t("rule"), False),
        (t("edits"), True),
        (t("variables_touched"), True),
        (t("share"), True),
    )
    return Table(
        columns, rows, (t("total"), num.count(total), "", num.percent(1.0) if total else "")
    )


def _precision(
    results: pd.DataFrame, ctx: Context, thresholds: tuple[float, float]
) -> tuple[Table, str]:
    t, num, labels = ctx.messages, ctx.numbers, ctx.labels
    figures = figure_order(read_figures(results, labels.catalogue), labels)
    rows = []
    for figure in figures:
        hidden = figure.conf_status != "F"
        # A figure without a value (no respondent in its domain) shows the missing sign.
        signed = hidden or figure.status is Status.MISSING
        rows.append(
            (
                f"{split_code(figure.indicator)[0]} {labels.indicator_name(figure.indicator)}",
                labels.breakdown_name(figure),
                figure.status.value if signed else num.optional_percent(figure.cv),
                "" if hidden else num.count(figure.n),
                figure.quality,
            )
        )
    grades = [f.quality for f in figures]
    summary = t(
        "grade_counts",
        a=num.count(grades.count("A")),
        b=num.count(grades.count("B")),
        c=num.count(grades.count("C")),
        ta=num.number(100 * thresholds[0], 0),
        tb=num.number(100 * thresholds[1], 0),
    )
    columns = (
        (t("indicator"), False),
        (t("breakdown"), False),
        (t("cv"), True),
        (t("n"), True),
        (t("grade"), False),
    )
    return Table(columns, tuple(rows)), summary


def _coverage(frame: pd.DataFrame, ctx: Context) -> Table:
    _require(frame, ("group", "frame_units"), "coverage")
    t, num = ctx.messages, ctx.numbers
    has_reference = "reference_units" in frame
    has_sample = "sampled" in frame and "out_of_scope" in frame
    columns = [(t("group"), False), (t("frame_units"), True)]
    if has_reference:
        columns += [(t("reference_units"), True), (t("coverage_ratio"), True)]
    if has_sample:
        columns += [(t("sampled"), True), (t("out_of_scope"), True), (t("overcoverage_rate"), True)]

    def cells(label: str, row: pd.Series) -> tuple[str, ...]:
        values = [label, num.count(float(row["frame_units"]))]
        if has_reference:
            values += [
                num.count(float(row["reference_units"])),
                num.optional_percent(
                    _ratio(float(row["frame_units"]), float(row["reference_units"]))
                ),
            ]
        if has_sample:
            values += [
                num.count(float(row["sampled"])),
                num.count(float(row["out_of_scope"])),
                num.optional_percent(_ratio(float(row["out_of_scope"]), float(row["sampled"]))),
            ]
        return tuple(values)

    numeric = [
        c for c in ("frame_units", "reference_units", "sampled", "out_of_scope") if c in frame
    ]
    rows = tuple(cells(str(r["group"]), r) for _, r in frame.iterrows())
    return Table(tuple(columns), rows, cells(t("total"), frame[numeric].sum()))


def _calibration(inputs: QualityInputs, ctx: Context) -> Table:
    t, num = ctx.messages, ctx.numbers
    g = np.asarray(inputs.g_weights, dtype=float)
    g = g[~np.isnan(g)]
    if g.size == 0:
        raise ReleaseInputError(
            "QualityInputs.g_weights holds no numbers; give calibrated ÷ design weights or None."
        )
    rows: list[tuple[str, str]] = []
    if inputs.calibration_method:
        rows.append((t("method"), inputs.calibration_method))
    if inputs.calibration_bounds:
        low, high = inputs.calibration_bounds
        rows.append((t("bounds"), f"{num.number(low, 2)} – {num.number(high, 2)}"))
    rows.append((t("weights_count"), num.count(g.size)))
    rows.append((t("minimum"), num.number(float(g.min()), 3)))
    rows += [(t("percentile", p=p), num.number(float(np.percentile(g, p)), 3)) for p in PERCENTILES]
    rows.append((t("maximum"), num.number(float(g.max()), 3)))
    rows.append((t("mean"), num.number(float(g.mean()), 3)))
    rows.append((t("negative_weights"), num.count(int((g < 0).sum()))))
    if inputs.calibration_bounds:
        low, high = inputs.calibration_bounds
        tolerance = 1e-9
        outside = int(((g < low - tolerance) | (g > high + tolerance)).sum())
        rows.append((t("outside_bounds"), num.count(outside)))
    return Table(((t("statistic"), False), (t("value"), True)), tuple(rows))


@dataclass(frozen=True)
class _Section:
    anchor: str
    heading: str
    table: Table | None
    notes: tuple[str, ...] = ()


def _sections(quality: QualityInputs, ctx: Context) -> list[_Section]:
    t = ctx.messages
    thresholds = check_thresholds(quality.cv_thresholds)
    response, weighted = (
        _response(quality.response, ctx) if quality.response is not None else (None, "")
    )
    precision, grades = (
        _precision(quality.results, ctx, thresholds) if quality.results is not None else (None, "")
    )
    items, edits, coverage = quality.item_response, quality.edits, quality.coverage
    confidential = f"{Status.CONFIDENTIAL.value} {t('symbol_confidential')}"
    return [
        _Section("response", t("response_heading"), response, (weighted,)),
        _Section("items", t("item_heading"), None if items is None else _item_response(items, ctx)),
        _Section("edits", t("edits_heading"), None if edits is None else _edits(edits, ctx)),
        _Section("precision", t("precision_heading"), precision, (grades, confidential)),
        _Section(
            "coverage",
            t("coverage_heading"),
            None if coverage is None else _coverage(coverage, ctx),
        ),
        _Section(
            "calibration",
            t("calibration_heading"),
            None if quality.g_weights is None else _calibration(quality, ctx),
            (t("calibration_intro"),),
        ),
    ]


def write_quality_report(
    quality: QualityInputs,
    out_dir: Path | str,
    lang: str = "en",
    *,
    title: str | None = None,
    published: date | None = None,
    file_name: str | None = None,
) -> Path:
    """Write the HTML quality report in ``lang``; return the file's path.

    The file is ``quality-<lang>.html`` unless ``file_name`` says otherwise.
    """
    code = normalize_language(lang)
    messages = Messages(code)
    ctx = Context(Labels(code, load_catalogue()), messages, NumberStyle(code))
    parts = (messages("quality_kind"), quality.country_name, quality.reference_period)
    html_lang, direction = page_language(code)
    html = render(
        "quality.html.j2",
        t=messages,
        html_lang=html_lang,
        direction=direction,
        page={"title": title or " · ".join(p for p in parts if p)},
        sections=_sections(quality, ctx),
        version=destat_version(),
        published=format_date(published or date.today(), format="long", locale=code),
    )
    return write_page(html, out_dir, file_name or f"quality-{code}.html")
