"""What an experimental-statistics page shows: one provider table as published, its cells with
their codes, measures (in the page's number style) and confidentiality flags."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from destat.portal.experimental import ExperimentalTable
from destat.portal.store import Publication
from destat.portal.texts import PortalTexts
from destat.publish.release.numbers import NumberStyle
from destat.sources.run import TABLE_FLOWS

__all__ = ["ExperimentalView", "experimental_names", "experimental_view"]

_FLAGS = ("CONF_STATUS", "OBS_STATUS")


@dataclass(frozen=True)
class ExperimentalView:
    """Everything an experimental table's page shows."""

    name: str
    title: str
    dataflow: str
    columns: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]


def experimental_names(publication: Publication, lang: str) -> list[tuple[str, str]]:
    """(table name, title in ``lang``) of every experimental table published."""
    texts = PortalTexts(lang)
    return [(table.name, texts(f"table_{table.name}")) for table in publication.experimental]


def _cell(value: object, column: str, numbers: NumberStyle) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool | str):
        return str(value)
    number = float(str(value))
    if column == "share":
        return numbers.percent_sign(number)
    return numbers.number(number, 0 if number.is_integer() else 2)


def _columns(table: ExperimentalTable) -> list[str]:
    flow = TABLE_FLOWS[table.name]
    period = [flow.period] if flow.period in table.table.columns else []
    return [*period, *flow.breakdowns, *flow.measures, *_FLAGS]


def experimental_view(publication: Publication, lang: str, name: str) -> ExperimentalView | None:
    """The page of the experimental table ``name``; None if it is not published."""
    table = next((t for t in publication.experimental if t.name == name), None)
    if table is None:
        return None
    numbers = NumberStyle(lang)
    columns = _columns(table)
    measures = set(TABLE_FLOWS[name].measures)
    rows = tuple(
        tuple(_cell(record[c], c, numbers) for c in columns)
        for record in table.table[columns].to_dict(orient="records")
    )
    return ExperimentalView(
        name=name,
        title=PortalTexts(lang)(f"table_{name}"),
        dataflow=table.flow.structure.dataflow,
        columns=tuple(columns),
        numeric=tuple(c in measures for c in columns),
        rows=rows,
    )
