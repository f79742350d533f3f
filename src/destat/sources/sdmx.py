"""SDMX files of the experimental provider statistics, written with destat's SDMX writers.

The survey dataflow (``ICT_BUS``) holds annual percentages of the indicator catalogue; provider
figures are counts, values and indices, some monthly, with breakdowns of their own (seller type,
marketplace category, corridor, HS chapter, value band). Each provider table therefore gets a
small data structure of its own, built from the same parts (``destat.publish.sdmx.structure``)
and written by the same writers: SDMX-ML 2.1 structure and structure-specific data, SDMX-CSV
2.0 and SDMX-JSON 2.0. The key is REF_AREA, FREQ, MEASURE, the table's breakdowns and
TIME_PERIOD; the attributes OBS_STATUS, CONF_STATUS and UNIT_MULT are those of the survey
dataflow, and ``EXPERIMENTAL`` (code ``Y``) marks every observation as experimental statistics.
Hidden cells keep their key and flags and lose their value, as in the survey release.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from destat.publish.sdmx.names import code_name, concept_name, same_text
from destat.publish.sdmx.structure import (
    TOTAL,
    Code,
    Codelist,
    Component,
    DataStructure,
    Role,
    flag_attributes,
    time_and_value,
)
from destat.publish.sdmx.writers import SdmxFiles, write_files

__all__ = ["ProviderDataflow", "provider_observations", "write_provider_sdmx"]


@dataclass(frozen=True)
class ProviderDataflow:
    """How a provider table maps to a dataflow: its breakdown columns → dimension ids, its
    measure columns → MEASURE codes, and the column (or fixed value) of the period."""

    dataflow: str
    name: str
    breakdowns: Mapping[str, str]
    measures: Mapping[str, str]
    freq: str
    period: str  # a column name, or a fixed period such as "2025"


def _flow_codelist_id(flow: ProviderDataflow, concept: str) -> str:
    # These codes depend on the flow; an id of its own keeps one id and version from naming
    # different lists in the survey's and other flows' structures (e.g. CL_FREQ, CL_MEASURE).
    return f"CL_{flow.dataflow}_{concept}"


def _codelist(flow: ProviderDataflow, concept: str, name: str, codes: list[str]) -> Codelist:
    listed = [Code(TOTAL, same_text("Total"))] if TOTAL in codes else []
    listed += [Code(code, same_text(code)) for code in sorted(set(codes) - {TOTAL})]
    return Codelist(_flow_codelist_id(flow, concept), same_text(name), tuple(listed))


def _coded(concept: str, codelist: Codelist, role: Role = Role.DIMENSION) -> Component:
    return Component(concept, role, codelist.name, codelist)


def _frequency(flow: ProviderDataflow) -> Component:
    name = concept_name("FREQ")
    codes = (Code(flow.freq, code_name("FREQ", flow.freq)),)
    return Component(
        "FREQ", Role.DIMENSION, name, Codelist(_flow_codelist_id(flow, "FREQ"), name, codes)
    )


def _structure(
    table: pd.DataFrame, flow: ProviderDataflow, ref_area: str, agency: str
) -> DataStructure:
    experimental = Codelist(
        "CL_EXPERIMENTAL",
        same_text("Experimental statistics"),
        (Code("Y", same_text("Experimental statistics")),),
    )
    components = [
        _coded("REF_AREA", _codelist(flow, "REF_AREA", "Reference area", [ref_area])),
        _frequency(flow),
        _coded("MEASURE", _codelist(flow, "MEASURE", "Measure", list(flow.measures.values()))),
        *(
            _coded(
                concept,
                _codelist(
                    flow,
                    concept,
                    concept.replace("_", " ").capitalize(),
                    [str(c) for c in table[column]],
                ),
            )
            for column, concept in flow.breakdowns.items()
        ),
        *time_and_value(),
        *flag_attributes(),
        _coded("EXPERIMENTAL", experimental, Role.ATTRIBUTE),
    ]
    return DataStructure(agency, flow.dataflow, "1.0", same_text(flow.name), tuple(components))


def _observations(
    table: pd.DataFrame, flow: ProviderDataflow, structure: DataStructure, ref_area: str
) -> pd.DataFrame:
    parts = []
    for column, measure in flow.measures.items():
        part = pd.DataFrame(
            {concept: table[col].astype(str) for col, concept in flow.breakdowns.items()}
        )
        part.insert(0, "MEASURE", measure)
        part.insert(0, "FREQ", flow.freq)
        part.insert(0, "REF_AREA", ref_area)
        period = table[flow.period].astype(str) if flow.period in table.columns else flow.period
        part["TIME_PERIOD"] = period
        part["OBS_VALUE"] = pd.to_numeric(table[column]).astype(float)
        part["OBS_STATUS"] = table["OBS_STATUS"].astype(str)
        part["CONF_STATUS"] = table["CONF_STATUS"].astype(str)
        part["UNIT_MULT"] = "0"
        part["EXPERIMENTAL"] = "Y"
        parts.append(part)
    observations = pd.concat(parts, ignore_index=True)
    key = [c.id for c in structure.dimensions]
    return observations.sort_values(key, kind="stable").reset_index(drop=True)


def provider_observations(
    table: pd.DataFrame, flow: ProviderDataflow, *, ref_area: str = "DL", agency: str = "NSO"
) -> tuple[DataStructure, pd.DataFrame]:
    """The data structure of ``flow`` for ``table`` and the table's SDMX observations."""
    structure = _structure(table, flow, ref_area, agency)
    return structure, _observations(table, flow, structure, ref_area)


def write_provider_sdmx(
    table: pd.DataFrame,
    flow: ProviderDataflow,
    out_dir: str | Path,
    *,
    ref_area: str = "DL",
    agency: str = "NSO",
    prepared: datetime | None = None,
) -> SdmxFiles:
    """Write ``table`` (an adapter's output) as the SDMX files of ``flow`` in ``out_dir``."""
    structure, observations = provider_observations(table, flow, ref_area=ref_area, agency=agency)
    return write_files(structure, observations, out_dir, f"{agency}_{flow.dataflow}_1.0", prepared)
