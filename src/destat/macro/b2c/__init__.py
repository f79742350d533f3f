"""The UNCTAD B2C E-commerce Index, computed from its published components.

Sources and method: :mod:`destat.macro.b2c.editions` (the editions and what each note says),
:mod:`destat.macro.b2c.estimate` (missing years), :mod:`destat.macro.b2c.index` (the index).
"""

from __future__ import annotations

from destat.macro.b2c.editions import EDITIONS, Edition, ServerScaling, edition_rules
from destat.macro.b2c.estimate import Filled, Method, fill_component, value_for_year
from destat.macro.b2c.index import B2CResult, compute_index, group_aggregates, scale_servers
from destat.macro.b2c.inputs import (
    B2CInputError,
    combine_inputs,
    from_table,
    read_groups,
    read_inputs,
    read_series_file,
)
from destat.macro.b2c.output import write_result

__all__ = [
    "EDITIONS",
    "B2CInputError",
    "B2CResult",
    "Edition",
    "Filled",
    "Method",
    "ServerScaling",
    "combine_inputs",
    "compute_index",
    "edition_rules",
    "fill_component",
    "from_table",
    "group_aggregates",
    "read_groups",
    "read_inputs",
    "read_series_file",
    "scale_servers",
    "value_for_year",
    "write_result",
]
