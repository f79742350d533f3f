"""The engine interface and the engine factory."""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod

import pandas as pd
import pyarrow as pa
from sqlglot import exp

from destat.errors import ConfigError

_counter = itertools.count()


class Engine(ABC):
    """Runs SQL expressions against registered tables and returns Arrow tables."""

    #: the sqlglot dialect the engine speaks
    dialect: str = ""
    #: the name users give in ``engine=...``
    name: str = ""

    @abstractmethod
    def register(self, name: str, data: pa.Table) -> None:
        """Make an Arrow table queryable under ``name`` (replacing any table of that name)."""

    @abstractmethod
    def query(self, query: exp.Query) -> pa.Table:
        """Run ``query`` and return its result."""

    def frame(self, query: exp.Query) -> pd.DataFrame:
        """Run ``query`` and return its result as a pandas DataFrame."""
        result: pd.DataFrame = self.query(query).to_pandas()
        return result

    def sql(self, query: exp.Expr) -> str:
        """Render an expression in this engine's dialect."""
        return query.sql(dialect=self.dialect)

    def temp_name(self, prefix: str) -> str:
        """A fresh table name, unique within this process."""
        return f"__destat_{prefix}_{next(_counter)}"


def get_engine(engine: str | Engine = "duckdb") -> Engine:
    """Return an engine instance from a name (``"duckdb"``, ``"spark"``) or pass one through."""
    if isinstance(engine, Engine):
        return engine
    if engine == "duckdb":
        from destat.engines.duckdb_engine import DuckDBEngine

        return DuckDBEngine()
    if engine == "spark":
        from destat.engines.spark_engine import SparkEngine

        return SparkEngine()
    raise ConfigError(f"Unknown engine {engine!r}: expected 'duckdb' or 'spark'.")
