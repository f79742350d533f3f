"""The demo country's macro sources: SBS, merchandise trade, services trade, a survey of
services exporters and the B2C E-commerce Index components, with their true values.
See ``docs/demo-country.md``."""

from __future__ import annotations

from destat.demo.macro.b2c import REFERENCE_YEAR, b2c_tables, groups_table
from destat.demo.macro.economy import DEMO_ECONOMY, NEIGHBOURS, REGIONS, MacroTables
from destat.demo.macro.files import MacroFiles, generate_macro_inputs, macro_section

__all__ = [
    "DEMO_ECONOMY",
    "NEIGHBOURS",
    "REFERENCE_YEAR",
    "REGIONS",
    "MacroFiles",
    "MacroTables",
    "b2c_tables",
    "generate_macro_inputs",
    "groups_table",
    "macro_section",
]
