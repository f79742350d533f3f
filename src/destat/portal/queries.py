"""SDMX REST data queries on the published observations: which dataflow, which keys, which years.

Follows the SDMX RESTful web services specification 1.5.0 (SDMX 2.1, section "Data queries"):
the key lists one position per dimension of the key in the DSD's order, separated by ``.``; an
empty position (or ``*``) is a wildcard and ``+`` separates alternatives; ``all`` (or nothing)
selects every key. ``startPeriod``/``endPeriod`` keep the periods that overlap the range, so for
annual data ``startPeriod=2024-07`` keeps 2024, and for monthly data ``startPeriod=2025-Q2`` keeps
April 2025 onwards. Periods are compared by month (a week or day counts as its whole year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from destat.publish.sdmx import DataStructure
from destat.publish.sdmx.structure import Role

__all__ = [
    "BadQueryError",
    "FlowRef",
    "filter_observations",
    "parse_flow",
    "period_months",
    "period_year",
]

_PERIOD = re.compile(r"^([0-9]{4})(-(0[1-9]|1[0-2])(-[0-3][0-9])?|-[QSAWMD][0-9]{1,3})?$")
_WILD = ("", "*", "all", "~", "latest")


class BadQueryError(Exception):
    """The query cannot be read (HTTP 400, SDMX error 140 "Syntax error")."""


@dataclass(frozen=True)
class FlowRef:
    """A reference to a dataflow: agency, identifier and version, each possibly a wildcard."""

    agency: str = "*"
    id: str = "*"
    version: str = "*"

    def matches(self, structure: DataStructure) -> bool:
        """True if the reference points at the structure's dataflow."""
        wanted = ((self.agency, structure.agency), (self.id, structure.dataflow))
        if any(ref not in _WILD and ref != actual for ref, actual in wanted):
            return False
        return self.version in _WILD or self.version == structure.version


def parse_flow(flow: str) -> FlowRef:
    """``ICT_BUS``, ``NSO,ICT_BUS`` or ``NSO,ICT_BUS,1.0`` (SDMX REST 1.5 flow reference)."""
    parts = [p.strip() for p in flow.split(",")]
    if len(parts) == 1:
        return FlowRef(id=parts[0])
    if len(parts) == 2:
        return FlowRef(parts[0], parts[1])
    if len(parts) == 3:
        return FlowRef(*parts)
    raise BadQueryError(
        f"The flow reference {flow!r} has {len(parts)} parts; write ID, AGENCY,ID or "
        "AGENCY,ID,VERSION, e.g. NSO,ICT_BUS,1.0."
    )


def period_year(value: str, parameter: str) -> int:
    """The year of an SDMX period such as ``2025``, ``2025-06``, ``2025-06-30`` or ``2025-Q2``."""
    found = _PERIOD.match(value.strip())
    if found is None:
        raise BadQueryError(
            f"{parameter}={value!r} is not an SDMX period; write a year such as 2025, or a "
            "date such as 2025-06-30."
        )
    return int(found.group(1))


def period_months(value: str, parameter: str) -> tuple[int, int]:
    """The first and last month of an SDMX period, counted as year × 12 + month − 1:
    ``2025`` spans January to December, ``2025-06`` and ``2025-06-30`` June, ``2025-Q2``
    April to June, ``2025-S2`` July to December, ``2025-M03`` March."""
    year = period_year(value, parameter)
    rest = value.strip()[4:]
    first, last = 1, 12
    if rest[1:3].isdigit():
        first = last = int(rest[1:3])
    elif rest[1:2] in ("Q", "S", "M") and rest[2:].isdigit():
        span = {"Q": 3, "S": 6, "M": 1}[rest[1]]
        part = int(rest[2:])
        if not 1 <= part <= 12 // span:
            raise BadQueryError(f"{parameter}={value!r} is not an SDMX period.")
        first, last = span * (part - 1) + 1, span * part
    return year * 12 + first - 1, year * 12 + last - 1


def _key_mask(observations: pd.DataFrame, structure: DataStructure, key: str) -> pd.Series:
    mask = pd.Series(True, index=observations.index)
    if key.strip() in ("", "all", "*"):
        return mask
    dimensions = [d.id for d in structure.dimensions if d.role is Role.DIMENSION]
    positions = key.split(".")
    if len(positions) != len(dimensions):
        example = ".".join("B1+B3" if d == "MEASURE" else "" for d in dimensions)
        raise BadQueryError(
            f"The key {key!r} has {len(positions)} position(s); the dataflow has "
            f"{len(dimensions)} dimensions ({'.'.join(dimensions)}). Leave a position empty "
            f"for all its codes, e.g. {example}"
        )
    for dimension, position in zip(dimensions, positions, strict=True):
        codes = {c.strip() for c in position.split("+")}
        if codes & {"", "*"}:
            continue
        mask &= observations[dimension].isin(codes)
    return mask


def filter_observations(
    observations: pd.DataFrame,
    structure: DataStructure,
    key: str = "all",
    start_period: str | None = None,
    end_period: str | None = None,
) -> pd.DataFrame:
    """The observations that a data query selects."""
    mask = _key_mask(observations, structure, key)
    periods = {p: period_months(p, "TIME_PERIOD") for p in observations["TIME_PERIOD"].unique()}
    if start_period:
        start = period_months(start_period, "startPeriod")[0]
        ends = observations["TIME_PERIOD"].map(lambda p: periods[p][1])
        mask &= ends >= start
    if end_period:
        end = period_months(end_period, "endPeriod")[1]
        starts = observations["TIME_PERIOD"].map(lambda p: periods[p][0])
        mask &= starts <= end
    return observations[mask].reset_index(drop=True)
