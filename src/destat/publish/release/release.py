"""The statistical release: one self-contained HTML page per language.

Headline figures, then per indicator a bar chart by size class with 95% confidence whiskers and
a table (estimate, interval, CV, n, flags); the catalogue's definitions in the page's language;
methodological notes; how to cite. Hidden figures (confidential or not reliable enough) show a
symbol instead of any number. The page loads nothing from outside and works offline.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd
from babel import Locale
from babel.dates import format_date

from destat.indicators.catalogue import load_catalogue
from destat.indicators.i18n import normalize_language
from destat.publish.release.auxiliary import auxiliary_tables
from destat.publish.release.errors import ReleaseInputError, ReleaseSettingError
from destat.publish.release.figures import (
    KEYS,
    Figure,
    Status,
    check_table,
    check_thresholds,
    read_figures,
    single_period,
    split_code,
)
from destat.publish.release.labels import Labels
from destat.publish.release.messages import Messages
from destat.publish.release.numbers import NumberStyle
from destat.publish.release.rendering import destat_version, page_language, render, write_page
from destat.publish.release.sections import (
    Context,
    IndicatorGroup,
    Section,
    build_sections,
    figure_order,
    group_sections,
)
from destat.publish.sdmx.errors import SdmxError
from destat.publish.sdmx.names import code_name

__all__ = ["Comparison", "Methodology", "write_release"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Comparison:
    """Figures from another source set beside the survey's (e.g. experimental web indicators).

    ``table`` has the results table's key columns (``indicator``, ``size_class``, ``activity``,
    ``owner_sex``, ``region``) and ``estimate`` (0 to 1); optional ``conf_status`` and
    ``quality`` columns hide figures as in the survey table. ``label`` names the source.
    """

    table: pd.DataFrame
    label: str


@dataclass(frozen=True)
class Methodology:
    """The survey's own account of its method, in the release's language (defaults if None)."""

    design: str | None = None
    nonresponse: str | None = None
    sampled: int | None = None
    respondents: int | None = None
    interval: Literal["normal", "t"] = "normal"


@dataclass(frozen=True)
class _Page:
    lang: str
    title: str
    country: str
    period: str
    published: date
    publisher: str
    thresholds: tuple[float, float]
    methodology: Methodology = field(default_factory=Methodology)


def _comparison_figures(comparison: Comparison, survey: Sequence[Figure]) -> list[Figure]:
    """The comparison's figures; those without a survey figure of the same breakdown are
    left out, with a warning."""
    table, what = comparison.table, f"comparison table {comparison.label!r}"
    check_table(table, (*KEYS, "estimate"), load_catalogue(), what)
    defaults: dict[str, str | None] = {"ci_low": None, "ci_high": None, "cv": None, "n": None}
    defaults |= {"quality": "A", "conf_status": "F"}
    filled = table.assign(**{c: v for c, v in defaults.items() if c not in table.columns})
    figures = read_figures(filled, load_catalogue(), what)
    published = {tuple(getattr(f, k) for k in KEYS) for f in survey}
    kept = [f for f in figures if tuple(getattr(f, k) for k in KEYS) in published]
    if len(kept) < len(figures):
        logger.warning(
            "%d figure(s) of the %s have no survey figure with the same indicator and "
            "breakdown; the release leaves them out.",
            len(figures) - len(kept),
            what,
        )
    return kept


def _country(country_name: str | None, results: pd.DataFrame, lang: str) -> str:
    if country_name:
        return country_name
    areas = sorted(set(results["ref_area"].dropna().astype(str))) if "ref_area" in results else []
    name = Locale.parse(lang).territories.get(areas[0]) if len(areas) == 1 else None
    if name is None:
        raise ReleaseSettingError(
            "The release needs the country's name: give country_name='Kenya' (or a results "
            "table whose ref_area column holds one ISO 3166 code)."
        )
    return str(name)


def _headlines(groups: Sequence[IndicatorGroup], ctx: Context) -> list[dict[str, str]]:
    """The total of each indicator shown without categories (the others have an overview
    chart by category instead)."""
    items = []
    for section in (g.sections[0] for g in groups if not g.categorised):
        total = section.total
        if total is None:
            continue
        estimate = total.shown_estimate
        if estimate is not None:
            value = ctx.numbers.percent_sign(estimate)
            ci = section.groups[0].rows[0].ci
        else:
            value, ci = total.status.value, ""
        items.append(
            {
                "code": section.short_code,
                "anchor": section.anchor,
                "name": section.name,
                "value": value,
                "ci": ci,
            }
        )
    return items


@dataclass(frozen=True)
class _Definition:
    code: str
    name: str
    definition: str
    unit: str
    population: str
    categories: list[str]


def _definitions(figures: Sequence[Figure], labels: Labels) -> list[_Definition]:
    """The catalogue's definition of every indicator published, with the categories shown."""
    catalogue = labels.catalogue
    entries: dict[str, _Definition] = {}
    for figure in figures:
        base, category = split_code(figure.indicator)
        indicator = catalogue.indicator(base)
        entry = entries.setdefault(
            base,
            _Definition(
                code=base,
                name=labels.text(indicator.name),
                definition=labels.text(indicator.definition),
                unit=labels.text(catalogue.units[indicator.unit].label),
                population=labels.text(catalogue.populations[indicator.population].label),
                categories=[],
            ),
        )
        if category is not None:
            found = next(c for c in indicator.categories if c.code == category)
            if labels.text(found.label) not in entry.categories:
                entry.categories.append(labels.text(found.label))
    return list(entries.values())


