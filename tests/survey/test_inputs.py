"""Every supported input gives the same estimates: files, data frames, Arrow, DuckDB."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat
import pytest

import destat

COLUMNS = ["stype", "pw", "fpc", "api00", "sch.wide"]


def _frame(apistrat: pd.DataFrame) -> pd.DataFrame:
    # A column name with a space, as NSO files have, beside R's dotted names.
    return apistrat[COLUMNS].rename(columns={"api00": "api 2000"})


def _csv(frame: pd.DataFrame, path: Path) -> Any:
    frame.to_csv(path / "s.csv", index=False)
    return path / "s.csv"


def _parquet(frame: pd.DataFrame, path: Path) -> Any:
    pq.write_table(pa.Table.from_pandas(frame), path / "s.parquet")
    return str(path / "s.parquet")


def _excel(frame: pd.DataFrame, path: Path) -> Any:
    frame.to_excel(path / "s.xlsx", index=False)
    return path / "s.xlsx"


def _spss(frame: pd.DataFrame, path: Path) -> Any:
    # SPSS names cannot hold spaces or dots: the file carries its own names.
    renamed = frame.rename(columns={"api 2000": "api2000", "sch.wide": "schwide"})
    pyreadstat.write_sav(renamed, str(path / "s.sav"))
    return path / "s.sav"


def _stata(frame: pd.DataFrame, path: Path) -> Any:
    renamed = frame.rename(columns={"api 2000": "api2000", "sch.wide": "schwide"})
    pyreadstat.write_dta(renamed, str(path / "s.dta"))
    return path / "s.dta"


def _pandas(frame: pd.DataFrame, path: Path) -> Any:
    return frame


def _polars(frame: pd.DataFrame, path: Path) -> Any:
    return pl.from_pandas(frame)


def _arrow(frame: pd.DataFrame, path: Path) -> Any:
    return pa.Table.from_pandas(frame, preserve_index=False)


def _duckdb(frame: pd.DataFrame, path: Path) -> Any:
    connection = duckdb.connect()
    connection.register("frame", frame)
    return connection.sql("SELECT * FROM frame")


READERS: dict[str, Callable[[pd.DataFrame, Path], Any]] = {
    "csv": _csv,
    "parquet": _parquet,
    "excel": _excel,
    "spss": _spss,
    "stata": _stata,
    "pandas": _pandas,
    "polars": _polars,
    "arrow": _arrow,
    "duckdb": _duckdb,
}


@pytest.mark.parametrize("kind", READERS)
def test_every_input_gives_the_same_estimates(
    kind: str, apistrat: pd.DataFrame, tmp_path: Path
) -> None:
    frame = _frame(apistrat)
    data = READERS[kind](frame, tmp_path)
    short = kind in ("spss", "stata")
    value, flag = ("api2000", "schwide") if short else ("api 2000", "sch.wide")
    design = destat.Design(data, weights="pw", strata="stype", fpc="fpc")
    mean = design.mean(value, by=["stype"]).to_pandas()
    share = design.proportion(flag).to_pandas()
    # R survey: svyby(~api00, ~stype, dstrat, svymean) and svymean(~sch.wide, dstrat)
    np.testing.assert_allclose(mean["estimate"], [674.43, 625.82, 636.60], rtol=1e-12)
    np.testing.assert_allclose(
        mean["se"], [12.3824797939073, 14.9371291853931, 16.2147073081845], rtol=1e-12
    )
    assert share["level"].tolist() == ["No", "Yes"]
    np.testing.assert_allclose(share["estimate"].sum(), 1.0, rtol=1e-12)
