"""The default engine: DuckDB, embedded, in memory or on a project's database file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
from sqlglot import exp

from destat.engines.base import Engine
from destat.engines.sql import table


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

    def create_table(self, name: str, query: exp.Query) -> None:
        create = exp.Create(this=table(name), kind="TABLE", replace=True, expression=query)
        self.connection.execute(self.sql(create))

    def query(self, query: exp.Query) -> pa.Table:
        return self.connection.sql(self.sql(query)).to_arrow_table()

    def schema(self, name: str) -> pa.Schema:
        return self.query(exp.select("*").from_(table(name)).limit(0)).schema
