"""Tiers of the digital economy on ISIC Rev.4 classes: digital sector, narrow and broad scope.

After Bukht, R. and Heeks, R. (2017), "Defining, Conceptualising and Measuring the Digital
Economy", Development Informatics Working Paper No. 68, University of Manchester. The code list
(``macro/data/digital_tiers.toml``) gives each class its source or the reason it was chosen;
the narrow-scope classes beyond the OECD (2007) ICT sector are an approximation (see the file).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from destat.indicators.isic import aggregate_classes, classes_of_members, isic_codelist
from destat.macro.datafiles import read_toml
from destat.macro.errors import MacroInputError
from destat.macro.ict_sector import class_rows, share_table
from destat.macro.tables import numeric, require_columns

__all__ = ["TIER_ORDER", "Tier", "digital_tiers", "tier_of_class", "tier_shares"]

TIER_ORDER = ("DIGITAL_SECTOR", "NARROW", "BROAD")


@dataclass(frozen=True)
class Tier:
    """One tier: its classes (cumulative, inner tiers included) and a note per own class."""

    code: str
    label: str
    classes: frozenset[str]
    notes: tuple[tuple[str, str], ...]


def _own_members(code: str, entry: dict[str, Any]) -> tuple[frozenset[str], list[tuple[str, str]]]:
    if entry.get("aggregate"):
        return aggregate_classes(str(entry["aggregate"])), [
            (f"aggregate:{entry['aggregate']}", str(entry["note"]))
        ]
    if entry.get("residual"):
        every = frozenset(c.code for c in isic_codelist("class").codes)
        return every, [("residual", str(entry["note"]))]
    members = entry.get("members", [])
    specs = tuple(str(m["isic"]) for m in members)
    return classes_of_members(specs, code), [(str(m["isic"]), str(m["note"])) for m in members]


@lru_cache(maxsize=1)
def digital_tiers() -> dict[str, Tier]:
    """The three tiers, innermost first, each holding the classes of the tiers inside it."""
    data = read_toml("digital_tiers.toml")["tiers"]
    tiers: dict[str, Tier] = {}
    for code in TIER_ORDER:
        entry = data[code]
        classes, notes = _own_members(code, entry)
        for inner in entry.get("includes", []):
            classes |= tiers[inner].classes
        tiers[code] = Tier(code, str(entry["label"]), frozenset(classes), tuple(notes))
    return tiers


def tier_of_class(class_code: str) -> str:
    """The innermost tier an ISIC Rev.4 class belongs to."""
    for code, tier in digital_tiers().items():
        if class_code in tier.classes:
            return code
    raise MacroInputError(f"{class_code!r} is not an ISIC Rev.4 class; expected 4 digits.")


def tier_shares(
    sbs: pd.DataFrame,
    *,
    by: Sequence[str] = (),
    isic: str = "isic",
    measures: Sequence[str] = ("persons_employed", "value_added"),
    business_sector: str = "BUS",
) -> pd.DataFrame:
    """Shares of the digital sector and of the narrow-scope digital economy in the business
    sector, for each measure present (the broad scope is not measurable by class)."""
    present = [m for m in measures if m in sbs.columns]
    require_columns(sbs, [*by, isic, *(present or measures[:1])], "digital-economy tiers")
    frame = class_rows(sbs, by, isic)
    tiers = digital_tiers()
    parts = {business_sector: aggregate_classes(business_sector)}
    parts |= {code: tiers[code].classes for code in TIER_ORDER[:2]}
    results = []
    for measure in present:
        frame["value"] = numeric(
            sbs, measure, allow_negative=measure != "persons_employed"
        ).to_numpy()
        result = share_table(frame, by, parts, business_sector)
        result.insert(len(by), "measure", measure)
        results.append(result)
    return pd.concat(results, ignore_index=True)
