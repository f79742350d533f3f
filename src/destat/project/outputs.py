"""Writing a run's outputs: tables in Parquet, CSV and Excel, and SDMX, swapped in whole."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from destat.survey.validation.report import safe_for_spreadsheets


def write_tables(folder: Path, tables: Mapping[str, pd.DataFrame], formats: Sequence[str]) -> None:
    """Each table in each format; text cells of Excel and CSV files cannot start a formula."""
    for name, frame in tables.items():
        safe = safe_for_spreadsheets(frame)
        if "parquet" in formats:
            frame.to_parquet(folder / f"{name}.parquet", index=False)
        if "csv" in formats:
            safe.to_csv(folder / f"{name}.csv", index=False)
        if "xlsx" in formats:
            safe.to_excel(folder / f"{name}.xlsx", index=False, sheet_name=name[:31])


def swap_in(target: Path, write: Callable[[Path], None]) -> None:
    """Write into a fresh folder beside ``target``, then put it in ``target``'s place, so that
    ``target`` always holds one whole run's outputs."""
    staging = target.with_name(f".{target.name}.new-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        write(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
