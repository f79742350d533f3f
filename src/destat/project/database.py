"""The project's DuckDB database: every step's tables, replaced together or not at all."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
from sqlglot import exp

from destat.engines.sql import table

DATABASE_FILE = "destat.duckdb"


def replace_tables(path: Path, tables: Mapping[str, pd.DataFrame], summary: str) -> None:
    """Replace ``tables`` and log the run in one transaction: a failure leaves the previous
    run's tables exactly as they were."""
    connection = duckdb.connect(str(path))
    try:
        connection.execute("BEGIN TRANSACTION")
        for name, frame in tables.items():
            view = f"__destat_new_{name}"
            connection.register(view, frame)
            create = exp.Create(
                this=table(name),
                kind="TABLE",
                replace=True,
                expression=exp.select("*").from_(table(view)),
            )
            connection.execute(create.sql(dialect="duckdb"))
            connection.unregister(view)
        connection.execute("CREATE TABLE IF NOT EXISTS runs (finished TIMESTAMPTZ, summary TEXT)")
        connection.execute("INSERT INTO runs VALUES (?, ?)", [datetime.now(UTC), summary])
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()


def read_table(path: Path, name: str) -> pd.DataFrame:
    """A table of the project database, as a DataFrame."""
    connection = duckdb.connect(str(path), read_only=True)
    try:
        frame: pd.DataFrame = connection.sql(
            exp.select("*").from_(table(name)).sql(dialect="duckdb")
        ).df()
        return frame
    finally:
        connection.close()
