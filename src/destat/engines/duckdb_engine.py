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
        view = self.temp_name("arrow")
        self.connection.register(view, data)
        try:
            self.connection.execute(
                f"CREATE OR REPLACE TABLE {_quote(name)} AS SELECT * FROM {_quote(view)}"
            )
        finally:
            self.connection.unregister(view)

    def create_table(self, name: str, query: exp.Query) -> None:
        self.connection.execute(f"CREATE OR REPLACE TABLE {_quote(name)} AS {self.sql(query)}")

    def query(self, query: exp.Query) -> pa.Table:
        return self.connection.sql(self.sql(query)).to_arrow_table()

    def schema(self, name: str) -> pa.Schema:
        return self.connection.sql(f"SELECT * FROM {_quote(name)} LIMIT 0").to_arrow_table().schema


def _quote(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql(dialect="duckdb")
