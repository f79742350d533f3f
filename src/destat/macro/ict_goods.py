"""Share of ICT goods in merchandise imports and exports, from HS-coded trade data.

Share = value of trade in the ICT goods of the list / value of all merchandise trade, for each
reporter, partner, year and flow (UNCTAD, Manual for the Production of Statistics on the Digital
Economy 2020, chapter on ICT trade; Partnership on Measuring ICT for Development, Core List of ICT
Indicators 2022, the ICT-trade indicators; chapter and indicator locators not checked against
the texts). The ICT goods list is kept in HS 2017 at 6 digits
(``macro/data/ict_goods_hs2017.csv``, with its source and what could not be verified).

Data reported in another HS edition are refused unless a concordance to HS 2017 is given (e.g.
the UNSD correspondence tables HS 2012-HS 2017, HS 2022-HS 2017); a source code that maps to HS
2017 codes of different ICT status is refused, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from destat.macro.datafiles import read_csv_rows
from destat.macro.errors import ClassificationError, MacroInputError
from destat.macro.ict_sector import share_table
from destat.macro.sdmx_input import read_plain_csv
from destat.macro.tables import numeric, require_columns, source_of, text, where

__all__ = [
    "HS_EDITION",
    "TOTAL_CODE",
    "apply_concordance",
    "goods_list_file",
    "ict_goods_list",
    "ict_goods_shares",
    "read_goods_list",
]

HS_EDITION = "HS2017"
TOTAL_CODE = "TOTAL"
# ICT-relevant headings and subheadings that are not in HS 2017, with the edition they belong
# to: a file said to be in HS 2017 that holds them is in another edition, and its ICT trade would
# be miscounted. (Only these codes are checked; the data's edition is the user's statement.)
_NOT_IN_HS2017 = {
    "8524": "HS 2022",  # flat panel display modules
    "8549": "HS 2022",  # electrical and electronic waste
    "851713": "HS 2022",  # smartphones (851712 split)
    "851714": "HS 2022",  # other telephones for cellular networks
    "854141": "HS 2022",  # light-emitting diodes (854140 split)
    "854142": "HS 2022",
    "854143": "HS 2022",
    "854149": "HS 2022",
    "854151": "HS 2022",  # semiconductor-based transducers (854150 split)
    "854159": "HS 2022",
    "852841": "HS 2012",  # monitors and projectors for computers (852842/52/62 in HS 2017)
    "852851": "HS 2012",
    "852861": "HS 2012",
}


def read_goods_list(pairs: Iterable[tuple[str, str]], source: str) -> dict[str, str]:
    """A goods list from (6-digit HS code, category) pairs, as a mapping from code to category."""
    goods: dict[str, str] = {}
    for number, (code, category) in enumerate(pairs, start=2):
        code, category = str(code).strip(), str(category).strip()
        if not (len(code) == 6 and code.isdigit() and category) or code in goods:
            raise MacroInputError(
                f"{source}, line {number}: expected a new 6-digit HS code in hs6 and a category, "
                f"found {code!r} and {category!r}."
            )
        goods[code] = category
    return goods


def goods_list_file(path: str | Path) -> dict[str, str]:
    """An ICT goods list from a CSV file with columns ``hs6`` and ``category``."""
    table = read_plain_csv(path)
    require_columns(table, ["hs6", "category"], "an ICT goods list")
    return read_goods_list(zip(table["hs6"], table["category"], strict=True), str(path))


@lru_cache(maxsize=1)
def ict_goods_list() -> dict[str, str]:
    """The shipped ICT goods list: HS 2017 6-digit code -> category."""
    rows = read_csv_rows("ict_goods_hs2017.csv")
    pairs = ((row["hs6"], row["category"]) for row in rows)
    return read_goods_list(pairs, "macro/data/ict_goods_hs2017.csv")


def _hs_codes(trade: pd.DataFrame, column: str) -> pd.Series:
    codes = text(trade, column).str.replace(".", "", regex=False)
    bad = [i for i, c in enumerate(codes) if c != TOTAL_CODE and not (len(c) == 6 and c.isdigit())]
    if bad:
        code = codes.iloc[bad[0]]
        hint = (
            f"{code!r} looks like a code that lost its leading zero (write '0{code}')"
            if len(code) == 5 and code.isdigit()
            else f"{code!r} is not a 6-digit HS subheading"
        )
        raise MacroInputError(
            f"{where(trade, bad)}, column {column}: {hint}. ICT goods are listed at 6 digits; "
            f"give one row per subheading (and optionally a {TOTAL_CODE} row per group)."
        )
    return codes


def _concordance_map(concordance: pd.DataFrame, goods: dict[str, str]) -> dict[str, str]:
    require_columns(concordance, ["from", "to"], "an HS concordance")
    pairs = pd.DataFrame(
        {"from": text(concordance, "from"), "to": text(concordance, "to")}
    ).drop_duplicates()
    pairs["status"] = pairs["to"].map(lambda code: goods.get(code, "NOT_ICT"))
    statuses = pairs.groupby("from")["status"].nunique()
    mixed = sorted(statuses[statuses > 1].index)
    if mixed:
        raise ClassificationError(
            f"{source_of(concordance, 'The concordance')}: source code(s) {', '.join(mixed[:5])} "
            "map to HS 2017 codes of different ICT status, so their trade cannot be classified "
            "without splitting weights. Ask for the data in HS 2017, or split those codes first."
        )
    return dict(zip(pairs["from"], pairs["to"], strict=True))


def apply_concordance(
    codes: pd.Series, trade: pd.DataFrame, concordance: pd.DataFrame, goods: dict[str, str]
) -> pd.Series:
    """Codes of another HS edition converted to HS 2017 codes with the same ICT status."""
    mapping = _concordance_map(concordance, goods)
    unknown = [i for i, c in enumerate(codes) if c != TOTAL_CODE and c not in mapping]
    if unknown:
        raise ClassificationError(
            f"{where(trade, unknown)}: HS code {codes.iloc[unknown[0]]!r} is not in the "
            "concordance; use the full correspondence table of the edition the data are in."
        )
    return codes.map(lambda c: c if c == TOTAL_CODE else mapping[c])


def _edition_codes(
    trade: pd.DataFrame,
    codes: pd.Series,
    edition: str,
    concordance: pd.DataFrame | None,
    goods: dict[str, str],
) -> pd.Series:
    if edition != HS_EDITION:
        if concordance is None:
            raise ClassificationError(
                f"{source_of(trade)} is in {edition}, but the ICT goods list is in {HS_EDITION}. "
                f"Give a concordance {edition} -> {HS_EDITION} (columns from, to; e.g. the UNSD "
                "correspondence table) or ask for the data in HS 2017."
            )
        return apply_concordance(codes, trade, concordance, goods)
    other = [i for i, c in enumerate(codes) if c.startswith(tuple(_NOT_IN_HS2017))]
    if other:
        code = codes.iloc[other[0]]
        edition_found = next(e for p, e in _NOT_IN_HS2017.items() if code.startswith(p))
        raise ClassificationError(
            f"{where(trade, other)}: {code!r} is an {edition_found} code, not an HS 2017 one, so "
            "the data are not in HS 2017; give their real edition (--hs-edition) and a "
            "concordance to HS 2017."
        )
    return codes


def _denominators(frame: pd.DataFrame, keys: list[str], trade: pd.DataFrame) -> pd.Series:
    """Merchandise trade of each group: its reported TOTAL row, else the sum of its subheadings."""
    is_total = frame["code"] == TOTAL_CODE
    sums = frame[~is_total].groupby(keys)["value"].sum()
    repeated = is_total & frame.duplicated([*keys, "code"], keep=False)
    if repeated.any():
        raise MacroInputError(
            f"{where(trade, list(np.flatnonzero(repeated)))}: more than one {TOTAL_CODE} row for "
            "the same group; keep one."
        )
    reported = frame[is_total].groupby(keys)["value"].sum()
    for key, total in reported.items():
        detail = float(sums.get(key, 0.0))
        if detail > float(total) * (1 + 1e-9) + 1e-9:
            raise MacroInputError(
                f"{source_of(trade)}: the {TOTAL_CODE} row of group {key} ({total}) is smaller "
                f"than the sum of its subheadings ({detail}); check that both are in the same "
                "unit and cover the same flow."
            )
    return reported.combine_first(sums)


def ict_goods_shares(
    trade: pd.DataFrame,
    *,
    by: Sequence[str] = ("reporter", "partner", "year", "flow"),
    hs: str = "hs",
    value: str = "value",
    edition: str = HS_EDITION,
    concordance: pd.DataFrame | None = None,
    goods: dict[str, str] | None = None,
) -> pd.DataFrame:
    """ICT goods (and each ICT category) as a percentage of merchandise trade, by ``by``."""
    goods = goods or ict_goods_list()
    require_columns(trade, [*by, hs, value], "ICT goods trade shares")
    codes = _edition_codes(trade, _hs_codes(trade, hs), edition, concordance, goods)
    frame = pd.DataFrame({name: text(trade, name) for name in by})
    frame["code"] = codes.to_numpy()
    frame["value"] = numeric(trade, value).to_numpy()
    frame["class"] = frame["code"].map(lambda c: goods.get(c, "NOT_ICT"))
    keys = list(by) or ["_all"]
    denominators = _denominators(frame.assign(_all="_T"), keys, trade)
    ict = frozenset(goods.values())
    parts = {"ALL": frozenset({"NOT_ICT", *ict}), "ICT": ict}
    parts |= {category: frozenset({category}) for category in sorted(ict)}
    detail = frame[frame["code"] != TOTAL_CODE]
    return share_table(detail, by, parts, "ALL", denominators=denominators)
