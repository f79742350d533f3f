"""SDMX dataflows of the macro indicators: the ICT sector, ICT goods trade and services trade.

One dataflow per topic, each built from the same parts as the business survey's ``ICT_BUS``
(:mod:`destat.publish.sdmx.structure`) and written by the same writers. Every observation is a
percentage (``value_pct`` of the project's macro tables, see ``docs/macro.md`` for the methods
and sources: OECD 2007 ICT sector, Bukht and Heeks 2017 tiers, the OECD ICT goods list as UNCTAD
applies it, EBOPS 2010 groups of UNCTAD Technical Note No. 3, 2015):

* ``ICT_SECTOR`` — key ``REF_AREA.FREQ.MEASURE.UNIT_MEASURE.ACTIVITY``: ``MEASURE`` ICT1
  (share of the business sector's persons employed, ``PC_EMP``) or ICT2 (of its gross value
  added, ``PC_GVA``); ``ACTIVITY`` whose share it is: the ICT sector ``ICT`` (the Core List's
  indicator) and its parts, or the digital-economy tiers ``DIGITAL_SECTOR`` and ``NARROW``.
* ``ICT_GOODS_TRADE`` — key ``REF_AREA.FREQ.MEASURE.UNIT_MEASURE.TRADE_FLOW.COUNTERPART_AREA.
  PRODUCT``: ICT goods as a share of merchandise imports (``M``) or exports (``X``), with all
  partners (``_T``) or one, for all ICT goods (``ICT``) or one of the four categories.
* ``ICT_SERVICES_TRADE`` — key ``REF_AREA.FREQ.MEASURE.UNIT_MEASURE.TRADE_FLOW``:
  ``ICT_SERVICES`` and ``DIGITALLY_DELIVERABLE`` as a share of total services trade.

Attributes: ``OBS_STATUS`` (``A``, or ``L``, "data exist but were not collected", for a share
that cannot be computed because an item of its group is missing from the source),
``CONF_STATUS`` ``F`` (the sources are published aggregates) and ``UNIT_MULT`` ``0``. Years and
reporters come from the tables; a table without them takes the project's reference period and
area.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from destat.errors import describe_rows
from destat.indicators.catalogue import load_catalogue
from destat.publish.sdmx.errors import ResultsTableError
from destat.publish.sdmx.names import (
    artefact_name,
    catalogue_text,
    known_code_name,
    release_name,
    same_text,
)
from destat.publish.sdmx.structure import (
    TOTAL,
    UNIT_CODES,
    Code,
    DataStructure,
    area_codes,
    coded_component,
    flag_attributes,
    is_identifier,
    named_codes,
    time_and_value,
)
from destat.publish.sdmx.tidy import DECIMALS
from destat.publish.sdmx.writers import SdmxFiles, write_files

__all__ = ["MACRO_FLOWS", "MacroFlow", "macro_observations", "write_macro_sdmx"]

logger = logging.getLogger(__name__)

UNSTATED = "_X"
"""The flow of a table whose file does not say it (SDMX cross-domain code: unspecified)."""
_UNIT_OF = {"ICT1": "PC_EMP", "ICT2": "PC_GVA"}
_TIER_MEASURES = {"persons_employed": "ICT1", "value_added": "ICT2"}


@dataclass(frozen=True)
class MacroFlow:
    """A macro dataflow: its id, the names.toml prefix of its names (``<prefix>_DATAFLOW``,
    ``<prefix>_CONCEPTS``), the tables it is made of, its breakdown dimensions after
    ``REF_AREA``, ``FREQ``, ``MEASURE`` and ``UNIT_MEASURE``, and how to read one table."""

    dataflow: str
    names: str
    tables: tuple[str, ...]
    dimensions: tuple[str, ...]
    rows: Callable[[str, pd.DataFrame], pd.DataFrame]


def _column(table: pd.DataFrame, names: tuple[str, ...], default: str) -> pd.Series:
    for name in names:
        if name in table.columns:
            return table[name].astype(str).str.strip()
    return pd.Series(default, index=table.index, dtype=object)


def _sector_rows(name: str, table: pd.DataFrame) -> pd.DataFrame:
    measure = (
        table["indicator"].astype(str)
        if name == "macro_ict_sector"
        else table["measure"].astype(str).map(_TIER_MEASURES)
    )
    return pd.DataFrame(
        {"MEASURE": measure, "UNIT_MEASURE": measure.map(_UNIT_OF), "ACTIVITY": table["part"]}
    )


def _goods_rows(name: str, table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "MEASURE": "ICT_GOODS",
            "UNIT_MEASURE": "PC_TRADE",
            "TRADE_FLOW": _column(table, ("flow",), UNSTATED),
            "COUNTERPART_AREA": _column(table, ("partner",), TOTAL),
            "PRODUCT": table["part"].astype(str),
        }
    )


def _services_rows(name: str, table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "MEASURE": table["part"].astype(str),
            "UNIT_MEASURE": "PC_SERV",
            "TRADE_FLOW": _column(table, ("flow",), UNSTATED),
        }
    )


MACRO_FLOWS = (
    MacroFlow(
        "ICT_SECTOR", "SECTOR", ("macro_ict_sector", "macro_tiers"), ("ACTIVITY",), _sector_rows
    ),
    MacroFlow(
        "ICT_GOODS_TRADE",
        "GOODS",
        ("macro_trade",),
        ("TRADE_FLOW", "COUNTERPART_AREA", "PRODUCT"),
        _goods_rows,
    ),
    MacroFlow(
        "ICT_SERVICES_TRADE", "SERVICES", ("macro_services",), ("TRADE_FLOW",), _services_rows
    ),
)
"""The macro dataflows, in publication order."""


def _observations(
    flow: MacroFlow, tables: Mapping[str, pd.DataFrame], ref_area: str, period: str
) -> pd.DataFrame:
    parts = []
    for name in flow.tables:
        table = tables.get(name)
        if table is None or table.empty:
            continue
        table = table.reset_index(drop=True)
        part = flow.rows(name, table)
        part.insert(0, "FREQ", "A")
        part.insert(0, "REF_AREA", _column(table, ("ref_area", "reporter"), ref_area))
        part["TIME_PERIOD"] = _column(table, ("year",), period)
        value = pd.to_numeric(table["value_pct"], errors="coerce").astype(float)
        part["OBS_VALUE"] = value.where(np.isfinite(value)).round(DECIMALS)
        # L: the data exist but were not in the source (a group with an item missing).
        part["OBS_STATUS"] = np.where(part["OBS_VALUE"].isna(), "L", "A")
        part["CONF_STATUS"] = "F"
        part["UNIT_MULT"] = "0"
        parts.append(_identified(part, name))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _identified(part: pd.DataFrame, name: str) -> pd.DataFrame:
    """``part`` without the rows whose codes are not SDMX identifiers (a partner written as a
    name, say): they stay in the tables, as the survey's figures outside its code lists do."""
    key = part.columns[: part.columns.get_loc("TIME_PERIOD")]
    valid = part[key].apply(lambda codes: codes.map(is_identifier)).all(axis=1).astype(bool)
    if not valid.all():
        rows = describe_rows(np.flatnonzero(~valid.to_numpy()).tolist())
        logger.warning(
            "%s: %s %s codes that are not SDMX identifiers (letters, digits, '_', '-', '@', "
            "'$'); they are in the table but not in the SDMX files.",
            name,
            rows,
            "has" if int((~valid).sum()) == 1 else "have",
        )
    kept: pd.DataFrame = part.loc[valid.to_numpy()]
    return kept.reset_index(drop=True)


