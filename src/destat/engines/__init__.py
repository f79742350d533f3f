"""Engines that run destat's SQL: DuckDB (default, embedded) and Spark (the ``spark`` extra).

Engines know SQL, not statistics. Each is a thin class: register a table, run a query built with
sqlglot, return Arrow. Dialect differences live in :mod:`destat.engines.dialect`.
"""

from __future__ import annotations

from destat.engines.base import Engine, get_engine

__all__ = ["Engine", "get_engine"]
