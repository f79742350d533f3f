"""The demo country's macro sources, generated: SBS from the register, merchandise trade by HS
2017 subheading, balance-of-payments services by EBOPS 2010 item, a survey of the share of
services exports delivered over ICT networks, and the components of the UNCTAD B2C E-commerce
Index for Demo Land and twelve neighbours.

Every table comes with its true values, computed here by plain sums over the generated units
(enterprises, subheadings, items), so that the project's figures can be checked against them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from destat.demo.classification import ISIC_CLASSES
from destat.indicators.isic import aggregate_classes
from destat.macro.ict_goods import ict_goods_list

__all__ = [
    "DEMO_ECONOMY",
    "NEIGHBOURS",
    "REGIONS",
    "MacroTables",
    "bop_table",
    "delivery_shares",
    "sbs_table",
    "trade_table",
]

DEMO_ECONOMY = "XDL"  # ISO 3166 user-assigned alpha-3 code for Demo Land
# Twelve neighbours (user-assigned codes), the first seven in Demo Land's region.
NEIGHBOURS = tuple(f"XN{letter}" for letter in "ABCDEFGHIJKL")
REGIONS = {"South": (DEMO_ECONOMY, *NEIGHBOURS[:7]), "North": NEIGHBOURS[7:]}
# Gross value added as a share of turnover, by ISIC section (an invented but plausible shape:
# trade adds little to what it sells, information and finance much).
_VALUE_ADDED_RATIO = {"A": 0.45, "C": 0.28, "D": 0.40, "E": 0.35, "F": 0.30, "G": 0.14}
_VALUE_ADDED_RATIO |= {"H": 0.35, "I": 0.40, "J": 0.52, "K": 0.60, "L": 0.65, "M": 0.55}
_VALUE_ADDED_RATIO |= {"N": 0.50, "P": 0.70, "Q": 0.60, "S": 0.45}
# Real HS 2017 subheadings outside the ICT goods list: coffee, rice, bananas, sugar, palm oil,
# milk powder, beer, fish, copper ores, petroleum oils, urea, medicaments, plastics, cotton,
# T-shirts, steel, taps, cars, furniture, gold.
_OTHER_GOODS = (
    "090111", "100630", "080390", "170114", "151190", "040210", "220300", "030389", "260300",
    "271019", "310210", "300490", "392690", "520100", "610910", "720839", "848180", "870323",
    "940360", "710812",
)  # fmt: skip
# Typical size of each item (millions of US dollars) for a tourism-led services trade.
_SERVICE_LEVELS = {"SA": 5.0, "SB": 10.0, "SC": 600.0, "SD": 900.0, "SE": 150.0, "SF": 60.0}
_SERVICE_LEVELS |= {"SG": 80.0, "SH": 20.0, "SI": 250.0, "SJ": 400.0, "SK1": 30.0, "SK2": 40.0}
_SERVICE_LEVELS |= {"SL": 120.0}
_DELIVERED = {"SF": 0.55, "SG": 0.75, "SH": 0.80, "SI": 0.92, "SJ": 0.64, "SK1": 0.70}
_DIGITALLY_DELIVERABLE = ("SF", "SG", "SH", "SI", "SJ", "SK1")


@dataclass(frozen=True)
class MacroTables:
    """A generated table and its true values (name -> value, percentages)."""

    table: pd.DataFrame
    truth: dict[str, float]


def sbs_table(register: pd.DataFrame, rng: np.random.Generator, year: str) -> MacroTables:
    """Persons employed and value added (thousands) by ISIC Rev.4 class, summed over the
    register's enterprises; value added is turnover (thousands) times a section's ratio with a
    class-level deviation. True ICT1/ICT2 are sums over enterprises before rounding."""
    section = {c.code: c.section for c in ISIC_CLASSES}
    classes = sorted(section)
    deviation = dict(zip(classes, rng.lognormal(0.0, 0.15, len(classes)), strict=True))
    ratio = register["isic"].map(lambda c: _VALUE_ADDED_RATIO[section[c]] * deviation[c])
    units = pd.DataFrame(
        {
            "isic": register["isic"],
            "persons_employed": register["persons_employed"].astype("int64"),
            "value_added": register["turnover"].astype(float) * ratio,
        }
    )
    table = units.groupby("isic", as_index=False).sum()
    table["value_added"] = table["value_added"].round(1)
    table.insert(0, "year", year)
    business = units[units["isic"].isin(aggregate_classes("BUS"))]
    ict = business[business["isic"].isin(aggregate_classes("ICT"))]
    truth = {
        "ICT1": 100.0 * ict["persons_employed"].sum() / business["persons_employed"].sum(),
        "ICT2": 100.0 * ict["value_added"].sum() / business["value_added"].sum(),
    }
    return MacroTables(table, truth)


def trade_table(rng: np.random.Generator, reporter: str, year: str) -> MacroTables:
    """Imports and exports (millions of US dollars) by HS 2017 subheading and partner: 24 ICT
    goods among 20 others; Demo Land imports far more ICT goods than it exports."""
    ict_codes = sorted(str(c) for c in rng.choice(sorted(ict_goods_list()), size=24, replace=False))
    rows = []
    for flow, ict_scale in (("M", 2.5), ("X", 0.4)):
        for partner in NEIGHBOURS[:6]:
            for code in (*ict_codes, *_OTHER_GOODS):
                scale = ict_scale if code in ict_codes else 30.0
                value = round(float(rng.lognormal(math.log(scale), 0.8)), 3)
                rows.append((reporter, partner, flow, code, year, value))
    columns = ["REPORTER", "PARTNER", "FLOW", "HS", "TIME_PERIOD", "OBS_VALUE"]
    table = pd.DataFrame(rows, columns=columns)
    is_ict = table["HS"].isin(ict_codes)
    truth = {}
    for direction, of_flow in table.groupby("FLOW"):
        ict_value = of_flow.loc[is_ict, "OBS_VALUE"].sum()
        truth[f"ICT_GOODS_{direction}"] = 100.0 * ict_value / of_flow["OBS_VALUE"].sum()
    return MacroTables(table, truth)


def bop_table(rng: np.random.Generator, ref_area: str, year: str) -> MacroTables:
    """Services credits (X) and debits (M) by EBOPS 2010 item (millions of US dollars): SK is
    SK1 + SK2 and S the sum of the main items; true shares of SI (ICT services) and of the
    digitally deliverable items in S, and of exports delivered over ICT networks."""
    rows, truth = [], {}
    for flow in ("X", "M"):
        values = {
            item: round(float(level * rng.lognormal(0.0, 0.3)), 1)
            for item, level in _SERVICE_LEVELS.items()
        }
        values["SK"] = round(values["SK1"] + values["SK2"], 1)
        main = [item for item in values if len(item) == 2]
        values["S"] = round(sum(values[item] for item in main), 1)
        rows += [(ref_area, flow, item, year, value) for item, value in sorted(values.items())]
        total = values["S"]
        truth[f"ICT_SERVICES_{flow}"] = 100.0 * values["SI"] / total
        deliverable = sum(values[item] for item in _DIGITALLY_DELIVERABLE)
        truth[f"DIGITALLY_DELIVERABLE_{flow}"] = 100.0 * deliverable / total
        if flow == "X":
            delivered = sum(share * values[item] for item, share in _DELIVERED.items())
            truth["DELIVERED_X"] = 100.0 * delivered / total
    columns = ["REF_AREA", "FLOW", "BOP_ITEM", "TIME_PERIOD", "OBS_VALUE"]
    return MacroTables(pd.DataFrame(rows, columns=columns), truth)


def delivery_shares() -> pd.DataFrame:
    """The survey of services exporters: share of exports delivered over ICT networks, by item."""
    return pd.DataFrame(
        {"ebops": list(_DELIVERED), "share_ict_delivered": list(_DELIVERED.values())}
    )