def _code_name(concept: str, code: str) -> Code:
    if concept in ("REF_AREA", "COUNTERPART_AREA") and code != TOTAL:
        return area_codes((code,))[0]
    catalogue = load_catalogue()
    if concept == "MEASURE" and code in catalogue.by_code:
        return Code(code, catalogue_text(catalogue.by_code[code].name))
    units = {sdmx: key for key, sdmx in UNIT_CODES.items()}
    if concept == "UNIT_MEASURE" and code in units:
        return Code(code, catalogue_text(catalogue.units[units[code]].label))
    found = known_code_name(concept, code) or release_name("econ_part", code)
    return Code(code, found or same_text(code))


def _structure(flow: MacroFlow, rows: pd.DataFrame, agency: str) -> DataStructure:
    def coded(concept: str) -> list[Code]:
        found = list(dict.fromkeys(rows[concept]))
        ordered = sorted(found, key=lambda code: (code != TOTAL, code))
        return [_code_name(concept, code) for code in ordered]

    components = (
        coded_component("REF_AREA", coded("REF_AREA"), flow=flow.dataflow),
        coded_component("FREQ", named_codes("FREQ", ("A",))),
        *(
            coded_component(concept, coded(concept), flow=flow.dataflow)
            for concept in ("MEASURE", "UNIT_MEASURE", *flow.dimensions)
        ),
        *time_and_value(),
        *flag_attributes(),
    )
    return DataStructure(
        agency,
        flow.dataflow,
        "1.0",
        artefact_name(f"{flow.names}_DATAFLOW"),
        components,
        concepts_name=artefact_name(f"{flow.names}_CONCEPTS"),
    )


def macro_observations(
    tables: Mapping[str, pd.DataFrame],
    flow: MacroFlow,
    *,
    ref_area: str = "DL",
    period: str = "",
    agency: str = "NSO",
) -> tuple[DataStructure, pd.DataFrame] | None:
    """The structure of ``flow`` and its observations from the project's macro ``tables``
    (None when none of its tables is there); ``ref_area`` and ``period`` fill tables without
    a reporter or a year."""
    rows = _observations(flow, tables, ref_area, period)
    if rows.empty:
        return None
    structure = _structure(flow, rows, agency)
    key = [c.id for c in structure.dimensions]
    if rows.duplicated(subset=key).any():
        raise ResultsTableError(
            f"The {flow.dataflow} tables repeat figures (same key and year); keep one row each."
        )
    columns = [*key, "OBS_VALUE", *(a.id for a in structure.attributes)]
    return structure, rows[columns].sort_values(key, kind="stable").reset_index(drop=True)


def write_macro_sdmx(
    tables: Mapping[str, pd.DataFrame],
    out_dir: str | Path,
    *,
    ref_area: str = "DL",
    period: str = "",
    agency: str = "NSO",
    prepared: datetime | None = None,
) -> list[SdmxFiles]:
    """Write each macro dataflow that has tables in ``tables`` as SDMX files in ``out_dir``."""
    written = []
    for flow in MACRO_FLOWS:
        built = macro_observations(tables, flow, ref_area=ref_area, period=period, agency=agency)
        if built is not None:
            stem = f"{agency}_{flow.dataflow}_1.0"
            written.append(write_files(*built, out_dir, stem, prepared))
    return written
