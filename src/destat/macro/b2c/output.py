"""Writing an edition's tables, stamped with the edition in name and content, as CSV and Parquet.

Files of other editions in the same folder are kept; an edition's files are replaced whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from destat.macro.b2c.index import B2CResult
from destat.project.outputs import write_tables

__all__ = ["write_result"]


def write_result(
    result: B2CResult, out_dir: Path, formats: Sequence[str] = ("csv", "parquet")
) -> list[Path]:
    """Write ``b2c_index_<edition>``, ``b2c_excluded_<edition>`` and ``b2c_groups_<edition>``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    edition = result.edition.year
    tables = {
        f"b2c_index_{edition}": result.economies,
        f"b2c_excluded_{edition}": result.excluded,
        f"b2c_groups_{edition}": result.aggregates,
    }
    # Text columns as object dtype, so that write_tables neutralises formula-like cells in them.
    texts = {name: _text_as_object(frame) for name, frame in tables.items()}
    write_tables(out_dir, texts, formats)
    return [out_dir / f"{name}.{fmt}" for name in tables for fmt in formats]


def _text_as_object(frame: pd.DataFrame) -> pd.DataFrame:
    text = [name for name in frame.columns if not pd.api.types.is_numeric_dtype(frame[name])]
    return frame.astype(dict.fromkeys(text, object))
