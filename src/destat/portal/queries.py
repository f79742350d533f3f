"""SDMX REST data queries on the published observations: which dataflow, which keys, which years.

Follows the SDMX RESTful web services specification 1.5.0 (SDMX 2.1, section "Data queries"):
the key lists one position per dimension of the key in the DSD's order, separated by ``.``; an
empty position (or ``*``) is a wildcard and ``+`` separates alternatives; ``all`` (or nothing)
selects every key. ``startPeriod``/``endPeriod`` keep the periods that overlap the range, so for
annual data ``startPeriod=2024-07`` keeps 2024.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from destat.publish.sdmx import DataStructure
from destat.publish.sdmx.structure import Role

__all__ = ["BadQueryError", "FlowRef", "filter_observations", "parse_flow", "period_year"]

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
    years = observations["TIME_PERIOD"].astype(int)
    if start_period:
        mask &= years >= period_year(start_period, "startPeriod")
    if end_period:
        mask &= years <= period_year(end_period, "endPeriod")
    return observations[mask].reset_index(drop=True)