def _status_name(status: str, lang: str) -> str:
    try:
        return code_name("OBS_STATUS", status)[lang]
    except SdmxError:
        return status


def _symbols(page: _Page, ctx: Context) -> list[tuple[str, str]]:
    a, b = (ctx.numbers.number(100 * t, 0) for t in page.thresholds)
    return [
        ("A", ctx.messages("grade_a", a=a)),
        ("B", ctx.messages("grade_b", a=a, b=b)),
        (Status.CONFIDENTIAL.value, ctx.messages("symbol_confidential")),
        (Status.UNRELIABLE.value, ctx.messages("symbol_unreliable", b=b)),
        (Status.MISSING.value, ctx.messages("symbol_missing")),
    ]


def write_release(
    results: pd.DataFrame,
    out_dir: Path | str,
    lang: str = "en",
    *,
    title: str | None = None,
    country_name: str | None = None,
    reference_period: str | None = None,
    quality_thresholds: tuple[float, float] = (0.15, 0.35),
    comparison: Comparison | None = None,
    auxiliary: pd.DataFrame | None = None,
    methodology: Methodology | None = None,
    publisher: str | None = None,
    published: date | None = None,
    region_names: Mapping[str, str] | None = None,
    number_locale: str | None = None,
    file_name: str | None = None,
) -> Path:
    """Write the HTML statistical release of ``results`` in ``lang``; return the file's path.

    ``results`` is destat's results table (one row per figure). ``quality_thresholds`` are the
    CV limits of grades A and B that the notes state; ``comparison`` adds another source's
    figures beside the survey's; ``auxiliary`` (the web step's ``web_greg`` table) adds the
    table "Web data as auxiliary information" (:mod:`.auxiliary`). The file is
    ``release-<lang>.html`` unless ``file_name`` says.
    """
    code = normalize_language(lang)
    catalogue = load_catalogue()
    figures = read_figures(results, catalogue)
    if not figures:
        raise ReleaseInputError("The results table is empty: there is nothing to publish.")
    period = reference_period or single_period(results)
    if not period:
        raise ReleaseSettingError(
            "The release needs its reference period: give reference_period='2025' or a "
            "time_period column."
        )
    country = _country(country_name, results, code)
    messages = Messages(code)
    labels = Labels(code, catalogue, dict(region_names or {}))
    ctx = Context(labels, messages, NumberStyle(code, number_locale))
    page = _Page(
        lang=code,
        title=title or messages("title_default", country=country, period=period),
        country=country,
        period=period,
        published=published or date.today(),
        publisher=publisher or country,
        thresholds=check_thresholds(quality_thresholds),
        methodology=methodology or Methodology(),
    )
    others = _comparison_figures(comparison, figures) if comparison is not None else []
    ordered = figure_order(figures, labels)
    sections = build_sections(ordered, ctx, others, comparison.label if comparison else "")
    context = _page_context(page, ctx, sections, ordered)
    context["auxiliary"] = (
        auxiliary_tables(auxiliary, ordered, ctx) if auxiliary is not None else []
    )
    html = render("release.html.j2", **context)
    return write_page(html, out_dir, file_name or f"release-{code}.html")


def _page_context(
    page: _Page, ctx: Context, sections: Sequence[Section], figures: Sequence[Figure]
) -> dict[str, object]:
    html_lang, direction = page_language(page.lang)
    method = page.methodology
    numbers = ctx.numbers
    statuses = sorted({s for section in sections for s in section.statuses})
    groups = group_sections(sections, ctx)
    return {
        "t": ctx.messages,
        "label": lambda key: ctx.labels.text(ctx.labels.catalogue.labels[key]),
        "html_lang": html_lang,
        "direction": direction,
        "page": page,
        "published": format_date(page.published, format="long", locale=page.lang),
        "groups": groups,
        "headlines": _headlines(groups, ctx),
        "definitions": _definitions(figures, ctx.labels),
        "design": method.design or ctx.messages("design_default"),
        "sample": (
            ctx.messages(
                "sample_sentence",
                sampled=numbers.count(method.sampled),
                respondents=numbers.count(method.respondents),
            )
            if method.sampled is not None and method.respondents is not None
            else ""
        ),
        "nonresponse": method.nonresponse or ctx.messages("nonresponse_default"),
        "interval": ctx.messages("ci_t" if method.interval == "t" else "ci_normal"),
        "symbols": _symbols(page, ctx),
        "symbol_text": dict(_symbols(page, ctx)),
        "statuses": [(s, _status_name(s, page.lang)) for s in statuses],
        "citation": ctx.messages(
            "cite_text",
            publisher=page.publisher,
            year=page.published.year,
            title=page.title,
            period=page.period,
        ),
        "version": destat_version(),
    }
