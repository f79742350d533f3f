"""The scale-out engine: Apache Spark (the ``spark`` extra), local or on a cluster.

The same sqlglot expressions as on DuckDB are rendered in Spark SQL. A session is created on
first use (``local[*]`` unless one is given or already active) and shared by all engines.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pyarrow as pa
from sqlglot import exp

from destat.engines.base import Engine
from destat.errors import EngineUnavailableError

_session: Any = None


def default_session() -> Any:
    """The active Spark session, or a new local one tuned for small shuffles.

    A local session's Python workers run this interpreter (so that destat and its dependencies
    are there) unless ``PYSPARK_PYTHON`` says otherwise."""
    global _session
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise EngineUnavailableError(
            "The Spark engine needs PySpark and Java 17+: pip install 'destat[spark]'."
        ) from error
    if _session is None:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        _session = SparkSession.getActiveSession() or (
            SparkSession.builder.master("local[*]")
            .appName("destat")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        _session.sparkContext.setLogLevel("ERROR")
        context = _session.sparkContext
        if context.master.startswith("local"):
            # An active session started elsewhere took its workers' Python from the environment
            # of its time: often the ``python3`` on the PATH, without destat. Jobs read this
            # attribute when they are submitted.
            context.pythonExec = os.environ.get("PYSPARK_PYTHON", sys.executable)
    return _session


class SparkEngine(Engine):
    """Spark SQL over temporary views."""

    dialect = "spark"
    name = "spark"

    def __init__(self, session: Any = None) -> None:
        self.session = session if session is not None else default_session()

    def register(self, name: str, data: pa.Table) -> None:
        frame = self.session.createDataFrame(data)
        frame.createOrReplaceTempView(name)

    def query(self, query: exp.Query) -> pa.Table:
        result: pa.Table = self.session.sql(self.sql(query)).toArrow()
        return result
