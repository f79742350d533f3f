"""ICT1 and ICT2 of the Partnership's core list from structural business statistics (SBS).

- ICT1: persons employed in the ICT sector as a share of persons employed in the business sector.
- ICT2: gross value added of the ICT sector as a share of that of the business sector.

The ICT sector is the OECD (2007) definition on ISIC Rev.4 classes ("Information Economy -
Sector Definitions Based on ISIC 4", DSTI/ICCP/IIS(2006)2/FINAL): manufacturing 2610-2640,
2680; trade 4651-4652; services 5820, 6110-6190, 6201-6209, 6311-6312, 9511-9512 (aggregate
``ICT`` of the ``ISIC4_AGG`` code list, with its parts ``ICT_MAN``, ``ICT_TRD``, ``ICT_SERV``).

The business sector is aggregate ``BUS`` (ISIC Rev.4 sections B-N, R and S), the indicator
catalogue's default for ICT1 and ICT2: an approximation of the scope of the Partnership on
Measuring ICT for Development, Core List of ICT Indicators (2022), whose wording was not checked
against the text (see the ICT1 notes in ``catalogue.toml``). ``BUS_X_K`` leaves out financial
and insurance activities for countries whose SBS do not cover section K.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pandas as pd

from destat.indicators.isic import aggregate_classes, isic_codelist
from destat.macro.errors import MacroInputError
from destat.macro.tables import numeric, require_columns, text, where

__all__ = [
    "ICT_PARTS",
    "check_isic_classes",
    "class_rows",
    "ict_sector_indicators",
    "share_table",
]

logger = logging.getLogger(__name__)

ICT_PARTS = ("ICT", "ICT_MAN", "ICT_TRD", "ICT_SERV")


def check_isic_classes(table: pd.DataFrame, column: str) -> pd.Series:
    """The column as 4-digit ISIC Rev.4 classes; other codes raise, naming rows and the fix."""
    codes = text(table, column)
    known = isic_codelist("class")
    bad = [position for position, code in enumerate(codes) if code not in known]
    if bad:
        code = codes.iloc[bad[0]]
        hint = (
            f"{code!r} looks like a class that lost its leading zero (write '0{code}')"
            if code.isdigit() and len(code) == 3 and "0" + code in known
            else f"{code!r} is not a 4-digit ISIC Rev.4 class"
        )
        raise MacroInputError(
            f"{where(table, bad)}, column {column}: {hint}. The ICT sector is defined on classes, "
            "so give one row per class (divisions or groups cannot be split)."
        )
    return codes


def share_table(
    frame: pd.DataFrame,
    by: Sequence[str],
    parts: dict[str, frozenset[str]],
    total: str,
    denominators: pd.Series | None = None,
) -> pd.DataFrame:
    """Numerator, denominator and percentage for each part within the ``total`` classes.

    ``frame`` has columns ``by``, ``class`` and ``value``; rows outside ``total`` are left out.
    ``denominators`` (indexed by the ``by`` groups) replaces the sum over ``total`` when the
    source reports its own totals.
    """
    keys = list(by) or ["_all"]
    scope = frame[frame["class"].isin(parts[total])].assign(_all="_T")
    groups = [scope[key] for key in keys]
    denominator = scope["value"].groupby(groups).sum() if denominators is None else denominators
    tables = []
    for part, classes in parts.items():
        if part == total:
            continue
        numerator = scope["value"].where(scope["class"].isin(classes), 0.0).groupby(groups).sum()
        numerator = numerator.reindex(denominator.index, fill_value=0.0)
        table = pd.DataFrame({"numerator": numerator, "denominator": denominator}).reset_index()
        table.insert(len(keys), "part", part)
        tables.append(table)
    result = pd.concat(tables, ignore_index=True).drop(columns="_all", errors="ignore")
    shares = result["numerator"] / result["denominator"].where(result["denominator"] != 0)
    result["value_pct"] = 100.0 * shares
    return result.sort_values(list(by), kind="stable", ignore_index=True) if by else result


def class_rows(table: pd.DataFrame, by: Sequence[str], isic: str) -> pd.DataFrame:
    """The ``by`` columns and the ISIC class of each row, checked; repeated classes raise."""
    frame = pd.DataFrame({name: text(table, name) for name in by})
    frame["class"] = check_isic_classes(table, isic).to_numpy()
    repeated = frame.duplicated(keep=False)
    if repeated.any():
        raise MacroInputError(
            f"{where(table, list(repeated.to_numpy().nonzero()[0]))}: the same class appears "
            f"more than once for {', '.join([*by, isic])}; add up duplicate rows first so that "
            "nothing is counted twice."
        )
    return frame


def ict_sector_indicators(
    sbs: pd.DataFrame,
    *,
    by: Sequence[str] = (),
    isic: str = "isic",
    persons_employed: str | None = "persons_employed",
    value_added: str | None = "value_added",
    business_sector: str = "BUS",
) -> pd.DataFrame:
    """ICT1 (employment) and ICT2 (value added) by ``by`` groups (e.g. year), with the shares
    of the ICT sector and of its manufacturing, trade and services parts, in percent."""
    columns = {"ICT1": persons_employed, "ICT2": value_added}
    wanted = {code: name for code, name in columns.items() if name and name in sbs.columns}
    if not wanted:
        raise MacroInputError(
            f"{sbs.attrs.get('source') or 'the SBS table'} has neither {persons_employed!r} "
            f"nor {value_added!r}; ICT1 needs persons employed and ICT2 value added by class."
        )
    require_columns(sbs, [*by, isic], "ICT1/ICT2")
    frame = class_rows(sbs, by, isic)
    parts = {business_sector: aggregate_classes(business_sector)}
    parts |= {part: aggregate_classes(part) for part in ICT_PARTS}
    outside = ~frame["class"].isin(parts[business_sector])
    if outside.any():
        logger.info(
            "%d rows outside the business sector %s left out", outside.sum(), business_sector
        )
    results = []
    for code, column in wanted.items():
        frame["value"] = numeric(sbs, column, allow_negative=code == "ICT2").to_numpy()
        result = share_table(frame, by, parts, business_sector)
        result.insert(len(by), "indicator", code)
        results.append(result)
    return pd.concat(results, ignore_index=True)
