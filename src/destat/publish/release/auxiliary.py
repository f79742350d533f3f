"""The release's table "Web data as auxiliary information": per indicator and breakdown, the
estimate and its standard error with the survey's weights calibrated (GREG, Deville and Särndal
1992) to the register's totals, then to those and the web totals, and the ratio of the two
standard errors (see :mod:`destat.web.auxiliary` for the method).

A row follows the survey figure of the same indicator and breakdown: when that figure is hidden
(confidential or not reliable enough) the row shows its symbol and no number; rows without a
survey figure are left out. Estimates print as percentages, standard errors in percentage
points, as the rest of the release.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

import pandas as pd

from destat.publish.release.errors import ReleaseInputError
from destat.publish.release.figures import Figure, Status
from destat.publish.release.sections import Context

__all__ = ["AUXILIARY_COLUMNS", "AuxiliaryRow", "AuxiliaryTable", "auxiliary_tables"]

AUXILIARY_COLUMNS = ("estimate_register", "se_register", "estimate_web", "se_web", "se_ratio")
_KEYS = ("indicator", "size_class", "activity")


@dataclass(frozen=True)
class AuxiliaryRow:
    """A row: the breakdown's name and the five printed cells, or the symbol of a hidden one."""

    label: str
    cells: tuple[str, ...] = ()
    symbol: str = ""


@dataclass(frozen=True)
class AuxiliaryGroup:
    """The rows of one breakdown (or the total) under a heading."""

    heading: str
    rows: tuple[AuxiliaryRow, ...]


@dataclass(frozen=True)
class AuxiliaryTable:
    """The table of one indicator."""

    code: str
    name: str
    caption: str
    groups: tuple[AuxiliaryGroup, ...]
    symbols: tuple[Status, ...]


def auxiliary_tables(
    table: pd.DataFrame, survey: Sequence[Figure], ctx: Context
) -> list[AuxiliaryTable]:
    """One table per indicator of ``table`` (``indicator``, ``size_class``, ``activity`` and
    AUXILIARY_COLUMNS), in the order of the ``survey`` figures."""
    if missing := [c for c in (*_KEYS, *AUXILIARY_COLUMNS) if c not in table.columns]:
        raise ReleaseInputError(
            f"The GREG comparison table lacks the column(s) {', '.join(missing)}; give the "
            "web_greg table of the web step."
        )
    keys = table[list(_KEYS)].astype(str).itertuples(index=False, name=None)
    values = table[list(AUXILIARY_COLUMNS)].astype(float).itertuples(index=False, name=None)
    numbers = {
        tuple(key): tuple(None if math.isnan(v) else v for v in row)
        for key, row in zip(keys, values, strict=True)
    }
    matched = [f for f in survey if f.owner_sex == "_T" and f.region == "_T" and _key(f) in numbers]
    return [
        _table(code, list(members), numbers, ctx)
        for code, members in groupby(matched, key=lambda f: f.indicator)
    ]


def _table(
    code: str,
    figures: Sequence[Figure],
    numbers: Mapping[tuple[str, ...], tuple[float | None, ...]],
    ctx: Context,
) -> AuxiliaryTable:
    groups = []
    for breakdown, members in groupby(figures, key=lambda f: f.breakdown):
        items = list(members)
        heading = ctx.labels.breakdown_heading(items[0]) if breakdown else ctx.messages("total")
        groups.append(AuxiliaryGroup(heading, tuple(_row(f, numbers[_key(f)], ctx) for f in items)))
    name = ctx.labels.indicator_name(code)
    caption = ctx.messages("web_greg_caption", name=name, unit=ctx.labels.unit(code))
    symbols = tuple(dict.fromkeys(f.status for f in figures if not f.shown))
    return AuxiliaryTable(code, name, caption, tuple(groups), symbols)


def _key(figure: Figure) -> tuple[str, ...]:
    return tuple(str(getattr(figure, k)) for k in _KEYS)


def _row(figure: Figure, numbers: tuple[float | None, ...], ctx: Context) -> AuxiliaryRow:
    label = ctx.labels.breakdown_name(figure)
    if not figure.shown:
        return AuxiliaryRow(label, symbol=figure.status.value)
    style = ctx.numbers
    estimate_register, se_register, estimate_web, se_web, ratio = numbers
    cells = (
        style.optional_percent(estimate_register),
        style.optional_percent(se_register, 2),
        style.optional_percent(estimate_web),
        style.optional_percent(se_web, 2),
        "" if ratio is None else style.number(ratio, 2),
    )
    return AuxiliaryRow(label, cells)
