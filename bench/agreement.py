"""How closely the tools agree with R ``survey``: estimates, SEs and calibrated weights."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

KEYS = ["breakdown", "level", "variable"]


def read_estimates(out_dir: Path) -> pd.DataFrame | None:
    """A worker's estimates in long form, from Parquet (Python) or CSV (R), if it wrote any."""
    parquet, text = out_dir / "estimates.parquet", out_dir / "estimates.csv"
    if parquet.exists():
        return pd.read_parquet(parquet)
    if text.exists():
        return pd.read_csv(text, dtype={"level": str}, keep_default_na=False)
    return None


def _relative(ours: np.ndarray, reference: np.ndarray) -> float:
    """Largest relative difference where the reference is not zero, else absolute."""
    scale = np.where(reference == 0.0, 1.0, np.abs(reference))
    return float(np.max(np.abs(ours - reference) / scale)) if len(ours) else float("nan")


def compare_estimates(ours: pd.DataFrame, reference: pd.DataFrame) -> dict[str, Any]:
    """Largest relative differences of estimates and SEs, matched on breakdown, level, variable."""
    merged = reference.merge(ours, on=KEYS, how="left", suffixes=("_ref", ""))
    matched = merged.dropna(subset=["estimate", "se"])
    return {
        "cells": len(reference),
        "missing": len(merged) - len(matched),
        "estimate": _relative(matched["estimate"].to_numpy(), matched["estimate_ref"].to_numpy()),
        "se": _relative(matched["se"].to_numpy(), matched["se_ref"].to_numpy()),
    }


def compare_weights(ours: Path, reference: Path) -> dict[str, Any]:
    """Largest relative difference between destat's (.npy) and R's (raw doubles) weights."""
    mine, theirs = np.load(ours), np.fromfile(reference, dtype=np.float64)
    if len(mine) != len(theirs):
        return {"rows": len(theirs), "error": f"{len(mine)} weights against {len(theirs)}"}
    return {"rows": len(theirs), "weights": _relative(mine, theirs)}
