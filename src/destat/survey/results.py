"""Frozen, typed results of an estimate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd
import pyarrow as pa

COLUMNS = ("variable", "level", "estimate", "se", "ci_low", "ci_high", "cv", "deff", "n", "df")


@dataclass(frozen=True)
class Estimate:
    """Estimates with standard errors: one row per domain (and level, for proportions).

    ``excluded`` counts rows left out of some domain and why (for example rows whose breakdown
    value is missing), so that nothing is dropped silently.
    """

    kind: str
    by: tuple[str, ...]
    table: pa.Table
    interval: str
    excluded: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def to_pandas(self) -> pd.DataFrame:
        """The estimates as a pandas DataFrame."""
        frame: pd.DataFrame = self.table.to_pandas()
        return frame

    def to_arrow(self) -> pa.Table:
        """The estimates as an Arrow table."""
        return self.table

    def __repr__(self) -> str:
        head = f"<Estimate {self.kind} by {list(self.by)}: {self.table.num_rows} rows>"
        return f"{head}\n{self.to_pandas()}"
