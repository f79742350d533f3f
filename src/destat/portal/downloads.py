"""Downloads of an indicator's figures: CSV and Excel tables, and SDMX-ML data.

The tables hold the published figures only (confidential and unreliable ones without numbers,
see :mod:`destat.portal.store`), with the indicator's name in the page's language; text cells
that a spreadsheet would run as a formula are neutralised, as in the project's own outputs.
"""

from __future__ import annotations

import io

import pandas as pd

from destat.portal.store import Publication
from destat.publish.release.labels import Labels
from destat.publish.sdmx.structure import Role
from destat.survey.validation.report import neutralise_formulas

__all__ = ["indicator_table", "measure_key", "table_bytes"]


def indicator_table(publication: Publication, code: str, lang: str) -> pd.DataFrame:
    """Every figure of one indicator code (all periods and breakdowns), with its name."""
    table = publication.results
    rows = table[table["indicator"] == code].reset_index(drop=True)
    name = Labels(lang, publication.catalogue).indicator_name(code)
    rows.insert(1, "indicator_name", name)
    return rows


def table_bytes(table: pd.DataFrame, kind: str) -> bytes:
    """``table`` as UTF-8 CSV (``kind="csv"``) or an Excel workbook (``"xlsx"``)."""
    # Text columns are ``str`` in pandas 3 and ``object`` before: neutralise both.
    safe = table.apply(lambda c: neutralise_formulas(c) if pd.api.types.is_string_dtype(c) else c)
    if kind == "csv":
        text: str = safe.to_csv(index=False)
        return text.encode("utf-8")
    buffer = io.BytesIO()
    safe.to_excel(buffer, index=False, sheet_name="figures")
    return buffer.getvalue()


def measure_key(publication: Publication, code: str) -> str:
    """The SDMX key of every observation of one indicator code (``..B1.....``)."""
    dimensions = [d.id for d in publication.structure.dimensions if d.role is Role.DIMENSION]
    return ".".join(code if d == "MEASURE" else "" for d in dimensions)
