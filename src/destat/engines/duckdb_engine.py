"""The default engine: DuckDB, embedded, in memory or on a project's database file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
from sqlglot import exp

from destat.engines.base import Engine


class DuckDBEngine(Engine):
    """DuckDB connection wrapper; ``path=None`` keeps everything in memory."""

    dialect = "duckdb"
    name = "duckdb"

    def __init__(self, path: str | Path | None = None) -> None:
        self.connection = duckdb.connect(str(path) if path else ":memory:")

    def register(self, name: str, data: pa.Table) -> None:
        # A view over the Arrow data: no copy, and DuckDB scans Arrow columns about as fast as
        # its own tables for these aggregations.
        self.connection.register(name, data)

    def query(self, query: exp.Query) -> pa.Table:
        return self.connection.sql(self.sql(query)).to_arrow_table()
